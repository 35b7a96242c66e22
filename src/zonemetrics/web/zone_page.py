"""What a zone's page and its report show: profile, indicators over time, ranks among
peers, what the ledger does not know, and every source cited."""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.zone_view import zone_ranks
from zonemetrics.ledger import queries
from zonemetrics.ledger.aliases import resolve_zone
from zonemetrics.store.connection import Store
from zonemetrics.web import figures

#: The indicators a zone's page charts over time, in this order, when the zone holds
#: more than one year of them: size, growth, innovation and people, as zone profiles
#: (RIS country profiles, Chinese new-area yearbooks) lead with.
HEADLINE_INDICATORS = (
    "gdp",
    "gdp_growth_real",
    "share_of_province_gdp",
    "rd_intensity",
    "high_tech_enterprises",
    "resident_population",
    "gdp_per_capita",
)


def area_definitions(store: Store, zone_id: str) -> list[dict[str, Any]]:
    """Every land-area figure with its caliber (which definition) and source."""
    profile = queries.show_zone(store, zone_id)
    return [
        {
            "caliber": row["caliber"],
            "period": row["period"],
            "value": row["value"],
            "qualifier": row["qualifier"],
            "original_text": row["original_text"],
            "source_id": row["source_id"],
            "tier": row["tier"],
            "conflicts": row["conflicts"],
        }
        for row in profile["indicators"]
        if row["indicator"] == "land_area" and row["measure"] == "value"
    ]


def zone_content(store: Store, zone: str, year: int | None = None) -> dict[str, Any]:
    zone_id = resolve_zone(store, zone)
    record = next(
        (
            z
            for z in figures.zone_list(store, queries.zone_record(store, zone_id)["kind"])
            if z["zone"] == zone_id
        ),
    )
    names = {z["zone"]: z["name_en"] for z in figures.zone_list(store)}
    indicators = {i["code"]: i for i in figures.indicator_list(store)}
    series = []
    for code in HEADLINE_INDICATORS:
        if code not in indicators:
            continue
        cells = figures.yearly_cells(store, code, [zone_id])
        if not cells:
            continue
        info = indicators[code]
        series.append(
            {
                "indicator": code,
                "name_en": info["name_en"],
                "name_zh": info["name_zh"],
                "unit": info["unit"],
                "cells": cells,
            }
        )
    chosen_year = year if year is not None else figures.default_year(store, zone_id)
    ranks = zone_ranks(store, zone_id, chosen_year) if chosen_year else []
    for row in ranks:
        info = indicators.get(row["indicator"], {})
        row["name_en"] = info.get("name_en", row["indicator"])
        row["name_zh"] = info.get("name_zh", row["indicator"])
    areas = area_definitions(store, zone_id)
    searches = figures.zone_searches(store, zone_id)
    cited = sorted(
        {c["source_id"] for s in series for c in s["cells"] if c.get("source_id")}
        | {a["source_id"] for a in areas if a.get("source_id")}
        | ({record["source_id"]} if record.get("source_id") else set())
    )
    source_rows = {s["source_id"]: s for s in figures.source_list(store)}
    return figures._plain(
        {
            "zone": record,
            "year": chosen_year,
            "area_definitions": areas,
            "series": series,
            "ranks": ranks,
            "searches": searches,
            "sources": [source_rows[s] for s in cited if s in source_rows],
            "names": names,
        }
    )
