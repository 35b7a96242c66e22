"""`zonemetrics synth firms` and `zonemetrics firms aggregate`: parse, call, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import JSON_HELP
from zonemetrics.cli.render import console, format_number, print_json, print_table, progress_bar
from zonemetrics.firms import FIRST_YEAR, LAST_YEAR

# the engines, Ibis, numpy and pyarrow are imported inside the commands that use them,
# so that `zonemetrics --help` does not pay for them

synth_app = typer.Typer(help="Synthetic data for tests and benchmarks, labelled as such.")
firms_app = typer.Typer(help="Firm-year tables: aggregate firms to zone indicators.")

BACKEND_HELP = (
    "Where to compute: duckdb (default, in memory), duckdb://PATH, pyspark (local Spark), "
    "spark://HOST:PORT, or postgres://USER:PASS@HOST:PORT/DB."
)


@synth_app.command("firms")
def synth_firms(
    out: Annotated[Path, typer.Option("--out", help="The Parquet file to write.")],
    rows: Annotated[
        int, typer.Option("--rows", min=0, help="Firm-year rows to write.")
    ] = 1_000_000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed and rows, same file.")] = 0,
    first_year: Annotated[
        int, typer.Option("--first-year", help="First year of the synthetic panel.")
    ] = FIRST_YEAR,
    last_year: Annotated[
        int, typer.Option("--last-year", help="Last year of the synthetic panel.")
    ] = LAST_YEAR,
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Write a SYNTHETIC firm-year Parquet table (19 new areas, skewed firm sizes).

    No row is a real firm: the file says so in its metadata and in a `synthetic` column.
    """
    from zonemetrics.firms.synth import write_synthetic_firms

    if last_year < first_year:
        raise typer.BadParameter("--last-year is before --first-year")
    with progress_bar(not json) as progress:
        update = None
        if progress is not None:
            task = progress.add_task(f"synthetic firms -> {out.name}", total=rows)

            def update(done: int, _total: int) -> None:
                progress.update(task, completed=done)

        report = write_synthetic_firms(
            out, rows, seed, years=(first_year, last_year), on_progress=update
        )
    if json:
        print_json(report.to_dict())
        return
    console.print(
        f"wrote {report.rows:,} SYNTHETIC firm-year rows ({report.firms:,} firms, "
        f"{report.first_year}-{report.last_year}, seed {report.seed}) to {report.path} "
        f"({report.bytes / 2**20:,.1f} MiB)",
        highlight=False,
    )


@firms_app.command("aggregate")
def aggregate(
    path: Annotated[
        Path, typer.Argument(exists=True, help="A firm-year Parquet file (or folder of them).")
    ],
    backend: Annotated[str | None, typer.Option("--backend", help=BACKEND_HELP)] = None,
    year: Annotated[int | None, typer.Option("--year", help="Show one year only.")] = None,
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Zone-year indicators from firm-year rows: totals, R&D intensity, counts, ranks."""
    from zonemetrics.engines import DEFAULT_BACKEND, connect_backend, redact, register_table
    from zonemetrics.firms.aggregate import RD_INTENSITY_DEFINITION, indicator_rows
    from zonemetrics.firms.synth import is_synthetic

    backend = backend or DEFAULT_BACKEND
    engine = connect_backend(backend)
    try:
        rows = indicator_rows(register_table(engine, "firm_years", path))
    finally:
        engine.disconnect()
    if year is not None:
        rows = [row for row in rows if row["year"] == year]
    if json:
        print_json(rows)
        return
    synthetic = path.is_file() and is_synthetic(path)
    title = "Zone-year indicators from firms" + (" (SYNTHETIC data)" if synthetic else "")
    columns = ["zone", "year", "firms", "revenue (yuan)", "R&D (yuan)", "R&D intensity"]
    columns += ["rank", "high-tech", "specialized SMEs"]
    table = [
        [
            row["zone_id"],
            row["year"],
            format_number(row["firms"]),
            format_number(row["revenue"]),
            format_number(row["rd_expense"]),
            None if row["rd_intensity"] is None else f"{row['rd_intensity']:.2%}",
            None
            if row["rd_intensity_rank"] is None
            else f"{row['rd_intensity_rank']} of {row['ranked_zones']}",
            format_number(row["high_tech_firms"]),
            format_number(row["specialized_smes"]),
        ]
        for row in rows
    ]
    caption = (
        f"computed on {redact(backend)}; rank 1 = highest R&D intensity, ties share the "
        f"best rank. {RD_INTENSITY_DEFINITION}"
    )
    print_table(title, columns, table, caption=caption)
