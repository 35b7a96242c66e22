"""Honest peer rankings: min-rank ties, direction-aware, with the peer set stated.

A ranking says how many peers it is among, how many had data, which lacked it, which
had only a bound (and how far the bound moves the others' ranks), and whether the
values it compares were measured on different calibers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zonemetrics.lazy_modules import lazy_module

if TYPE_CHECKING:
    import ibis
else:
    ibis = lazy_module("ibis")  # imported when an expression is first built

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.catalog import derived_catalog
from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.peers import find_peer_set, peer_set_description, peer_zones
from zonemetrics.indicators.ranges import Tables
from zonemetrics.ingest.plausibility import flags_by_observation
from zonemetrics.ledger.policy import count_true, preferred_values, usable_values
from zonemetrics.store import compiled

BOUND_QUALIFIERS = ("lower_bound", "upper_bound", "band")

# When a zone has values on several calibers (a GDP on the whole area and on the directly
# administered area; a density on each area definition), a ranking uses the first of
# these that it holds: the boundary most comparable across zones. `--caliber` overrides.
CALIBER_PREFERENCE = (
    "approved_plan",
    "whole_area",
    "district",
    "city",
    "unstated",
    "planning_area",
    "administrative",
    "core_area",
    "directly_administered",
)


def caliber_rank(caliber: ibis.Value) -> ibis.Value:
    """Position of a caliber (or of the first preferred part of a compound 'a/b' caliber)."""
    return ibis.cases(
        *[(caliber.contains(name), rank) for rank, name in enumerate(CALIBER_PREFERENCE)],
        else_=len(CALIBER_PREFERENCE),
    )


@dataclass
class Ranking:
    indicator: str
    year: int
    peer_set: str
    direction: str
    unit: str
    of: int
    with_data: int
    rows: list[dict[str, Any]]
    bound_only: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    calibers: dict[str, int] = field(default_factory=dict)

    @property
    def mixed_calibers(self) -> bool:
        return len(self.calibers) > 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "year": self.year,
            "peer_set": self.peer_set,
            "peer_set_description": peer_set_description(self.peer_set),
            "direction": self.direction,
            "unit": self.unit,
            "of": self.of,
            "with_data": self.with_data,
            "bound_only": self.bound_only,
            "missing": self.missing,
            "calibers": self.calibers,
            "mixed_calibers": self.mixed_calibers,
            "rows": self.rows,
        }


def indicator_info(tables: Tables, code: str) -> tuple[str, str]:
    """Direction and unit of a base or derived indicator."""
    catalog = derived_catalog()
    if code in catalog:
        return catalog[code].direction, catalog[code].unit

    def build(p: dict[str, Any]) -> ibis.Table:
        indicators = tables.table("indicators")
        return indicators.filter(indicators.code == p["code"]).select("direction", "unit")

    rows = compiled.rows(tables, "indicator_info", build, code=code)
    if not rows:
        raise ZonemetricsError(f"unknown indicator '{code}' (see the catalogue)")
    return rows[0]["direction"], rows[0]["unit"]


def candidate_values(tables: Tables, code: str, year: int | None) -> ibis.Table:
    """Yearly values of one indicator (for one year, or all), base or derived, with receipts."""
    if code in derived_catalog():
        values = compute(tables, code)
        values = values.mutate(
            tier_rank=ibis.literal(0),
            choice=ibis.literal(0),
            published=ibis.null("string"),
            source_id=ibis.null("string"),
        )
    else:
        values = usable_values(tables)
        values = values.filter((values.indicator == code) & (values.measure == "value"))
        values = values.mutate(receipt=ibis.array([values.obs_id]))
    values = values.filter(values.period_kind == "year")
    return values if year is None else values.filter(values.period_start_year == year)


def ranking_expr(
    tables: Tables,
    code: str,
    year: int,
    peer_set: str,
    direction: str,
    caliber: str | None,
    only: list[str] | None = None,
) -> ibis.Table:
    """One row per peer: its chosen value (or none), min rank, and the rank range that
    the bound-only peers leave open. `only` narrows the peer set to some of its zones."""
    peers = peer_zones(tables, peer_set)
    if only is not None:
        peers = peers.filter(peers.zone_id.isin(only))
    values = candidate_values(tables, code, year).semi_join(peers, "zone_id")
    if caliber is not None:
        values = values.filter(
            (values.caliber == caliber) | values.caliber.startswith(caliber + "/")
        )
    is_bound = values.qualifier.isin(BOUND_QUALIFIERS)
    choose = ibis.window(
        group_by="zone_id",
        order_by=[
            is_bound,
            caliber_rank(values.caliber),
            values.choice,  # the reconciliation policy's own order within a figure
            values.tier_rank,
            values.caliber,
            ibis.desc(values.value),
        ],
    )
    chosen = values.mutate(_pick=ibis.row_number().over(choose), is_bound=is_bound)
    chosen = chosen.filter(chosen._pick == 0).drop("_pick")
    higher_better = direction != "lower_better"
    exact = chosen.filter(~chosen.is_bound)
    order = ibis.desc(exact.value) if higher_better else exact.value
    ranked = exact.mutate(rank=ibis.rank().over(ibis.window(order_by=order)) + 1)
    bounds = chosen.filter(chosen.is_bound).select(
        b_zone=chosen.zone_id,
        b_lo=ibis.cases((chosen.qualifier == "upper_bound", -1e300), else_=chosen.value),
        b_hi=ibis.cases(
            (chosen.qualifier == "lower_bound", 1e300),
            else_=ibis.coalesce(chosen.value_high, chosen.value),
        ),
    )
    pairs = ranked.select("zone_id", "value").cross_join(bounds)
    if higher_better:
        surely, maybe = pairs.b_lo > pairs.value, pairs.b_hi > pairs.value
    else:
        surely, maybe = pairs.b_hi < pairs.value, pairs.b_lo < pairs.value
    shifts = pairs.group_by("zone_id").aggregate(
        surely_ahead=count_true(surely), maybe_ahead=count_true(maybe)
    )
    ranked = ranked.left_join(shifts, "zone_id").drop("zone_id_right")
    ranked = ranked.mutate(
        rank_best=ranked.rank + ibis.coalesce(ranked.surely_ahead, 0),
        rank_worst=ranked.rank + ibis.coalesce(ranked.maybe_ahead, 0),
    ).drop("surely_ahead", "maybe_ahead")
    unranked = chosen.filter(chosen.is_bound).mutate(
        rank=ibis.null("int64"), rank_best=ibis.null("int64"), rank_worst=ibis.null("int64")
    )
    result = ibis.union(ranked, unranked.select(*ranked.columns))
    return peers.left_join(result, "zone_id").drop("zone_id_right")


def _receipt_sources(tables: Tables, obs_ids: set[int]) -> dict[int, str]:
    if not obs_ids:
        return {}
    if hasattr(tables, "sql"):  # the embedded store: one plain query, nothing to compile
        listed = ", ".join(str(int(i)) for i in sorted(obs_ids))
        found = tables.sql(f"SELECT obs_id, source_id FROM observations WHERE obs_id IN ({listed})")
        return dict(found)
    obs = tables.table("observations")
    rows = obs.filter(obs.obs_id.isin(sorted(obs_ids))).select("obs_id", "source_id")
    return {r["obs_id"]: r["source_id"] for r in rows.to_pyarrow().to_pylist()}


def rank(
    tables: Tables,
    code: str,
    year: int,
    peer_set: str = "new_areas",
    caliber: str | None = None,
    only: list[str] | None = None,
) -> Ranking:
    """Rank the zones of a peer set on an indicator in a year."""
    direction, unit = indicator_info(tables, code)
    # the peer set is resolved (and an unknown one refused) before anything is compiled
    peers = find_peer_set(tables, peer_set)
    narrowed = sorted(only) if only is not None else None
    shape = f"rank:{code}:{peers}:{direction}:{caliber}:{narrowed}"
    rows = compiled.rows(
        tables,
        shape,
        lambda p: ranking_expr(tables, code, p["year"], peer_set, direction, caliber, only),
        year=year,
    )
    sources = _receipt_sources(
        tables, {i for r in rows for i in (r["receipt"] or []) if i is not None}
    )
    # plausibility flags (rows imported with --accept-outliers) live in the embedded store
    flagged = (
        flags_by_observation(tables, sorted({i for r in rows for i in (r["receipt"] or []) if i}))
        if hasattr(tables, "sql")
        else {}
    )
    out, bound_only, missing, calibers = [], [], [], {}
    of = len(rows)
    with_data = sum(1 for r in rows if r["rank"] is not None)
    for r in rows:
        if r["value"] is None:
            missing.append(r["zone_id"])
        elif r["rank"] is None:
            bound_only.append(r["zone_id"])
        if r["value"] is not None:
            calibers[r["caliber"]] = calibers.get(r["caliber"], 0) + 1
        receipt = sorted(i for i in (r["receipt"] or []) if i is not None)
        out.append(
            {
                "zone": r["zone_id"],
                "name_en": r["name_en"],
                "name_zh": r["name_zh"],
                "value": r["value"],
                "value_high": r["value_high"],
                "qualifier": r["qualifier"],
                "unit": unit,
                "period": r["period"],
                "caliber": r["caliber"],
                "rank": r["rank"],
                "rank_best": r["rank_best"],
                "rank_worst": r["rank_worst"],
                "of": of,
                "with_data": with_data,
                "source_ids": sorted({sources[i] for i in receipt if i in sources}),
                "receipt": receipt,
                "flags": [f for i in receipt for f in flagged.get(i, [])],
            }
        )
    out.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["value"] is None, r["zone"]))
    return Ranking(
        indicator=code,
        year=year,
        peer_set=peer_set,
        direction=direction,
        unit=unit,
        of=of,
        with_data=with_data,
        rows=out,
        bound_only=sorted(bound_only),
        missing=sorted(missing),
        calibers=calibers,
    )


def reported_ranks(tables: Tables, code: str, year: int, peer_set: str) -> dict[str, dict]:
    """Ranks that sources report for the same indicator, year and peer set, by zone."""

    def build(p: dict[str, Any]) -> ibis.Table:
        values = preferred_values(tables)
        values = values.filter(
            (values.indicator == p["code"])
            & (values.measure == "rank")
            & (values.peer_set == p["peer_set"])
            & (values.period_start_year == p["year"])
            & (values.period_end_year == p["year"])
        )
        return values.select("zone_id", "value", "source_id", "tier", "conflicts")

    found = compiled.rows(tables, "reported_ranks", build, code=code, year=year, peer_set=peer_set)
    return {r["zone_id"]: r for r in found}


def rank_with_reported(
    tables: Tables, code: str, year: int, peer_set: str = "new_areas", caliber: str | None = None
) -> Ranking:
    """A computed ranking with, beside each zone, any rank a source reports for it."""
    ranking = rank(tables, code, year, peer_set, caliber)
    reported = reported_ranks(tables, code, year, peer_set)
    for row in ranking.rows:
        found = reported.get(row["zone"])
        row["reported_rank"] = int(found["value"]) if found else None
        row["reported_rank_source_id"] = found["source_id"] if found else None
    return ranking


def rank_change(
    tables: Tables, code: str, start: int, end: int, peer_set: str = "new_areas"
) -> dict[str, Any]:
    """Ranks in two years among the same peers, and the change (positive: moved up).

    A change in rank means something only among the same zones on the same caliber:
    both years are ranked among the peers that have an exact value in both years on
    the same caliber; the others are listed with the reason they are left out.
    """
    first = {r["zone"]: r for r in rank(tables, code, start, peer_set).rows}
    last = {r["zone"]: r for r in rank(tables, code, end, peer_set).rows}
    common, left_out = [], {}
    for zone in sorted(last):
        a, b = first.get(zone, {}), last[zone]
        if a.get("rank") is None or b["rank"] is None:
            missing = [str(y) for y, r in ((start, a), (end, b)) if r.get("rank") is None]
            left_out[zone] = f"no exact value in {' and '.join(missing)}"
        elif a["caliber"] != b["caliber"]:
            left_out[zone] = f"caliber changed: {a['caliber']} -> {b['caliber']}"
        else:
            common.append(zone)
    before = {r["zone"]: r for r in rank(tables, code, start, peer_set, only=common).rows}
    after = rank(tables, code, end, peer_set, only=common)
    rows = [
        {
            "zone": r["zone"],
            "name_en": r["name_en"],
            "name_zh": r["name_zh"],
            "caliber": r["caliber"],
            f"rank_{start}": before[r["zone"]]["rank"],
            f"rank_{end}": r["rank"],
            "change": before[r["zone"]]["rank"] - r["rank"],
        }
        for r in after.rows
    ]
    return {
        "indicator": code,
        "from": start,
        "to": end,
        "peer_set": peer_set,
        "of": len(common),
        "rows": rows,
        "left_out": left_out,
    }
