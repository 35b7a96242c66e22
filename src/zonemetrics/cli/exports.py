"""`zonemetrics export`: the whole ledger in open formats."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import store_for_reading
from zonemetrics.cli.render import console

# the export formats, named here for --help; the writers (pyarrow, openpyxl) load when
# the command runs
FORMATS = ("csv", "parquet", "xlsx", "datapackage", "sdmx-csv")


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        ctx: typer.Context,
        fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")],
        out: Annotated[
            Path,
            typer.Option(
                "--out", help="A folder (csv, parquet, datapackage) or a file (xlsx, sdmx-csv)."
            ),
        ],
    ) -> None:
        """Export every observation with its source: CSV, Parquet, XLSX, a Frictionless
        data package or SDMX-CSV."""
        from zonemetrics.publish.export import export

        for path in export(store_for_reading(ctx), fmt, out):
            console.print(f"wrote {path}")
