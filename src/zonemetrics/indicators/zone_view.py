"""Derived values for one zone, as `show` lists them."""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.catalog import derived_catalog
from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.ranges import Tables
from zonemetrics.ledger.queries import show_zone
from zonemetrics.store.connection import Store

_SPAN_KINDS = ("cagr", "multiple")


def derived_for_zone(tables: Tables, zone_id: str, year: int | None = None) -> list[dict[str, Any]]:
    """Every derived value the ledger supports for a zone.

    Growth over a span is listed for the widest span of each caliber only (first to last
    year held); `zonemetrics derive` gives every span.
    """
    out: list[dict[str, Any]] = []
    for code, spec in derived_catalog().items():
        values = compute(tables, code)
        values = values.filter(values.zone_id == zone_id)
        if year is not None:
            values = values.filter(
                (values.period_start_year <= year) & (values.period_end_year >= year)
            )
        rows = values.to_pyarrow().to_pylist()
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
    """What `show` prints: the ledger's preferred values and the derived values."""
    profile = show_zone(tables, name, year)
    profile["derived"] = derived_for_zone(tables, profile["zone"], year)
    return profile
