"""`zonemetrics doctor`: is this store whole, and what does it hold?

Each check is one SQL query that counts the rows breaking one promise the ledger
makes; a store is healthy when every count is zero. The same checks run after every
kill in the kill harness, so a write interrupted at any point must leave them at zero.
Beside the checks, the figures a user needs before trusting the store: rows per
table, sources and observations by tier, the last ingest.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from zonemetrics.store.connection import Store
from zonemetrics.store.schema import LEDGER_MARKER, LEDGER_MARKER_KEY, LEDGER_TABLES, SCHEMA_VERSION


@dataclass(frozen=True)
class Check:
    name: str
    promise: str
    query: str  # counts the rows that break the promise


CHECKS: tuple[Check, ...] = (
    Check(
        "observations_sourced",
        "every observation names a source the ledger holds",
        "SELECT count(*) FROM observations o "
        "WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.source_id = o.source_id)",
    ),
    Check(
        "observations_zone_known",
        "every observation is about a zone the ledger holds",
        "SELECT count(*) FROM observations o "
        "WHERE NOT EXISTS (SELECT 1 FROM zones z WHERE z.zone_id = o.zone_id)",
    ),
    Check(
        "observations_indicator_known",
        "every observation measures an indicator the ledger defines",
        "SELECT count(*) FROM observations o "
        "WHERE NOT EXISTS (SELECT 1 FROM indicators i WHERE i.code = o.indicator)",
    ),
    Check(
        "rows_from_a_logged_ingest",
        "every observation, source and search came in through a logged ingest",
        "SELECT (SELECT count(*) FROM observations o WHERE NOT EXISTS "
        "  (SELECT 1 FROM ingests g WHERE g.ingest_id = o.ingest_id)) "
        "+ (SELECT count(*) FROM sources s WHERE s.ingest_id IS NOT NULL AND NOT EXISTS "
        "  (SELECT 1 FROM ingests g WHERE g.ingest_id = s.ingest_id)) "
        "+ (SELECT count(*) FROM searches s WHERE NOT EXISTS "
        "  (SELECT 1 FROM ingests g WHERE g.ingest_id = s.ingest_id))",
    ),
    Check(
        "ingests_complete",
        "an ingest's log entry and its rows are all there or none is (rows added = rows held)",
        "SELECT count(*) FROM ingests g WHERE g.table_kind = 'observations' "
        "AND g.rows_added <> (SELECT count(*) FROM observations o "
        "                     WHERE o.ingest_id = g.ingest_id)",
    ),
    Check(
        "aliases_point_to_zones",
        "every zone alias names a zone the ledger holds",
        "SELECT count(*) FROM zone_aliases a "
        "WHERE NOT EXISTS (SELECT 1 FROM zones z WHERE z.zone_id = a.zone_id)",
    ),
    Check(
        "accepted_candidates_in_ledger",
        "every accepted candidate points to the observation it became",
        "SELECT count(*) FROM candidates c WHERE c.review = 'accepted' AND (c.obs_id IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM observations o WHERE o.obs_id = c.obs_id))",
    ),
    Check(
        "values_finite",
        "every value, upper value and rounding is a finite number (no inf, no NaN)",
        "SELECT count(*) FROM observations WHERE NOT isfinite(value) "
        "OR (value_high IS NOT NULL AND NOT isfinite(value_high)) "
        "OR NOT isfinite(rounding) OR rounding < 0",
    ),
    Check(
        "bands_ordered",
        "a band's upper value is not below its lower value",
        "SELECT count(*) FROM observations WHERE value_high IS NOT NULL AND value_high < value",
    ),
)


@dataclass
class Report:
    path: str
    schema_version: int
    schema_expected: int
    marker: str | None
    problems: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    sources_by_tier: dict[str, int] = field(default_factory=dict)
    observations_by_tier: dict[str, int] = field(default_factory=dict)
    zones_by_kind: dict[str, int] = field(default_factory=dict)
    last_ingest: dict[str, Any] | None = None
    created_by: str | None = None

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"healthy": self.healthy}


def _grouped(store: Store, query: str) -> dict[str, int]:
    return {str(key): int(count) for key, count in store.sql(query)}


def examine(store: Store) -> Report:
    """Run every check and gather the store's figures (reads only)."""
    report = Report(
        path=str(store.path),
        schema_version=store.schema_version(),
        schema_expected=SCHEMA_VERSION,
        marker=store.meta(LEDGER_MARKER_KEY),
        created_by=store.meta("created_by"),
    )
    if report.schema_version != SCHEMA_VERSION:
        report.problems.append(
            {
                "check": "schema_version",
                "promise": f"the store is at schema version {SCHEMA_VERSION}",
                "rows": 1,
            }
        )
    if report.marker not in (LEDGER_MARKER, None):
        report.problems.append(
            {"check": "ledger_marker", "promise": "the store is a zonemetrics ledger", "rows": 1}
        )
    for check in CHECKS:
        broken = int(store.sql(check.query)[0][0])
        if broken:
            report.problems.append({"check": check.name, "promise": check.promise, "rows": broken})
    report.counts = {
        name: int(store.sql(f"SELECT count(*) FROM {name}")[0][0]) for name in LEDGER_TABLES
    }
    report.sources_by_tier = _grouped(
        store, "SELECT tier, count(*) FROM sources GROUP BY tier ORDER BY tier"
    )
    report.observations_by_tier = _grouped(
        store,
        "SELECT s.tier, count(*) FROM observations o JOIN sources s USING (source_id) "
        "GROUP BY s.tier ORDER BY s.tier",
    )
    report.zones_by_kind = _grouped(
        store, "SELECT kind, count(*) FROM zones GROUP BY kind ORDER BY kind"
    )
    last = store.records(
        "SELECT ingest_id, path, table_kind, rows_added, ingested_at FROM ingests "
        "ORDER BY ingest_id DESC LIMIT 1"
    )
    if last:
        report.last_ingest = {k: str(v) if k == "ingested_at" else v for k, v in last[0].items()}
    return report
