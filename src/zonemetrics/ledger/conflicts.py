"""Figures on which sources disagree, found by one SQL statement in the store.

The reconciliation policy (ledger.policy) is stated as Ibis expressions so the same
reads run on Spark and PostgreSQL; listing conflicts over a whole store is the one
read that must scale with the store (a million observations), so it is written here
as one DuckDB statement that keeps only groups holding more than one value before
judging them, and returns only the groups in conflict. The rules are the policy's
own, restated in SQL: each source's latest vintage; the preferred value by tier,
status, value-before-bound, publication date, vintage; a conflict when two ranges
(rounding included, bounds open-ended) cannot both hold.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.ledger.policy import _FAR, GROUP, TIER_ORDER
from zonemetrics.store.connection import Store

_GROUP = ", ".join(GROUP)
_TIER_RANK = " ".join(f"WHEN '{tier}' THEN {rank}" for rank, tier in enumerate(TIER_ORDER))

CONFLICTS_SQL = f"""
WITH latest AS (
    SELECT o.*, s.tier, s.published,
           CASE s.tier {_TIER_RANK} ELSE {len(TIER_ORDER)} END AS tier_rank
    FROM observations o JOIN sources s USING (source_id)
    WHERE $zone IS NULL OR o.zone_id = $zone
    QUALIFY row_number() OVER (
        PARTITION BY {", ".join(f"o.{c}" for c in GROUP)}, o.source_id
        ORDER BY o.vintage DESC, o.obs_id DESC) = 1
),
several AS (
    SELECT * FROM latest
    QUALIFY count(*) OVER (PARTITION BY {_GROUP}) > 1
),
ranked AS (
    SELECT *,
        CASE WHEN qualifier = 'upper_bound' THEN -{_FAR} ELSE value - rounding END AS lo,
        CASE WHEN qualifier = 'lower_bound' THEN {_FAR}
             ELSE coalesce(value_high, value) + rounding END AS hi,
        row_number() OVER (
            PARTITION BY {_GROUP}
            ORDER BY tier_rank,
                     CASE status WHEN 'P' THEN 1 WHEN 'E' THEN 2 WHEN 'F' THEN 3 ELSE 0 END,
                     qualifier IN ('lower_bound', 'upper_bound', 'band'),
                     published IS NULL, published DESC, vintage DESC, obs_id DESC
        ) - 1 AS choice
    FROM several
),
judged AS (
    SELECT r.*,
        CASE WHEN r.choice = 0 THEN 'preferred'
             WHEN r.hi <= p.p_lo OR r.lo >= p.p_hi THEN 'conflicting'
             ELSE 'agreeing' END AS judgement
    FROM ranked r
    JOIN (SELECT {_GROUP}, lo AS p_lo, hi AS p_hi FROM ranked WHERE choice = 0) p
      USING ({_GROUP})
),
flagged AS (SELECT DISTINCT {_GROUP} FROM judged WHERE judgement = 'conflicting')
SELECT {_GROUP}, judgement, value, value_high, unit, qualifier, original_text, status,
       source_id, tier, published
FROM judged SEMI JOIN flagged USING ({_GROUP})
ORDER BY {_GROUP}, choice
"""


def conflicting_groups(store: Store, zone_id: str | None = None) -> list[dict[str, Any]]:
    """Each figure in conflict with every value held for it, preferred first."""
    # DuckDB's own progress bar would print into --json output on a long run
    store.raw.execute("SET enable_progress_bar = false")
    cursor = store.raw.execute(CONFLICTS_SQL, {"zone": zone_id})
    names = [d[0] for d in cursor.description]
    grouped: dict[tuple, dict[str, Any]] = {}
    width = len(GROUP)
    while batch := cursor.fetchmany(10_000):
        for row in batch:
            key = row[:width]
            group = grouped.get(key)
            if group is None:
                group = grouped[key] = dict(zip(GROUP, key, strict=True)) | {"values": []}
            group["values"].append(dict(zip(names[width:], row[width:], strict=True)))
    return list(grouped.values())
