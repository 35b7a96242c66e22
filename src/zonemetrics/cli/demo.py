"""`zonemetrics demo`: build a fresh store from the bundled data and show the 19 new areas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import platformdirs
import typer

from zonemetrics.bundle import build_fresh_store
from zonemetrics.cli.common import JSON_HELP
from zonemetrics.cli.ledger import _value_text
from zonemetrics.cli.render import console, file_progress, print_json, print_table, progress_bar
from zonemetrics.ledger import queries


def demo_store_path() -> Path:
    return Path(platformdirs.user_data_dir("zonemetrics")) / "demo.duckdb"


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_command(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help=JSON_HELP)] = False,
    ) -> None:
        """Build a fresh store from the bundled data (never your own ledger) and print the
        19 state-level new areas with their latest GDP, its source and conflicts."""
        path = ctx.obj.get("store") or demo_store_path()
        with progress_bar(not as_json) as progress:
            store = build_fresh_store(Path(path), file_progress(progress))
        rows = queries.latest_values(store, "gdp", kind="new_area")
        with_data = sum(1 for r in rows if r["value"] is not None)
        counts = {
            "observations": store.sql("SELECT count(*) FROM observations")[0][0],
            "sources": store.sql("SELECT count(*) FROM sources")[0][0],
            "conflicting_figures": len(queries.conflicts(store)),
        }
        if as_json:
            print_json(
                {"store": str(store.path), **counts, "new_areas": rows, "with_gdp": with_data}
            )
            return
        print_table(
            "China's 19 state-level new areas: latest GDP in the ledger · 国家级新区最新GDP",
            [
                "#",
                "新区",
                "new area",
                "year",
                "GDP",
                "as written",
                "caliber",
                "source",
                "tier",
                "conflicts",
                "values that year",
            ],
            [
                (
                    i,
                    r["name_zh"],
                    r["name_en"],
                    r["period"],
                    _value_text(r) if r["value"] is not None else "no GDP figure in the ledger",
                    r["original_text"],
                    r["caliber"],
                    r["source_id"],
                    r["tier"],
                    r["conflicts"],
                    r["values_in_year"],
                )
                for i, r in enumerate(rows, start=1)
            ],
            caption=f"{with_data} of {len(rows)} new areas have a GDP figure; rows are ordered "
            "by value across different years and calibers, which is not a ranking",
        )
        console.print(
            f"store: {store.path} · {counts['observations']} observations from "
            f"{counts['sources']} sources · {counts['conflicting_figures']} figures "
            "on which sources conflict (`zonemetrics conflicts`)"
        )
