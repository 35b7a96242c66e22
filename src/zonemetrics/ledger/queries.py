"""What the commands show: zones, a zone's indicators, sources, conflicts, latest values.

Each query returns plain records (lists of dicts) so that the CLI, the JSON output and
later the web API render the same thing.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from zonemetrics.lazy_modules import lazy_module

if TYPE_CHECKING:
    import ibis
else:
    ibis = lazy_module("ibis")  # imported when an expression is first built

from zonemetrics.ledger.aliases import resolve_zone
from zonemetrics.ledger.listing import zones
from zonemetrics.ledger.policy import (
    GROUP,
    cannot_both_hold,
    judged_observations,
    preferred_values,
    usable_values,
)
from zonemetrics.store import compiled
from zonemetrics.store.connection import Store

Record = dict[str, Any]

__all__ = ["zones"]  # the zone list lives in its own light module; re-exported here


def _records(expr: ibis.Table | list[Record]) -> list[Record]:
    rows = expr if isinstance(expr, list) else expr.to_pyarrow().to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[key] = None
            elif hasattr(value, "isoformat"):
                row[key] = value.isoformat()
    return rows


def zone_record(store: Store, name: str) -> Record:
    zone_id = resolve_zone(store, name)

    def build(p: dict[str, Any]) -> ibis.Table:
        table = store.table("zones")
        return table.filter(table.zone_id == p["zone"]).drop("ingest_id")

    return _records(compiled.rows(store, "zone_record", build, zone=zone_id))[0]


_SHOW_COLUMNS = (
    "indicator",
    "measure",
    "peer_set",
    "period",
    "period_kind",
    "value",
    "value_high",
    "unit",
    "qualifier",
    "inclusive",
    "original_text",
    "caliber",
    "status",
    "source_id",
    "tier",
    "conflicts",
    "agreeing",
    "n_values",
)


def show_zone(store: Store, name: str, year: int | None = None) -> Record:
    """Every indicator and period held for a zone: the preferred value of each, and
    beside it every other value held (agreeing or conflicting), with its source."""
    zone = zone_record(store, name)
    asked = {"zone": zone["zone_id"]} | ({} if year is None else {"year": year})

    def held(p: dict[str, Any]) -> ibis.Table:
        values = preferred_values(store)
        values = values.filter(values.zone_id == p["zone"])
        if "year" in p:
            values = values.filter(
                (values.period_start_year <= p["year"]) & (values.period_end_year >= p["year"])
            )
        ordered = values.order_by(["indicator", "measure", "period", "caliber"])
        return ordered.select(*_SHOW_COLUMNS, "obs_id", *GROUP[:1])

    def beside(p: dict[str, Any]) -> ibis.Table:
        judged = judged_observations(store)
        return judged.filter(
            (judged.zone_id == p["zone"]) & (judged.judgement != "preferred")
        ).order_by(["choice"])

    rows = _records(compiled.rows(store, f"show_held:{year is None}", held, **asked))
    others: dict[tuple, list[Record]] = {}
    for other in _records(compiled.rows(store, "show_beside", beside, zone=zone["zone_id"])):
        key = tuple(other[k] for k in GROUP)
        others.setdefault(key, []).append(
            {
                k: other[k]
                for k in (
                    "original_text",
                    "value",
                    "qualifier",
                    "status",
                    "source_id",
                    "tier",
                    "judgement",
                    "obs_id",
                )
            }
        )
    for row in rows:
        row["beside"] = others.get(tuple(row[k] for k in GROUP), [])
        del row["zone_id"]
    _attach_flags(store, rows)
    return {
        "zone": zone["zone_id"],
        "name_en": zone["name_en"],
        "name_zh": zone["name_zh"],
        "kind": zone["kind"],
        "year": year,
        "indicators": rows,
    }


def _attach_flags(store: Store, rows: list[Record]) -> None:
    """`flags`: the plausibility rules a value broke when it was imported with
    --accept-outliers (empty for every other value), on each value and each beside."""
    from zonemetrics.ingest.plausibility import flags_by_observation

    everything = [*rows, *(b for row in rows for b in row["beside"])]
    found = flags_by_observation(store, [r["obs_id"] for r in everything])
    for record in everything:
        record["flags"] = found.get(record["obs_id"], [])


def sources(store: Store) -> list[Record]:
    table = store.table("sources")
    obs = store.table("observations")
    counts = obs.group_by("source_id").aggregate(observations=obs.count())
    joined = table.left_join(counts, "source_id").drop("source_id_right", "ingest_id")
    joined = joined.mutate(observations=ibis.coalesce(joined.observations, 0))
    return _records(joined.order_by(["tier", "source_id"]))


def conflicts(store: Store, zone: str | None = None) -> list[Record]:
    """Groups where at least one value cannot be reconciled with the preferred one
    (one SQL statement in the store: see ledger.conflicts)."""
    from zonemetrics.ledger.conflicts import conflicting_groups

    return conflicting_groups(store, resolve_zone(store, zone) if zone else None)


def possible_conflicts(store: Store, zone: str | None = None) -> list[Record]:
    """Figures whose value on an unstated caliber cannot be true on any named caliber
    the ledger holds for the same zone, indicator and period.

    Different calibers are different figures, so these are not conflicts; but a source
    that does not say which boundary it counts must mean one of them, and when its value
    fits none the reader should look (Pudong 2021: 1.45 trillion, boundary unstated,
    beside 1.54 trillion for the district).
    """
    values = preferred_values(store)
    if zone:
        values = values.filter(values.zone_id == resolve_zone(store, zone))
    unstated = values.filter(values.caliber == "unstated")
    named = values.filter(values.caliber != "unstated").view()
    keys = ["zone_id", "indicator", "measure", "peer_set", "period"]
    pairs = unstated.join(named, [unstated[k] == named[k] for k in keys])
    pairs = pairs.mutate(fits=~cannot_both_hold(pairs.lo, pairs.hi, pairs.lo_right, pairs.hi_right))
    summary = pairs.group_by(keys).aggregate(
        fits_any=pairs.fits.any(),
        unstated_text=pairs.original_text.first(),
        unstated_source=pairs.source_id.first(),
        named=pairs.caliber_right.collect(),
        named_texts=pairs.original_text_right.collect(),
        named_sources=pairs.source_id_right.collect(),
    )
    summary = summary.filter(~summary.fits_any).drop("fits_any").order_by(keys)
    return _records(summary)


def latest_values(store: Store, indicator: str, kind: str = "new_area") -> list[Record]:
    """For every zone of a kind, its latest yearly value of an indicator.

    The latest year with a reported value wins (estimates and forecasts only when the
    zone has nothing else); in that year an exact figure beats a bound, then the
    policy's tier and recency order applies across calibers. Zones without
    any value are listed with value None: missing is shown, not dropped.
    """
    values = usable_values(store)
    values = values.filter(
        (values.indicator == indicator)
        & (values.measure == "value")
        & (values.period_kind == "year")
    )
    bound_last = values.qualifier.isin(["lower_bound", "upper_bound", "band"])
    window = ibis.window(
        group_by="zone_id",
        order_by=[
            values.status.isin(["E", "F"]),
            ibis.desc(values.period_start_year),
            bound_last,
            values.tier_rank,
            values.published.isnull(),
            ibis.desc(values.published),
        ],
    )
    latest = values.mutate(pick=ibis.row_number().over(window)).filter(lambda t: t.pick == 0)
    all_values = judged_observations(store)
    same_year = all_values.filter(
        (all_values.indicator == indicator)
        & (all_values.measure == "value")
        & (all_values.period_kind == "year")
    )
    beside = same_year.group_by(["zone_id", "period"]).aggregate(
        values_in_year=same_year.count(), calibers_in_year=same_year.caliber.nunique()
    )
    latest = latest.left_join(beside, ["zone_id", "period"]).drop("zone_id_right", "period_right")
    zones_table = (
        store.table("zones")
        .filter(lambda z: z.kind == kind)
        .select("zone_id", "name_en", "name_zh", "approval_date")
    )
    joined = zones_table.left_join(latest, "zone_id").drop("zone_id_right")
    joined = joined.order_by(
        [joined.period_start_year.isnull(), ibis.desc(joined.value), "approval_date"]
    )
    return _records(
        joined.select(
            "zone_id",
            "name_en",
            "name_zh",
            "period",
            "value",
            "value_high",
            "unit",
            "qualifier",
            "original_text",
            "caliber",
            "status",
            "source_id",
            "tier",
            "conflicts",
            "values_in_year",
            "calibers_in_year",
        )
    )
