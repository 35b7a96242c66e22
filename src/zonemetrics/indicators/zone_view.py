"""Derived values for one zone, as `show` lists them."""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.catalog import derived_catalog
from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.ranges import Tables
from zonemetrics.indicators.rank import candidate_values, rank_with_reported
from zonemetrics.ledger.queries import show_zone
from zonemetrics.store import compiled
from zonemetrics.store.connection import Store

_SPAN_KINDS = ("cagr", "multiple")


def derived_for_zone(tables: Tables, zone_id: str, year: int | None = None) -> list[dict[str, Any]]:
    """Every derived value the ledger supports for a zone.

    Growth over a span is listed for the widest span of each caliber only (first to last
    year held); `zonemetrics derive` gives every span.
    """
    out: list[dict[str, Any]] = []
    for code, spec in derived_catalog().items():

        def build(p: dict[str, Any], code: str = code) -> Any:
            values = compute(tables, code)
            values = values.filter(values.zone_id == p["zone"])
            if "year" in p:
                values = values.filter(
                    (values.period_start_year <= p["year"]) & (values.period_end_year >= p["year"])
                )
            return values

        asked = {"zone": zone_id} | ({} if year is None else {"year": year})
        rows = compiled.rows(tables, f"derived_for_zone:{code}:{year is None}", build, **asked)
        if spec.kind in _SPAN_KINDS:
            widest: dict[str, dict[str, Any]] = {}
            for row in rows:
                span = row["period_end_year"] - row["period_start_year"]
                best = widest.get(row["caliber"])
                if best is None or span > best["period_end_year"] - best["period_start_year"]:
                    widest[row["caliber"]] = row
            rows = list(widest.values())
        for row in sorted(rows, key=lambda r: (r["period"], r["caliber"])):
            out.append(
                {
                    "indicator": code,
                    "period": row["period"],
                    "value": row["value"],
                    "value_high": row["value_high"],
                    "qualifier": row["qualifier"],
                    "unit": row["unit"],
                    "caliber": row["caliber"],
                    "receipt": sorted(row["receipt"]),
                }
            )
    return out


def zone_profile(tables: Store, name: str, year: int | None = None) -> dict[str, Any]:
    """What `show` prints: the ledger's preferred values, derived values and ranks."""
    profile = show_zone(tables, name, year)
    profile["derived"] = derived_for_zone(tables, profile["zone"], year)
    profile["ranks"] = zone_ranks(tables, profile["zone"], year)
    return profile


RANKED_IN_SHOW = (
    "gdp",
    "gdp_growth_real",
    "gdp_per_km2",
    "rd_intensity",
    "high_tech_enterprises",
    "new_high_tech_enterprises",
)


def zone_ranks(tables: Tables, zone_id: str, year: int | None = None) -> list[dict[str, Any]]:
    """The zone's computed rank among its peers on the main indicators, beside any rank a
    source reports, for `year` or else the latest year the zone has a value."""
    kinds = compiled.rows(
        tables,
        "zone_kind",
        lambda p: tables.table("zones").filter(lambda z: z.zone_id == p["zone"]).select("kind"),
        zone=zone_id,
    )
    peer_set = {"new_area": "new_areas", "province": "provinces"}.get(
        kinds[0]["kind"] if kinds else ""
    )
    if peer_set is None:
        return []
    out = []
    for code in RANKED_IN_SHOW:
        if year is not None:
            chosen = year
        else:

            def build(p: dict[str, Any], code: str = code) -> Any:
                values = candidate_values(tables, code, None)
                values = values.filter(values.zone_id == p["zone"])
                return values.aggregate(latest=values.period_start_year.max())

            found = compiled.rows(tables, f"latest_year:{code}", build, zone=zone_id)
            chosen = found[0]["latest"] if found else None
        if chosen is None:
            continue
        ranking = rank_with_reported(tables, code, int(chosen), peer_set)
        row = next(r for r in ranking.rows if r["zone"] == zone_id)
        if row["rank"] is None and row["reported_rank"] is None:
            continue
        out.append(
            {
                "indicator": code,
                "year": int(chosen),
                "peer_set": peer_set,
                "rank": row["rank"],
                "rank_best": row["rank_best"],
                "rank_worst": row["rank_worst"],
                "of": ranking.of,
                "with_data": ranking.with_data,
                "mixed_calibers": ranking.mixed_calibers,
                "reported_rank": row["reported_rank"],
                "reported_rank_source_id": row["reported_rank_source_id"],
            }
        )
    return out
