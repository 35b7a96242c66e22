"""Peer sets: the groups of zones a rank is stated among.

The sets themselves are data (`registry.kinds`, from `data/catalog/zone_kinds.yaml`):
every zone kind, the listed groups of kinds, and each province's development zones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zonemetrics.lazy_modules import lazy_module

if TYPE_CHECKING:
    import ibis
else:
    ibis = lazy_module("ibis")  # imported when an expression is first built

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.ranges import Tables
from zonemetrics.registry.kinds import PeerSet, listed_peer_sets, peer_set


def _province_names(tables: Tables) -> dict[str, tuple[str, str]]:
    zones = tables.table("zones")
    rows = zones.filter(zones.kind == "province").select("zone_id", "name_en", "name_zh")
    return {r["zone_id"]: (r["name_en"], r["name_zh"]) for r in rows.to_pyarrow().to_pylist()}


def find_peer_set(tables: Tables, code: str) -> PeerSet:
    """The peer set spelt `code`; a clear error listing the known ones otherwise."""
    found = peer_set(code, _province_names(tables) if code.endswith("_zones") else {})
    if found is None:
        raise ZonemetricsError(
            f"unknown peer set '{code}' (known: {', '.join(sorted(listed_peer_sets()))}, "
            "or <province id>_zones such as hunan_zones)"
        )
    return found


def peer_set_description(code: str) -> str:
    listed = listed_peer_sets().get(code)
    return listed.description if listed else f"development zones of one province ({code})"


def peer_zones(tables: Tables, peer_set: str) -> ibis.Table:
    """The zones of a peer set, with their names."""
    found = find_peer_set(tables, peer_set)
    zones = tables.table("zones")
    chosen = zones.kind.isin(list(found.kinds))
    if found.province is not None:
        chosen &= zones.province == found.province
    return zones.filter(chosen).select("zone_id", "name_en", "name_zh")
