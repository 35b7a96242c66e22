"""Threshold crossings: the first period a zone's series crossed a value.

"Surpassed five percent for the first time" is a claim about two years: the year it
was above and the year before, when it was not. The ledger can establish a crossing
only when it holds both; otherwise it says what it knows (first year known above,
last year known at or below).
"""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.ranges import Tables
from zonemetrics.indicators.rank import candidate_values


def _status(row: dict[str, Any], threshold: float) -> str:
    low = row["value"]
    high = row["value_high"] if row["value_high"] is not None else row["value"]
    if row["qualifier"] == "lower_bound":
        return "above" if low >= threshold else "unknown"
    if row["qualifier"] == "upper_bound":
        return "at_or_below" if low <= threshold else "unknown"
    if low > threshold:
        return "above"
    if high <= threshold:
        return "at_or_below"
    return "unknown"


def yearly_series(tables: Tables, code: str, zone_id: str) -> list[dict[str, Any]]:
    """The preferred yearly value of a zone (one per year: exact before bounds, then tier)."""
    values = candidate_values(tables, code, None)
    rows = values.filter(values.zone_id == zone_id).to_pyarrow().to_pylist()
    rows.sort(
        key=lambda r: (
            r["period_start_year"],
            r["qualifier"] in ("lower_bound", "upper_bound", "band"),
            r["tier_rank"],
        )
    )
    chosen: dict[int, dict[str, Any]] = {}
    for row in rows:
        chosen.setdefault(row["period_start_year"], row)
    return list(chosen.values())


def threshold_crossing(tables: Tables, code: str, zone_id: str, threshold: float) -> dict[str, Any]:
    """When a zone's indicator first went above `threshold` (in base units)."""
    series = yearly_series(tables, code, zone_id)
    statuses = {int(r["period_start_year"]): _status(r, threshold) for r in series}
    above = sorted(y for y, s in statuses.items() if s == "above")
    first_above = above[0] if above else None
    below = sorted(
        y
        for y, s in statuses.items()
        if s == "at_or_below" and (first_above is None or y < first_above)
    )
    last_below = below[-1] if below else None
    crossing = first_above if first_above is not None and last_below == first_above - 1 else None
    return {
        "zone": zone_id,
        "indicator": code,
        "threshold": threshold,
        "first_year_known_above": first_above,
        "last_year_known_at_or_below": last_below,
        "crossing_year": crossing,
        "established": crossing is not None,
        "series": [
            {
                "period": r["period"],
                "value": r["value"],
                "qualifier": r["qualifier"],
                "status": statuses[int(r["period_start_year"])],
                "receipt": list(r["receipt"] or []),
            }
            for r in series
        ],
    }
