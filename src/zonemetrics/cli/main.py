"""The `zonemetrics` command: global options and the command groups."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli import coverage, demo, exports, indicators, ingest, ledger
from zonemetrics.cli.render import errors
from zonemetrics.errors import ZonemetricsError

app = typer.Typer(
    name="zonemetrics",
    help="A sourced ledger of development-zone indicators (China's state-level new areas).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def global_options(
    ctx: typer.Context,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            envvar="ZONEMETRICS_STORE",
            help="The DuckDB store file (default: under the user data directory).",
        ),
    ] = None,
) -> None:
    ctx.obj = {"store": store}


for module in (demo, ingest, ledger, indicators, coverage, exports):
    module.register(app)

try:  # the composite index engine is its own command group
    from zonemetrics.cli.index_cmd import app as index_app
except ImportError:  # pragma: no cover - only while the module is absent
    index_app = None
if index_app is not None:
    app.add_typer(index_app, name="index", help="Composite indices in COINr's layout.")


def main() -> None:
    try:
        app()
    except ZonemetricsError as error:
        errors.print(f"[bold red]error:[/] {error}", highlight=False)
        sys.exit(1)
