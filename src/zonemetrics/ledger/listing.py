"""The list of zones, in plain SQL.

Listing zones is the lightest read there is; it runs on the store's own DuckDB
connection so that `zonemetrics zones` answers without loading Ibis (a second of
imports). The richer queries, which need the reconciliation policy, are in `queries`.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.errors import ZonemetricsError
from zonemetrics.store.connection import Store


def zones(store: Store, kind: str | None = None) -> list[dict[str, Any]]:
    """Every zone, or the zones of a kind or peer set (they share one spelling, see
    registry.kinds), with its aliases and the catalogue's approved area beside it."""
    from zonemetrics.registry.catalogue import AREA_CALIBER

    where, params = "", [AREA_CALIBER]
    if kind:
        chosen = _group(store, kind)
        where = f"WHERE z.kind IN ({', '.join('?' for _ in chosen.kinds)})"
        params += list(chosen.kinds)
        if chosen.province is not None:
            where += " AND z.province = ?"
            params.append(chosen.province)
    rows = store.records(
        "SELECT z.* EXCLUDE (ingest_id), a.aliases, area.value AS approved_area_km2 "
        "FROM zones z "
        "LEFT JOIN (SELECT zone_id, list(alias ORDER BY alias) AS aliases "
        "           FROM zone_aliases GROUP BY zone_id) a USING (zone_id) "
        "LEFT JOIN (SELECT zone_id, max(value) AS value FROM observations "
        "           WHERE indicator = 'land_area' AND caliber = ? GROUP BY zone_id) area "
        "  USING (zone_id) "
        f"{where} ORDER BY z.kind, z.approval_date NULLS LAST, z.zone_id",
        params,
    )
    # dates as ISO text, as JSON gives them back; a column's type is read from its first
    # non-null value rather than asked of every value of thousands of rows
    dated = [
        key
        for key in (rows[0] if rows else ())
        if hasattr(next((r[key] for r in rows if r[key] is not None), None), "isoformat")
    ]
    for row in rows:
        for key in dated:
            if row[key] is not None:
                row[key] = row[key].isoformat()
    return rows


def _group(store: Store, code: str):
    """The kind or peer set spelt `code` (registry.kinds), or a clear error."""
    from zonemetrics.registry.kinds import PROVINCE_ZONES_SUFFIX, listed_peer_sets, peer_set

    provinces = {}
    if code.endswith(PROVINCE_ZONES_SUFFIX):
        provinces = {
            zone_id: (en, zh)
            for zone_id, en, zh in store.sql(
                "SELECT zone_id, name_en, name_zh FROM zones WHERE kind = 'province'"
            )
        }
    found = peer_set(code, provinces)
    if found is None:
        raise ZonemetricsError(
            f"unknown zone kind or peer set '{code}' (known: "
            f"{', '.join(sorted(listed_peer_sets()))}, or <province id>_zones such as "
            "hunan_zones)"
        )
    return found
