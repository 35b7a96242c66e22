"""Approved areas of catalogue zones, for listings beside the zone's approval month."""

from __future__ import annotations

from zonemetrics.indicators.ranges import Tables
from zonemetrics.registry.catalogue import AREA_CALIBER


def approved_areas(tables: Tables, zone_ids: list[str] | None = None) -> dict[str, float]:
    """km2 by zone id, as the 2018 catalogue states the approved area (one value per zone:
    the catalogue is one source and one caliber)."""
    obs = tables.table("observations")
    chosen = (obs.indicator == "land_area") & (obs.caliber == AREA_CALIBER)
    if zone_ids is not None:
        chosen &= obs.zone_id.isin(zone_ids)
    rows = obs.filter(chosen).select("zone_id", "value").to_pyarrow().to_pylist()
    return {r["zone_id"]: r["value"] for r in rows}
