"""Receipts: the observations and sources behind a derived value or a rank."""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.ranges import Tables
from zonemetrics.ledger.policy import preferred_values


def receipt_details(tables: Tables, obs_ids: list[int]) -> list[dict[str, Any]]:
    """Each observation used, as written, with its source and what stands beside it."""
    if not obs_ids:
        return []
    values = preferred_values(tables)
    rows = values.filter(values.obs_id.isin(sorted(set(obs_ids)))).select(
        "obs_id",
        "zone_id",
        "indicator",
        "period",
        "caliber",
        "value",
        "unit",
        "qualifier",
        "original_text",
        "status",
        "source_id",
        "source_title",
        "tier",
        "published",
        "conflicts",
        "agreeing",
    )
    found = {r["obs_id"]: r for r in rows.to_pyarrow().to_pylist()}
    return [found[i] for i in obs_ids if i in found]
