"""The `zonemetrics` command: global options and the command groups."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.lazy import LazyCommand, lazy_group

# Settings shared by the root group and every command built lazily under it
SETTINGS = {
    "pretty_exceptions_enable": False,
    # plain Click help: Typer's Rich help formatter imports markdown-it, rich.syntax and
    # rich.traceback (a third of a second), which would put `--help` over its 0.3 s
    "rich_markup_mode": None,
}

# name -> where the command is registered, and its one-line help (the command's own
# docstring, first paragraph; tests/cli/test_lazy.py keeps them equal). Order is the
# order `--help` lists them in.
COMMANDS: dict[str, LazyCommand] = {
    name: LazyCommand(loader, help)
    for name, loader, help in (
        ("demo", "zonemetrics.cli.demo:register",
         "Build a fresh store from the bundled data (a file there that the demo did not "
         "build, or that was added to since, is renamed aside, never deleted); print the "
         "19 new areas with their latest GDP, source and conflicts, the 2023 GDP ranking "
         "and the founding report's figures computed from the ledger."),
        ("ingest", "zonemetrics.cli.ingest:register",
         "Import files; a file with any bad row imports nothing and the error names the "
         "file, row, column and reason."),
        ("zones", "zonemetrics.cli.ledger:register",
         "List zones with their names in Chinese and English."),
        ("show", "zonemetrics.cli.ledger:register",
         "Every indicator and period held for a zone: preferred value, caliber, source, "
         "and how many other values stand beside it."),
        ("sources", "zonemetrics.cli.ledger:register",
         "Every source, with its reliability tier and how many values it gives."),
        ("conflicts", "zonemetrics.cli.ledger:register",
         "Figures on which sources disagree beyond their rounding, side by side."),
        ("rank", "zonemetrics.cli.indicators:register",
         "Rank a peer set on an indicator: min-rank ties, the peer set and how many peers "
         "had data, bound-only and missing peers, mixed calibers flagged, and any rank a "
         "source reports shown beside the computed one; each source with its tier."),
        ("rank-change", "zonemetrics.cli.indicators:register",
         "Each peer's rank in two years and how far it moved."),
        ("derive", "zonemetrics.cli.indicators:register",
         "Values of a derived indicator with receipts (the observations and sources used)."),
        ("crossing", "zonemetrics.cli.indicators:register",
         'When a zone\'s indicator first went above a threshold ("surpassed five percent '
         'for the first time"), and whether the ledger can establish it.'),
        ("coverage", "zonemetrics.cli.coverage:register",
         "The zone x topic x year matrix: filled, conflicting, bound only, missing (and "
         "whether it was searched for), the share filled, and the share of values from "
         "official or major-media sources."),
        ("export", "zonemetrics.cli.exports:register",
         "Export every observation with its source, zone names in Chinese and English, "
         "values in 亿元 and %, the preferred value and conflicts marked, derived values "
         "and ranks with their receipts: CSV, Parquet, XLSX, a Frictionless data package "
         "or SDMX-CSV."),
        ("narrate", "zonemetrics.cli.narrative:register",
         "Statements about a zone and year written from the ledger, in English or "
         "Chinese, each with a receipt: the observations and derived values used, their "
         "sources, and for ranks the peer set and how many peers had data."),
        ("check", "zonemetrics.cli.narrative:register",
         "Every quantitative claim in a text, with a verdict (supported, contradicted, "
         "supported for another period or area definition, not checkable) and evidence "
         "that is independent of the text."),
        ("harvest", "zonemetrics.cli.harvest:register",
         "Read a bulletin, report or article (Chinese or English) from a web page, a file "
         "or a folder of files, and record every figure it states as a pending candidate "
         "sourced to it, with its sentence."),
        ("indicators", "zonemetrics.cli.tables:register",
         "Every indicator code with its names (English, Chinese), unit, kind, and how "
         "many zones and years hold a value of it."),
        ("table", "zonemetrics.cli.tables:register",
         "Zones x years of one indicator: the preferred value of each zone and year in "
         "亿元 or %, marked B (bound), Cn (n conflicting values), L (re-post or blog "
         "only), F (flagged by a plausibility check)."),
        ("compare", "zonemetrics.cli.tables:register",
         "Zones side by side over years, one zone x year table per indicator."),
        ("doctor", "zonemetrics.cli.doctor:register",
         "Check the store (schema version, every observation sourced, no orphan rows, "
         "finite values, every ingest complete) and show what it holds: rows per table, "
         "sources and observations by tier, the last ingest."),
        ("update-bundle", "zonemetrics.cli.doctor:register",
         "Add this version's bundled data to the store: new figures and sources, and a "
         "new vintage of any figure the bundle now states differently (the earlier value "
         "is kept as history)."),
        ("serve", "zonemetrics.cli.serve:register",
         "Serve the pages (map, zones, indicators, compare, check, sources) and /api/."),
        ("report", "zonemetrics.cli.report:register",
         "Write ZONE-LANG.html: profile, indicators over time with tables, ranks among "
         "peers, the composite index, statements with receipts, what the ledger does not "
         "know and every source cited."),
        ("candidates", "zonemetrics.cli.harvest:register",
         "Review harvested candidates: list, accept, reject."),
        ("index", "zonemetrics.cli.main:register_index", "Composite indices in COINr's layout."),
        ("synth", "zonemetrics.cli.main:register_synth",
         "Synthetic data for tests and benchmarks, labelled as such."),
        ("firms", "zonemetrics.cli.main:register_firms",
         "Firm-year tables: aggregate firms to zone indicators."),
    )
}  # fmt: skip


def register_index(app: typer.Typer) -> None:
    from zonemetrics.cli.index_cmd import app as index_app

    app.add_typer(index_app, name="index", help=COMMANDS["index"].help)


def register_synth(app: typer.Typer) -> None:
    from zonemetrics.cli.firms_cmd import synth_app

    app.add_typer(synth_app, name="synth", help=COMMANDS["synth"].help)


def register_firms(app: typer.Typer) -> None:
    from zonemetrics.cli.firms_cmd import firms_app

    app.add_typer(firms_app, name="firms", help=COMMANDS["firms"].help)


app = typer.Typer(
    name="zonemetrics",
    help="A sourced ledger of development-zone indicators (China's state-level new areas).",
    no_args_is_help=True,
    cls=lazy_group(COMMANDS, SETTINGS),
    **SETTINGS,
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


def main() -> None:
    """Run the CLI; an error reaches the user as one line naming what failed and why,
    never as a traceback, unless `--debug` asks for it."""
    from zonemetrics.errors import ZonemetricsError, explain

    debug = "--debug" in sys.argv[1:]
    try:
        app()
    except ZonemetricsError as error:
        if debug:
            raise
        _print_error(str(error))
    except Exception as error:  # a library's error: say it in one line
        message = explain(error)
        if debug:
            raise
        if message is None:
            message = f"unexpected {type(error).__name__}: {error} (run with --debug for details)"
        _print_error(message)


def _print_error(message: str) -> None:
    """One red line on stderr, then exit 1 (Rich is imported only when there is one)."""
    from zonemetrics.cli.render import errors

    errors.print(f"[bold red]error:[/] {message}", highlight=False)
    sys.exit(1)
