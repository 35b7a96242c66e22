"""`zonemetrics report`: one zone's report as a self-contained HTML file (and a PDF)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import store_for_reading
from zonemetrics.cli.render import console
from zonemetrics.errors import ZonemetricsError

LANGS = ("en", "zh")


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        ctx: typer.Context,
        zone: Annotated[str, typer.Argument(help="The zone (code, Chinese or English name).")],
        out: Annotated[Path, typer.Option("--out", help="Folder to write the report into.")],
        year: Annotated[
            int | None,
            typer.Option("--year", help="Year of ranks and statements (default: latest GDP)."),
        ] = None,
        lang: Annotated[
            str, typer.Option("--lang", help="Language: en, zh, or both (en,zh).")
        ] = "en",
        pdf: Annotated[
            bool, typer.Option("--pdf", help="Also print a PDF through headless Chromium.")
        ] = False,
    ) -> None:
        """Write ZONE-LANG.html: profile, indicators over time with tables, ranks among
        peers, the composite index, statements with receipts, what the ledger does not
        know and every source cited. It opens with no network (everything inlined)."""
        langs = tuple(part.strip() for part in lang.split(",") if part.strip())
        unknown = [part for part in langs if part not in LANGS]
        if unknown or not langs:
            raise ZonemetricsError(f"--lang {lang}: use en, zh or en,zh")
        from zonemetrics.publish.report import write_report

        store = store_for_reading(ctx)
        try:
            paths = write_report(store, zone, out, year=year, langs=langs, pdf=pdf)
        finally:
            store.close()
        for path in paths:
            console.print(str(path), highlight=False)
