"""`zonemetrics export`: the ledger, or a selection of it, in open formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import store_for_reading
from zonemetrics.cli.render import console, progress_bar

# Kept here rather than imported from publish.export, which loads pyarrow: `--help`
# must stay fast. publish.export checks a format against its own list.
FORMATS = ("csv", "parquet", "xlsx", "datapackage", "sdmx-csv")


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        ctx: typer.Context,
        fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")],
        out: Annotated[
            Path,
            typer.Option(
                "--out",
                help="A folder (csv, parquet, datapackage) or a file (xlsx, sdmx-csv); "
                "never a symbolic link.",
            ),
        ],
        zones: Annotated[
            str | None,
            typer.Option("--zones", help="Only these zones, comma-separated: ids or names."),
        ] = None,
        indicators: Annotated[
            str | None,
            typer.Option("--indicators", help="Only these indicator codes, comma-separated."),
        ] = None,
        years: Annotated[
            str | None,
            typer.Option(
                "--years", help="Only periods including these years: 2018-2023, 2018,2020."
            ),
        ] = None,
        excel: Annotated[
            bool,
            typer.Option(
                "--excel",
                help="Write CSV files with a byte-order mark, so Excel (Chinese Windows "
                "too) reads them as UTF-8; without it CSV is plain UTF-8.",
            ),
        ] = False,
        raw_text: Annotated[
            bool,
            typer.Option(
                "--raw-text",
                help="Write text cells exactly as held; by default a text cell starting "
                "with = + - @, tab or CR gets a leading ' (OWASP CSV-injection guidance).",
            ),
        ] = False,
    ) -> None:
        """Export every observation with its source, zone names in Chinese and English,
        values in 亿元 and %, the preferred value and conflicts marked, derived values
        and ranks with their receipts: CSV, Parquet, XLSX, a Frictionless data package
        or SDMX-CSV. Files are written atomically: an interrupted export leaves no
        partial file under the real name."""
        from zonemetrics.indicators.tables import parse_list, parse_years
        from zonemetrics.publish.export import export
        from zonemetrics.publish.people import Selection

        store = store_for_reading(ctx)
        selection = Selection.of(
            store, parse_list(zones), parse_list(indicators), parse_years(years)
        )
        with progress_bar(True) as progress:
            step = None
            if progress is not None:
                task = progress.add_task("export", total=None)

                def step(label: str) -> None:
                    progress.update(task, description=label, advance=1)

            written = export(store, fmt, out, selection, excel=excel, raw_text=raw_text, step=step)
        for path in written:
            console.print(f"wrote {path}")
