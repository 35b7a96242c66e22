"""Figures on which sources disagree, found by one SQL statement in the store.

The reconciliation policy (ledger.policy) is stated as Ibis expressions so the same
reads run on Spark and PostgreSQL; listing conflicts over a whole store is the one
read that must scale with the store (a million observations), so it is written here
as one DuckDB statement, and with aggregates rather than window functions: a window
sorts every partition, while a hash aggregate (`arg_max`, `arg_min` over a preference
key) passes over the rows once. The rules are the policy's own, restated in SQL: each
source's latest vintage; the preferred value by tier, status, value-before-bound,
publication date, vintage; a conflict when two ranges (rounding included, bounds
open-ended) cannot both hold.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.ledger.policy import _FAR, GROUP, TIER_ORDER
from zonemetrics.store.connection import Store

_GROUP = ", ".join(GROUP)
_TIER_RANK = " ".join(f"WHEN '{tier}' THEN {rank}" for rank, tier in enumerate(TIER_ORDER))
_OUTPUT = ("value", "value_high", "unit", "qualifier", "original_text", "status")

#: each step keeps as few columns as it can (ids, ranges and the preference key): the
#: texts of a figure are looked up only for the few figures found in conflict
CONFLICTS_SQL = f"""
WITH ranked_sources AS (
    -- the publication date as a rank (the later the smaller, undated last), so the
    -- whole preference is one key sorted ascending
    SELECT source_id, tier, published,
           CASE tier {_TIER_RANK} ELSE {len(TIER_ORDER)} END AS tier_rank,
           dense_rank() OVER (ORDER BY published DESC NULLS LAST) AS published_rank
    FROM sources
),
latest AS MATERIALIZED (  -- each source's latest vintage of each figure (then its id)
    SELECT arg_max(obs_id, (epoch_us(vintage)::HUGEINT << 64) + obs_id) AS obs_id
    FROM observations
    WHERE $zone IS NULL OR zone_id = $zone
    GROUP BY {_GROUP}, source_id
),
candidates AS MATERIALIZED (
    SELECT {", ".join(f"o.{c}" for c in GROUP)}, o.obs_id,
           CASE WHEN o.qualifier = 'upper_bound' THEN -{_FAR}
                ELSE o.value - o.rounding END AS lo,
           CASE WHEN o.qualifier = 'lower_bound' THEN {_FAR}
                ELSE coalesce(o.value_high, o.value) + o.rounding END AS hi,
           struct_pack(
               tier := s.tier_rank,
               status := CASE o.status WHEN 'P' THEN 1 WHEN 'E' THEN 2 WHEN 'F' THEN 3
                              ELSE 0 END,
               bound := o.qualifier IN ('lower_bound', 'upper_bound', 'band'),
               published := s.published_rank,
               vintage := -epoch_us(o.vintage),
               obs := -o.obs_id
           ) AS preference
    FROM latest l JOIN observations o USING (obs_id) JOIN ranked_sources s USING (source_id)
),
preferred AS MATERIALIZED (  -- figures held by more than one source, and their choice
    SELECT {_GROUP}, arg_min(struct_pack(obs_id := obs_id, lo := lo, hi := hi), preference) AS p
    FROM candidates GROUP BY ALL HAVING count(*) > 1
),
judged AS MATERIALIZED (
    SELECT c.{", c.".join(GROUP)}, c.obs_id, c.preference,
        CASE WHEN c.obs_id = p.p.obs_id THEN 'preferred'
             WHEN c.hi <= p.p.lo OR c.lo >= p.p.hi THEN 'conflicting'
             ELSE 'agreeing' END AS judgement
    FROM candidates c JOIN preferred p USING ({_GROUP})
),
flagged AS (SELECT DISTINCT {_GROUP} FROM judged WHERE judgement = 'conflicting')
SELECT j.{", j.".join(GROUP)}, j.judgement, {", ".join(f"o.{c}" for c in _OUTPUT)},
       o.source_id, s.tier, s.published
FROM judged j SEMI JOIN flagged USING ({_GROUP})
JOIN observations o ON o.obs_id = j.obs_id
JOIN sources s ON s.source_id = o.source_id
ORDER BY {", ".join(f"j.{c}" for c in GROUP)}, j.preference
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
