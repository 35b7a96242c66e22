"""Coverage: which figures the ledger holds for a set of zones, indicators and years.

A monitoring system is worth what its data is worth; this module says plainly, cell
by cell, what is filled, what is only a bound, what sources disagree on, and what is
missing (and whether it was searched for).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zonemetrics.ledger.policy import TIER_ORDER, current_observations, usable_values
from zonemetrics.store.connection import Tables

# What "coverage" asks for, after issue 6: each topic is met by any of its indicators.
TOPICS: dict[str, tuple[str, ...]] = {
    "gdp": ("gdp",),
    "gdp_growth_real": ("gdp_growth_real",),
    "population": ("resident_population", "population"),
    "land_area": ("land_area",),
    "rd": ("rd_expenditure", "rd_intensity"),
    "high_tech_enterprises": ("high_tech_enterprises", "new_high_tech_enterprises"),
    "specialized_smes": (
        "specialized_smes",
        "new_specialized_smes",
        "little_giants",
        "new_little_giants",
    ),
    "innovation_platforms": ("innovation_platforms_state_level",),
}
TIMELESS_TOPICS = ("land_area",)
DEFAULT_YEARS = range(2015, 2025)
# Flows (GDP, growth, R&D spending) fill a year's cell only with an annual figure: a
# first-quarter GDP is not the year's. Stocks (population, firm and platform counts)
# fill it with a figure as of any month or day of that year ("as of 2021-02" is a 2021
# count). Spans and uncertain years fill no cell.
FLOW_TOPICS = ("gdp", "gdp_growth_real", "rd")
STOCK_PERIODS = ("year", "month", "date")
NOT_INDICATORS_OF_A_ZONE = ("gdp",)
STATUS_ORDER = ("filled", "conflicting", "bound_only", "missing")


@dataclass
class Coverage:
    zones: list[str]
    topics: list[str]
    years: list[int]
    cells: list[dict[str, Any]]
    tier_counts: dict[str, int]
    indicators_held: dict[str, list[str]]  # zone -> every indicator beyond GDP with a value

    def summary(self) -> dict[str, Any]:
        counts = {status: 0 for status in STATUS_ORDER}
        for cell in self.cells:
            counts[cell["status"]] += 1
        total = len(self.cells)
        held = sum(self.tier_counts.values())
        strong = self.tier_counts.get("official", 0) + self.tier_counts.get("major_media", 0)
        return {
            "cells": total,
            **counts,
            "share_filled": (counts["filled"] + counts["conflicting"]) / total if total else 0,
            "ledger_values_by_tier": self.tier_counts,
            "share_official_or_major_media": strong / held if held else 0,
        }

    def zones_with(self, topic: str, years: range, statuses=("filled", "conflicting")) -> list:
        return sorted(
            {
                c["zone"]
                for c in self.cells
                if c["topic"] == topic
                and (c["year"] is None or c["year"] in years)
                and c["status"] in statuses
            }
        )

    def zones_with_topics_beyond_gdp(self, minimum: int) -> list[str]:
        found: dict[str, set[str]] = {}
        for cell in self.cells:
            if cell["topic"] != "gdp" and cell["status"] in ("filled", "conflicting", "bound_only"):
                found.setdefault(cell["zone"], set()).add(cell["topic"])
        return sorted(zone for zone, topics in found.items() if len(topics) >= minimum)

    def zones_with_indicators_beyond_gdp(self, minimum: int) -> list[str]:
        """Zones holding values (or bounds) of at least `minimum` indicators besides GDP,
        counting every indicator in the ledger, not only the topics of the matrix."""
        return sorted(z for z, codes in self.indicators_held.items() if len(codes) >= minimum)

    def as_dict(self) -> dict[str, Any]:
        return {
            "zones": self.zones,
            "topics": {topic: list(TOPICS[topic]) for topic in self.topics},
            "years": self.years,
            "summary": self.summary(),
            "gdp_2023_zones": self.zones_with("gdp", range(2023, 2024)),
            "gdp_2021_2024_zones": self.zones_with(
                "gdp", range(2021, 2025), ("filled", "conflicting", "bound_only")
            ),
            "zones_with_3_topics_beyond_gdp": self.zones_with_topics_beyond_gdp(3),
            "zones_with_3_indicators_beyond_gdp": self.zones_with_indicators_beyond_gdp(3),
            "indicators_held": self.indicators_held,
            "cells": self.cells,
        }


def _cell_status(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "missing"
    exact = [r for r in rows if r["qualifier"] in ("exact", "approx")]
    if not exact:
        return "bound_only"
    return "conflicting" if any(r["conflicts"] for r in rows) else "filled"


def coverage(tables: Tables, zone_kind: str = "new_area", years: range = DEFAULT_YEARS) -> Coverage:
    """The zone x topic x year matrix for the zones of one kind."""
    zones_table = tables.table("zones")
    zones = [
        r["zone_id"]
        for r in zones_table.filter(zones_table.kind == zone_kind)
        .select("zone_id")
        .order_by("zone_id")
        .to_pyarrow()
        .to_pylist()
    ]
    wanted = sorted({code for codes in TOPICS.values() for code in codes})
    values = usable_values(tables)
    values = values.filter(
        values.indicator.isin(wanted) & (values.measure == "value") & values.zone_id.isin(zones)
    )
    rows = (
        values.select(
            "zone_id",
            "indicator",
            "period",
            "period_kind",
            "period_start_year",
            "qualifier",
            "conflicts",
            "value",
            "unit",
            "source_id",
            "tier",
            "caliber",
        )
        .to_pyarrow()
        .to_pylist()
    )
    searches = tables.table("searches")
    searched = {
        (r["zone_id"], r["indicator"], r["period"])
        for r in searches.select("zone_id", "indicator", "period").to_pyarrow().to_pylist()
    }
    current = current_observations(tables)
    tier_counts = {tier: 0 for tier in TIER_ORDER}
    for row in current.group_by("tier").aggregate(n=current.count()).to_pyarrow().to_pylist():
        tier_counts[row["tier"]] = row["n"]
    cells = []
    for zone in zones:
        for topic, codes in TOPICS.items():
            topic_rows = [r for r in rows if r["zone_id"] == zone and r["indicator"] in codes]
            cell_years: list[int | None] = [None] if topic in TIMELESS_TOPICS else list(years)
            for year in cell_years:
                in_cell = (
                    topic_rows
                    if year is None
                    else [
                        r
                        for r in topic_rows
                        if r["period_start_year"] == year
                        and (
                            r["period_kind"] == "year"
                            or (topic not in FLOW_TOPICS and r["period_kind"] in STOCK_PERIODS)
                        )
                    ]
                )
                status = _cell_status(in_cell)
                best = sorted(
                    in_cell,
                    key=lambda r: (
                        r["qualifier"] not in ("exact", "approx"),
                        TIER_ORDER.index(r["tier"]),
                    ),
                )
                cells.append(
                    {
                        "zone": zone,
                        "topic": topic,
                        "year": year,
                        "status": status,
                        "values": len(in_cell),
                        "calibers": sorted({r["caliber"] for r in in_cell}),
                        "value": best[0]["value"] if best else None,
                        "unit": best[0]["unit"] if best else None,
                        "source_id": best[0]["source_id"] if best else None,
                        "tier": best[0]["tier"] if best else None,
                        "searched": status == "missing"
                        and any(
                            (zone, code, str(year) if year else "") in searched for code in codes
                        ),
                    }
                )
    everything = usable_values(tables)
    everything = everything.filter(
        everything.zone_id.isin(zones)
        & (everything.measure == "value")
        & ~everything.indicator.isin(NOT_INDICATORS_OF_A_ZONE)
    )
    held: dict[str, list[str]] = {}
    for row in (
        everything.select("zone_id", "indicator")
        .distinct()
        .order_by("indicator")
        .to_pyarrow()
        .to_pylist()
    ):
        held.setdefault(row["zone_id"], []).append(row["indicator"])
    return Coverage(zones, list(TOPICS), list(years), cells, tier_counts, held)
