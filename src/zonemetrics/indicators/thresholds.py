"""Threshold crossings: the first period a zone's series crossed a value.

"Surpassed five percent for the first time" is a claim about two years: the year it
was above and the year before, when it was not. The ledger can establish a crossing
only when it holds both, on the same caliber (a directly administered area's figure
one year and the whole area's the next is no series); otherwise it says what it knows
(first year known above, last year known at or below).
"""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.ranges import Tables
from zonemetrics.indicators.rank import candidate_values

_BOUNDS = ("lower_bound", "upper_bound", "band")


def year_status(row: dict[str, Any], threshold: float) -> str:
    """'above', 'at_or_below' or 'unknown': where one year's value stands against a
    threshold. '>5' is above 5; '≥5' is not known to be."""
    low = row["value"]
    high = row["value_high"] if row["value_high"] is not None else row["value"]
    if row["qualifier"] == "lower_bound":
        strictly = low > threshold or (low == threshold and not row.get("inclusive"))
        return "above" if strictly else "unknown"
    if row["qualifier"] == "upper_bound":
        return "at_or_below" if low <= threshold else "unknown"
    if low > threshold:
        return "above"
    if high <= threshold:
        return "at_or_below"
    return "unknown"


def crossing_from_series(series: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """The first crossing in a yearly series of one caliber (rows already chosen)."""
    statuses = {int(r["period_start_year"]): year_status(r, threshold) for r in series}
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
        "threshold": threshold,
        "first_year_known_above": first_above,
        "last_year_known_at_or_below": last_below,
        "crossing_year": crossing,
        "established": crossing is not None,
        "statuses": statuses,
    }


def yearly_series_by_caliber(
    tables: Tables, code: str, zone_id: str
) -> dict[str, list[dict[str, Any]]]:
    """One value a year for each caliber: exact before bounds, then the policy's order."""
    values = candidate_values(tables, code, None)
    rows = values.filter(values.zone_id == zone_id).to_pyarrow().to_pylist()
    rows.sort(key=lambda r: (r["period_start_year"], r["qualifier"] in _BOUNDS, r["choice"]))
    chosen: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        chosen.setdefault(row["caliber"], {}).setdefault(row["period_start_year"], row)
    return {caliber: list(years.values()) for caliber, years in chosen.items()}


def threshold_crossing(tables: Tables, code: str, zone_id: str, threshold: float) -> dict[str, Any]:
    """When a zone's indicator first went above `threshold` (in base units), judged on
    each caliber's own series; the answer names the caliber it rests on."""
    by_caliber = {
        caliber: (series, crossing_from_series(series, threshold))
        for caliber, series in yearly_series_by_caliber(tables, code, zone_id).items()
    }

    def strength(item: tuple[str, tuple[list, dict]]) -> tuple:
        caliber, (series, result) = item
        return (not result["established"], -len(series), caliber)

    ordered = sorted(by_caliber.items(), key=strength)
    caliber, (series, result) = ordered[0] if ordered else ("unstated", ([], {}))
    if not ordered:
        result = crossing_from_series([], threshold)
    statuses = result.pop("statuses")
    return {
        "zone": zone_id,
        "indicator": code,
        "caliber": caliber,
        **result,
        "other_calibers": {
            other: {k: v for k, v in res.items() if k != "statuses"}
            for other, (_, res) in ordered[1:]
        },
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
