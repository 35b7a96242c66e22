"""The `zonemetrics` command: global options and the command groups."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli import (
    coverage,
    demo,
    doctor,
    exports,
    harvest,
    indicators,
    ingest,
    ledger,
    narrative,
    report,
    serve,
    tables,
)
from zonemetrics.cli.firms_cmd import firms_app, synth_app
from zonemetrics.cli.index_cmd import app as index_app
from zonemetrics.cli.render import errors
from zonemetrics.errors import ZonemetricsError, explain

app = typer.Typer(
    name="zonemetrics",
    help="A sourced ledger of development-zone indicators (China's state-level new areas).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # plain Click help: Typer's Rich help formatter imports markdown-it, rich.syntax and
    # rich.traceback (a third of a second), which would put `--help` over its 0.3 s
    rich_markup_mode=None,
)


@app.callback()
def global_options(
    ctx: typer.Context,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            envvar="ZONEMETRICS_STORE",
            help="The DuckDB store file (default: under the user data directory, created "
            "from the bundled data on first use). A named store must exist unless --create.",
        ),
    ] = None,
    create: Annotated[
        bool,
        typer.Option(
            "--create",
            help="Create the --store file from the bundled data if it does not exist yet.",
        ),
    ] = False,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the full traceback of an error (for bug reports)."),
    ] = False,
) -> None:
    ctx.obj = {"store": store, "create": create, "debug": debug}


for module in (
    demo,
    ingest,
    ledger,
    indicators,
    coverage,
    exports,
    narrative,
    harvest,
    tables,
    doctor,
):
    module.register(app)
serve.register(app)
report.register(app)

app.add_typer(index_app, name="index", help="Composite indices in COINr's layout.")
app.add_typer(
    synth_app, name="synth", help="Synthetic data for tests and benchmarks, labelled as such."
)
app.add_typer(firms_app, name="firms", help="Firm-year tables: aggregate firms to zone indicators.")


def main() -> None:
    """Run the CLI; an error reaches the user as one line naming what failed and why,
    never as a traceback, unless `--debug` asks for it."""
    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except ZonemetricsError as error:
        if debug:
            raise
        errors.print(f"[bold red]error:[/] {error}", highlight=False)
        sys.exit(1)
    except Exception as error:  # a library's error: say it in one line
        message = explain(error)
        if debug:
            raise
        if message is None:
            message = f"unexpected {type(error).__name__}: {error} (run with --debug for details)"
        errors.print(f"[bold red]error:[/] {message}", highlight=False)
        sys.exit(1)
