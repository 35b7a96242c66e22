"""A firm's address -> province, city and county (cpca), checked against the 2023 division
codes the registry holds, then -> the development zones whose home is that county.

cpca recognises place names in free Chinese text and returns the division code it knows;
its tables are older than 2023, so a code counts only if the ledger holds it as a 2023
division (a county renamed or merged since then resolves to nothing rather than to a
division that no longer exists).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zonemetrics.registry.kinds import development_zone_kinds
from zonemetrics.store.connection import Store


@dataclass(frozen=True)
class Place:
    province_id: str | None
    city_id: str | None
    county_id: str | None


def _zone_by_code(store: Store) -> dict[str, tuple[str, str]]:
    """Division code -> (zone id, kind) for every division zone the store holds."""
    rows = store.sql(
        "SELECT a.alias, z.zone_id, z.kind FROM zone_aliases a JOIN zones z USING (zone_id) "
        "WHERE z.kind IN ('province', 'city', 'county') AND regexp_full_match(a.alias, '[0-9]+')"
    )
    return {alias: (zone_id, kind) for alias, zone_id, kind in rows}


def resolve_addresses(store: Store, addresses: Sequence[str | None]) -> list[Place]:
    """One Place per address (all None where cpca or the 2023 codes know no county)."""
    import cpca

    by_code = _zone_by_code(store)
    texts = [a or "" for a in addresses]
    frame = cpca.transform(texts) if texts else None
    places = []
    for index in range(len(texts)):
        adcode = None if frame is None else frame["adcode"].iloc[index]
        code = str(adcode) if isinstance(adcode, str) or adcode == adcode else ""
        county = by_code.get(code[:6]) if len(code) >= 6 else None
        city = by_code.get(code[:4])
        province = by_code.get(code[:2])
        places.append(
            Place(
                province[0] if province else None,
                city[0] if city else None,
                county[0] if county and county[1] == "county" else None,
            )
        )
    return places


def zones_covering(store: Store, county_id: str) -> list[dict[str, str | None]]:
    """The development zones whose home is this county, with the month each zone's
    definition holds from (its approval)."""
    kinds = list(development_zone_kinds())
    marks = ", ".join("?" for _ in kinds)
    rows = store.sql(
        f"SELECT zone_id, name_zh, kind, approval_date FROM zones "
        f"WHERE parent = ? AND kind IN ({marks}) ORDER BY approval_date, zone_id",
        [county_id, *kinds],
    )
    return [{"zone_id": z, "name_zh": n, "kind": k, "holds_from": d} for z, n, k, d in rows]
