"""The names of the groups of zones, shared by zone kinds and peer sets.

A peer set is the zones of one kind: `new_area` names both the kind of a zone and the
peer set of all new areas, so a user types one spelling wherever a group of zones is
meant (`zones --kind new_area`, `rank gdp --peers new_area`). The ledger keeps the
plural peer-set ids that sources' reported ranks were recorded with (`new_areas`);
either spelling is accepted everywhere. This module imports nothing heavy, so the
command line can resolve names before loading Ibis.
"""

from __future__ import annotations

from zonemetrics.errors import ZonemetricsError

# peer-set id (as stored with reported ranks) -> (zone kind, description)
PEER_SETS = {
    "new_areas": ("new_area", "China's state-level new areas (国家级新区)"),
    "provinces": ("province", "China's provinces (省级行政区) held in the ledger"),
}

_ID_OF_KIND = {kind: peer_set for peer_set, (kind, _) in PEER_SETS.items()}


def zone_kind(name: str) -> str:
    """The zone kind a group name means: a kind as it is, a peer-set id as its kind."""
    return PEER_SETS[name][0] if name in PEER_SETS else name


def peer_set_id(name: str) -> str:
    """The stored peer-set id a group name means (`new_area` -> `new_areas`)."""
    if name in PEER_SETS:
        return name
    if name in _ID_OF_KIND:
        return _ID_OF_KIND[name]
    known = sorted({*_ID_OF_KIND, *PEER_SETS})
    raise ZonemetricsError(f"unknown peer set '{name}' (known: {', '.join(known)})")
