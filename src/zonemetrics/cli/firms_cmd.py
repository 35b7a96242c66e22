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


RULE_HELP = "Rule to assess against: hnte, innovative_sme, specialized_sme or little_giant."


def _shown(value: object, unit: str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if unit == "share":
        return f"{value:.2%}"
    if unit == "yuan":
        return format_number(value)
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _leaf_rows(firm: str, criteria: list[dict], depth: int = 0) -> list[list[str]]:
    rows = []
    mark = {True: "pass", False: "FAIL", None: "missing"}
    for c in criteria:
        label = "  " * depth + f"{c['id']} ({c['clause']})"
        if c.get("parts"):
            rows.append([firm, label, c["combine"], "", "", mark[c["passed"]]])
            rows += _leaf_rows(firm, c["parts"], depth + 1)
        else:
            margin = c["margin"]
            rows.append(
                [
                    firm,
                    label,
                    _shown(c["value"], c["unit"]),
                    _shown(c["threshold"], c["unit"]),
                    "" if margin is None else _shown(margin, c["unit"]),
                    mark[c["passed"]],
                ]
            )
        firm = ""
    return rows


def _score_rows(firm: str, scores: list[dict]) -> list[list[str]]:
    """Each points-table category and item: points of max, or what evidence it lacks."""
    rows = []
    for score in scores:
        given = " (given in the file)" if score["given_in_file"] else ""
        rows.append(
            [firm, f"{score['id']} ({score['clause']}){given}", _shown(score["points"], None), ""]
        )
        firm = ""
        for item in score["items"]:
            lacking = ", ".join(item["missing_evidence"])
            rows.append(
                [
                    "",
                    f"  {item['id']} ({item['clause']})",
                    _shown(item["points"], None)
                    if item["points"] is not None
                    else f"— needs {lacking}",
                    _shown(item["max"], None),
                ]
            )
    return rows


@firms_app.command("assess")
def assess_command(
    path: Annotated[
        Path,
        typer.Argument(help="Firm evidence, one row per firm-year (CSV or Parquet)."),
    ],
    rule: Annotated[str, typer.Option("--rule", help=RULE_HELP)] = "hnte",
    year: Annotated[
        int | None,
        typer.Option("--year", help="Use the rule version in force that year (default: latest)."),
    ] = None,
    closest: Annotated[
        int, typer.Option("--closest", min=0, help="How many near-qualifiers to list.")
    ] = 10,
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Assess firms against certification criteria: pass or fail per firm, each criterion
    with its value, threshold and margin, missing evidence, and the firms closest to
    qualifying (a cultivation list). A bad file is rejected whole, naming row and column."""
    import ibis

    from zonemetrics.firms.assess import assess
    from zonemetrics.firms.evidence import load_evidence
    from zonemetrics.firms.rules import rule_for

    version = rule_for(rule, year)
    engine = ibis.duckdb.connect()
    try:
        result = assess(load_evidence(engine, path, version), version, closest)
    finally:
        engine.disconnect()
    if json:
        print_json(result.as_dict())
        return
    rows = []
    for firm in result.firms:
        who = f"{firm.get('name') or firm['uscc']} {firm['year']}: {firm['verdict']}"
        rows += _leaf_rows(who, firm["criteria"])
    print_table(
        f"{version.name_en} · {version.name_zh} ({version.document}, from {version.from_year})",
        ["firm", "criterion (clause)", "value", "threshold", "margin", "result"],
        rows,
        caption=", ".join(f"{k}: {v}" for k, v in sorted(result.counts.items())),
    )
    scored = [f for f in result.firms if f.get("scores")]
    if scored:
        print_table(
            "Evaluation points · 评价得分 (scored from the rule's points table)",
            ["firm", "category / indicator (clause)", "points", "of"],
            [
                row
                for f in scored
                for row in _score_rows(f"{f.get('name') or f['uscc']} {f['year']}", f["scores"])
            ],
        )
    if result.cultivation:
        print_table(
            "Closest to qualifying (cultivation list) · 培育库",
            ["firm", "year", "failed criteria", "missing", "shortfall"],
            [
                [
                    f.get("name") or f["uscc"],
                    f["year"],
                    ", ".join(c["id"] for c in f["criteria"] if c["passed"] is False),
                    ", ".join(f["missing_evidence"]) or "—",
                    f"{f['shortfall']:.3f}",
                ]
                for f in result.cultivation
            ],
            caption="ordered by failed criteria, then missing evidence, then the summed "
            "shortfall as a share of each threshold",
        )


@firms_app.command("load")
def load_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A CSV, XLSX or Parquet file of the table.")],
    table: Annotated[
        str,
        typer.Option("--table", help="Which table: firms, firm_facts or certifications."),
    ],
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Load firms (placed in county and zone by their address), yearly facts or
    certifications into the store; a bad row rejects the file, naming row and column."""
    from zonemetrics.cli.common import store_for_writing
    from zonemetrics.firms.registry import REQUIRED, load_firm_table

    if table not in REQUIRED:
        raise typer.BadParameter(f"--table must be one of {', '.join(REQUIRED)}")
    added = load_firm_table(store_for_writing(ctx), path, table)
    if json:
        print_json({"file": str(path), "table": table, "rows_added": added})
        return
    console.print(f"{path}: {added:,} rows added to {table}", highlight=False)


@firms_app.command("count")
def count_command(
    ctx: typer.Context,
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Also write the counts to the ledger as observations with receipts."
        ),
    ] = False,
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Zone-year counts from the firm registry: firms newly certified and holding a valid
    certificate per kind, R&D totals and intensity (firms lacking revenue left out)."""
    from zonemetrics.cli.common import store_for_reading, store_for_writing
    from zonemetrics.firms.bottom_up import certified_counts, rd_totals, write_bottom_up

    store = store_for_writing(ctx) if write else store_for_reading(ctx)
    counts = certified_counts(store).drop("ingests", "source_ids").to_pyarrow().to_pylist()
    totals = rd_totals(store).drop("ingests", "source_ids").to_pyarrow().to_pylist()
    written = write_bottom_up(store) if write else None
    if json:
        print_json({"certified": counts, "rd": totals, "observations_written": written})
        return
    print_table(
        "Certified firms by zone and year · 认定企业",
        ["zone", "year", "kind", "newly recognised", "valid at year end"],
        [[r["zone_id"], r["year"], r["kind"], r["new_firms"], r["valid_firms"]] for r in counts],
    )
    print_table(
        "R&D from firm facts · 企业研发投入",
        ["zone", "year", "R&D (yuan)", "firms", "R&D intensity"],
        [
            [
                r["zone_id"],
                r["year"],
                format_number(r["rd_expenditure"]),
                r["reporting_firms"],
                None if r["rd_intensity"] is None else f"{r['rd_intensity']:.2f}%",
            ]
            for r in totals
        ],
        caption=None if written is None else f"{written} observations written to the ledger",
    )


@firms_app.command("chains")
def chains_command(
    ctx: typer.Context,
    zone: Annotated[str | None, typer.Option("--zone", help="Only this zone's chains.")] = None,
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Industrial chains: links from upstream to downstream with their firms (leaders
    marked), the links no firm is placed in (gaps), and firms whose link is unknown."""
    from zonemetrics.chains.report import chain_report
    from zonemetrics.cli.common import store_for_reading
    from zonemetrics.ledger.aliases import resolve_zone

    store = store_for_reading(ctx)
    chains = chain_report(store, resolve_zone(store, zone) if zone else None)
    if json:
        print_json(chains)
        return
    for chain in chains:
        print_table(
            f"{chain['name_zh']} · {chain['name_en']} ({chain['zone_id']}, {chain['source_id']})",
            ["segment", "link", "firms", "leaders"],
            [
                [
                    link["segment"],
                    f"{link['name_zh']} {link['name_en']}",
                    ", ".join(link["firms"]) or "— gap —",
                    ", ".join(link["leaders"]),
                ]
                for link in chain["links"]
            ]
            + [["?", "link not known", ", ".join(chain["firms_without_link"]), ""]]
            * bool(chain["firms_without_link"]),
            caption=f"gaps: {', '.join(chain['gaps']) or 'none'}",
        )


@firms_app.command("platforms")
def platforms_command(
    ctx: typer.Context,
    zone: Annotated[str, typer.Argument(help="Zone id or any of its names (湘江新区).")],
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """A zone's innovation platforms by level, and its share of its province's platforms
    of each level among those the ledger holds."""
    from zonemetrics.chains.report import platform_report
    from zonemetrics.cli.common import store_for_reading
    from zonemetrics.ledger.aliases import resolve_zone

    store = store_for_reading(ctx)
    report = platform_report(store, resolve_zone(store, zone))
    if json:
        print_json(report)
        return
    print_table(
        f"Platforms of {report['zone']} · 创新平台",
        ["level", "in the zone", f"in {report['province']} (held)", "share"],
        [
            [r["level"], r["zone_count"], r["province_count"], f"{r['share_of_province']:.0%}"]
            for r in report["by_level"]
        ],
        caption="; ".join(
            f"{p['name_zh']} ({p['kind']}, {p['source_id']})" for p in report["platforms"]
        ),
    )


@synth_app.command("registry")
def synth_registry(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the CSV files to.")],
    firms: Annotated[int, typer.Option("--firms", min=1, help="Number of firms.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same files.")] = 0,
    province: Annotated[
        str, typer.Option("--province", help="2-digit division code of the province (43 Hunan).")
    ] = "43",
    json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
) -> None:
    """Write a SYNTHETIC firm registry (sources, firms, firm_facts, certifications CSVs):
    valid credit codes, real counties, skewed sizes, certifications where the synthetic
    facts meet the official thresholds. No row is a real firm."""
    from zonemetrics.firms.synth_registry import write_synthetic_registry

    files = write_synthetic_registry(out, firms, seed, province)
    if json:
        print_json({k: str(v) for k, v in vars(files).items()})
        return
    console.print(
        f"wrote a SYNTHETIC registry to {files.folder}: {files.firms:,} firms, {files.facts:,} "
        f"firm-years, {files.certifications:,} certifications (source {files.source_id}); load "
        "with `zonemetrics ingest sources.csv` then `zonemetrics firms load FILE --table ...`",
        highlight=False,
    )
