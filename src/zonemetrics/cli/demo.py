"""`zonemetrics demo`: build a fresh store from the bundled data and show what it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import platformdirs
import typer

from zonemetrics.cli.common import JSON_HELP
from zonemetrics.cli.render import (
    console,
    errors,
    file_progress,
    print_derived,
    print_json,
    print_table,
    progress_bar,
    value_text,
)

RANK_YEAR = 2023


def demo_store_path() -> Path:
    return Path(platformdirs.user_data_dir("zonemetrics")) / "demo.duckdb"


def _source(row: dict) -> str | None:
    return f"{row['source_id']} [{row['tier']}]" if row.get("source_id") else None


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_command(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    ) -> None:
        """Build a fresh store from the bundled data (a file there that the demo did not
        build, or that was added to since, is renamed aside, never deleted); print the 19
        new areas with their latest GDP, source and conflicts, the 2023 GDP ranking and
        the founding report's figures computed from the ledger."""
        from zonemetrics.bundle import build_fresh_store
        from zonemetrics.indicators.highlights import zone_highlights
        from zonemetrics.indicators.rank import rank_with_reported
        from zonemetrics.ledger import queries
        from zonemetrics.narrative.generate import Narrator

        chosen = ctx.obj.get("store")
        path = Path(chosen).expanduser() if chosen else demo_store_path()
        with progress_bar(not as_json) as progress:
            store, aside = build_fresh_store(path, file_progress(progress))
        if aside is not None:
            errors.print(
                f"[yellow]{path} was not a store the demo built (or was added to since); "
                f"it is kept, renamed to {aside}[/]",
                highlight=False,
            )
        latest = queries.latest_values(store, "gdp", kind="new_area")
        ranking = rank_with_reported(store, "gdp", RANK_YEAR, "new_areas")
        highlights = zone_highlights(store, "xiangjiang")
        statements = {
            lang: Narrator(store).narrate("xiangjiang", RANK_YEAR, lang) for lang in ("en", "zh")
        }
        counts = {
            "observations": store.sql("SELECT count(*) FROM observations")[0][0],
            "sources": store.sql("SELECT count(*) FROM sources")[0][0],
            "conflicting_figures": len(queries.conflicts(store)),
        }
        exact = sum(
            1 for r in latest if r["value"] is not None and r["qualifier"] in ("exact", "approx")
        )
        bounds = sum(1 for r in latest if r["value"] is not None) - exact
        if as_json:
            print_json(
                {
                    "store": str(store.path),
                    "set_aside": str(aside) if aside is not None else None,
                    **counts,
                    "new_areas": latest,
                    "gdp_ranking": ranking.as_dict(),
                    "xiangjiang": highlights,
                    "narrative": {
                        lang: [statement.as_dict() for statement in found]
                        for lang, found in statements.items()
                    },
                }
            )
            return
        print_table(
            "China's 19 state-level new areas: latest GDP in the ledger · 国家级新区最新GDP",
            ["#", "新区", "new area", "year", "GDP", "caliber", "source [tier]", "conflicts"],
            [
                (
                    i,
                    r["name_zh"],
                    r["name_en"],
                    r["period"],
                    value_text(r) if r["value"] is not None else "no GDP figure",
                    r["caliber"],
                    _source(r),
                    r["conflicts"],
                )
                for i, r in enumerate(latest, 1)
            ],
            caption=f"{exact} new areas with a GDP value, {bounds} with only a bound; years "
            "and calibers differ, so this list is not a ranking",
        )
        print_table(
            f"GDP {RANK_YEAR}: rank among the 19 new areas · {RANK_YEAR}年国家级新区GDP排名",
            ["rank", "range with bounds", "新区", "GDP", "caliber", "reported rank"],
            [
                (
                    r["rank"],
                    f"{r['rank_best']}–{r['rank_worst']}" if r["rank"] else None,
                    r["name_zh"],
                    value_text(r) if r["value"] is not None else None,
                    r["caliber"],
                    r["reported_rank"],
                )
                for r in ranking.rows
            ],
            caption=f"{ranking.with_data} of {ranking.of} have an exact value; bound only: "
            f"{len(ranking.bound_only)}; no data: {len(ranking.missing)}"
            + (
                "; calibers differ: " + ", ".join(f"{k} {v}" for k, v in ranking.calibers.items())
                if ranking.mixed_calibers
                else ""
            ),
        )
        print_derived(
            "Hunan Xiangjiang New Area: the founding report's figures, computed · 湘江新区",
            highlights,
            "the report: 160 -> 450 billion yuan (2015-2023), 0.5% of Hunan's land, 8% of its "
            "GDP; `zonemetrics derive CODE --zone xiangjiang` gives receipts",
        )
        console.print("[bold]Narrated from the ledger, with receipts · 据账本生成的陈述[/]")
        for lang in ("en", "zh"):
            for statement in statements[lang][:4]:
                sources = sorted(
                    {o["source_id"] for o in statement.receipt.get("observations", [])}
                )
                console.print(f"  {statement.text}", highlight=False)
                console.print(f"    [dim]sources: {', '.join(sources) or '—'}[/]", highlight=False)
        console.print(
            "  (all statements: `zonemetrics narrate xiangjiang --year 2023 --lang zh`; "
            "check a news text: `zonemetrics check FILE`)"
        )
        console.print(
            f"store: {store.path} · {counts['observations']} observations from "
            f"{counts['sources']} sources · {counts['conflicting_figures']} figures "
            "on which sources conflict (`zonemetrics conflicts`)"
        )
        from zonemetrics.publish.report import write_report

        reports = write_report(store, "xiangjiang", path.parent / "reports", langs=("en", "zh"))
        console.print("report · 报告: " + "  ".join(str(p) for p in reports), highlight=False)
