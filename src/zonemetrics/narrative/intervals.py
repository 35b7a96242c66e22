"""Claims and ledger values as intervals, so that "8%" (7.5-8.5), "> 4000亿" and
"about 1,200 km2" can be compared honestly: a bound never confirms a number, and each
side keeps the rounding its writer used."""

from __future__ import annotations

import math
from typing import Any

from zonemetrics.narrative.claim import Claim

INF = math.inf
ABOUT = 0.05  # "about", 约: five percent either side, or the rounding if wider


def claim_interval(value: float, rounding: float, comparator: str) -> tuple[float, float]:
    if comparator in (">", ">=", "first_time_above"):
        return value, INF
    if comparator in ("<", "<="):
        return -INF, value
    slack = max(rounding, ABOUT * abs(value)) if comparator == "about" else rounding
    return value - slack, value + slack


def of_claim(claim: Claim) -> tuple[float, float]:
    return claim_interval(claim.value or 0.0, claim.rounding, claim.comparator)


def of_observation(row: dict[str, Any]) -> tuple[float, float]:
    """The true values an observation allows (its rounding included)."""
    value = row["value"]
    high = row.get("value_high")
    rounding = row.get("rounding") or 0.0
    qualifier = row.get("qualifier")
    if qualifier == "lower_bound":
        return value, INF
    if qualifier == "upper_bound":
        return -INF, value
    slack = max(rounding, ABOUT * abs(value)) if qualifier == "approx" else rounding
    return value - slack, (high if high is not None else value) + slack


def is_bound(interval: tuple[float, float]) -> bool:
    return math.isinf(interval[0]) or math.isinf(interval[1])


def relation(claim: tuple[float, float], evidence: tuple[float, float]) -> str:
    """'supports', 'contradicts' or 'consistent' (a bound that neither confirms nor denies)."""
    lo, hi = max(claim[0], evidence[0]), min(claim[1], evidence[1])
    if lo > hi:
        return "contradicts"
    inside = claim[0] <= evidence[0] and evidence[1] <= claim[1]
    if is_bound(evidence) and not inside:
        return "consistent"
    return "supports"
