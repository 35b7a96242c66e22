"""The list of zones, in plain SQL.

Listing zones is the lightest read there is; it runs on the store's own DuckDB
connection so that `zonemetrics zones` answers without loading Ibis (a second of
imports). The richer queries, which need the reconciliation policy, are in `queries`.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.store.connection import Store


def zones(store: Store, kind: str | None = None) -> list[dict[str, Any]]:
    """Every zone (or every zone of a kind) with its aliases.

    Plain SQL on the store's own connection rather than Ibis: listing zones is the
    lightest read there is, and should not pay a second for loading Ibis.
    """
    rows = store.records(
        "SELECT z.* EXCLUDE (ingest_id), a.aliases FROM zones z "
        "LEFT JOIN (SELECT zone_id, list(alias ORDER BY alias) AS aliases "
        "           FROM zone_aliases GROUP BY zone_id) a USING (zone_id) "
        "WHERE ? IS NULL OR z.kind = ? "
        "ORDER BY z.kind, z.approval_date NULLS LAST, z.zone_id",
        [kind, kind],
    )
    return [
        {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}
        for row in rows
    ]
