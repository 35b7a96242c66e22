"""Reports on chains and platforms: what a zone administration asks of them.

Per chain: its links from upstream to downstream with the firms placed in each, the
links no firm is placed in (the gaps a cultivation plan targets), and the firms whose
link is not known. Per zone: platforms by level, and the zone's share of its province's
platforms of each level among those the ledger holds.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.store.connection import Store


def _records(store: Store, query: str, params: list | None = None) -> list[dict[str, Any]]:
    cursor = store.raw.execute(query, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def chain_report(store: Store, zone_id: str | None = None) -> list[dict[str, Any]]:
    chains = _records(
        store,
        "SELECT chain_id, zone_id, name_zh, name_en, source_id FROM chains "
        + ("WHERE zone_id = ? " if zone_id else "")
        + "ORDER BY chain_id",
        [zone_id] if zone_id else [],
    )
    for chain in chains:
        links = _records(
            store,
            "SELECT link_id, segment, position, name_zh, name_en FROM chain_links "
            "WHERE chain_id = ? ORDER BY position",
            [chain["chain_id"]],
        )
        firms = _records(
            store,
            "SELECT link_id, firm_zh, firm_en, role, source_id FROM chain_firms "
            "WHERE chain_id = ? ORDER BY role, firm_en",
            [chain["chain_id"]],
        )
        for link in links:
            placed = [f for f in firms if f["link_id"] == link["link_id"]]
            link["firms"] = sorted({f["firm_en"] for f in placed})
            link["leaders"] = sorted({f["firm_en"] for f in placed if f["role"] == "leader"})
        chain["links"] = links
        chain["gaps"] = [link["link_id"] for link in links if not link["firms"]]
        chain["firms_per_link"] = {link["link_id"]: len(link["firms"]) for link in links}
        chain["firms_without_link"] = sorted({f["firm_en"] for f in firms if not f["link_id"]})
    return chains


def platform_report(store: Store, zone_id: str) -> dict[str, Any]:
    """Platforms of a zone by level, and its share of those the ledger holds for its
    province (platforms placed in the province itself or in any zone of it)."""
    [(province,)] = store.sql(
        "SELECT coalesce(province, zone_id) FROM zones WHERE zone_id = ?", [zone_id]
    )
    rows = _records(
        store,
        "SELECT p.level, count(*) FILTER (WHERE p.zone_id = ?) AS zone_count, "
        "count(*) AS province_count FROM platforms p JOIN zones z ON p.zone_id = z.zone_id "
        "WHERE coalesce(z.province, z.zone_id) = ? GROUP BY p.level ORDER BY p.level",
        [zone_id, province],
    )
    for row in rows:
        row["share_of_province"] = (
            row["zone_count"] / row["province_count"] if row["province_count"] else None
        )
    listed = _records(
        store,
        "SELECT platform_id, name_zh, name_en, kind, level, since, source_id FROM platforms "
        "WHERE zone_id = ? ORDER BY level, platform_id",
        [zone_id],
    )
    return {"zone": zone_id, "province": province, "by_level": rows, "platforms": listed}
