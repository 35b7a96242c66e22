"""Peer sets: the groups of zones a rank is stated among."""

from __future__ import annotations

import ibis

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.peer_sets import PEER_SETS
from zonemetrics.indicators.ranges import Tables

__all__ = ["PEER_SETS", "peer_zones"]


def peer_zones(tables: Tables, peer_set: str) -> ibis.Table:
    """The zones of a peer set, with their names."""
    if peer_set not in PEER_SETS:
        raise ZonemetricsError(
            f"unknown peer set '{peer_set}' (known: {', '.join(sorted(PEER_SETS))})"
        )
    kind, _ = PEER_SETS[peer_set]
    zones = tables.table("zones")
    return zones.filter(zones.kind == kind).select("zone_id", "name_en", "name_zh")
