"""The ledger's tables as people read them: zone names in Chinese and English, values
in 亿元 and %, each observation marked preferred, agreeing, conflicting or superseded
with the number of values that conflict in its figure, and derived values and ranks
with their receipts.

A colleague in R, pandas or Excel gets the reconciliation policy's verdicts as columns
and never has to re-implement them; the raw base-unit value stays beside the display
value so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import ibis
import pyarrow as pa

from zonemetrics.indicators.catalog import derived_catalog
from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.rank import candidate_values, rank
from zonemetrics.indicators.receipts import receipt_details
from zonemetrics.indicators.tables import (
    DISPLAY_UNITS,
    LOW_TIERS,
    display_unit,
    plausibility_flags,
    resolve_zones,
    significant,
    to_display,
)
from zonemetrics.indicators.zone_view import RANKED_IN_SHOW
from zonemetrics.ledger.policy import GROUP, judged_observations, preferred_values
from zonemetrics.store.connection import Store

Step = Callable[[str], None]


def _no_step(_label: str) -> None:
    return None


@dataclass(frozen=True)
class Selection:
    """What an export holds: some zones, indicators and years (None: all)."""

    zones: tuple[str, ...] | None = None
    indicators: tuple[str, ...] | None = None
    years: tuple[int, ...] | None = None

    @classmethod
    def of(
        cls,
        store: Store,
        zones: list[str] | None = None,
        indicators: list[str] | None = None,
        years: list[int] | None = None,
    ) -> Selection:
        """A selection with zone names resolved to ids (湘江新区 -> xiangjiang)."""
        zone_ids = resolve_zones(store, zones)
        return cls(
            zones=tuple(zone_ids) if zone_ids is not None else None,
            indicators=tuple(indicators) if indicators is not None else None,
            years=tuple(sorted(years)) if years is not None else None,
        )

    @property
    def everything(self) -> bool:
        return self.zones is None and self.indicators is None and self.years is None

    def describe(self) -> str:
        parts = []
        for label, chosen in (
            ("zones", self.zones),
            ("indicators", self.indicators),
            ("years", self.years),
        ):
            parts.append(f"{label}: {', '.join(map(str, chosen)) if chosen else 'all'}")
        return "; ".join(parts)

    def filter(self, table: ibis.Table) -> ibis.Table:
        """Rows of the selected zones, indicators and years; a period counts for a year
        when it includes it (a 2021-2025 span is in 2023), undated periods in none."""
        if self.zones is not None and "zone_id" in table.columns:
            table = table.filter(table.zone_id.isin(self.zones))
        if self.indicators is not None and "indicator" in table.columns:
            table = table.filter(table.indicator.isin(self.indicators))
        if self.years is not None and "period_start_year" in table.columns:
            overlaps = [
                (table.period_start_year <= year) & (table.period_end_year >= year)
                for year in self.years
            ]
            table = table.filter(ibis.or_(*overlaps))
        return table


EVERYTHING = Selection()


def _display_columns(value: ibis.Value, unit: ibis.Value) -> dict[str, ibis.Value]:
    factor = unit.cases(*[(u, f) for u, (_, f) in DISPLAY_UNITS.items()], else_=1.0)
    shown = unit.cases(*[(u, s) for u, (s, _) in DISPLAY_UNITS.items()], else_=unit)
    return {"display_factor": factor, "display_unit": shown}


OBSERVATION_COLUMNS = (
    "obs_id",
    "zone_id",
    "zone_name_zh",
    "zone_name_en",
    "indicator",
    "indicator_name_zh",
    "indicator_name_en",
    "measure",
    "peer_set",
    "period",
    "period_kind",
    "period_start_year",
    "period_end_year",
    "display_value",
    "display_value_high",
    "display_unit",
    "qualifier",
    "inclusive",
    "original_text",
    "caliber",
    "status",
    "judgement",
    "preferred",
    "conflicts_in_figure",
    "values_in_figure",
    "flag_reason",
    "source_id",
    "tier",
    "value",
    "value_high",
    "unit",
    "unit_text",
    "rounding",
    "note",
    "vintage",
)


def observations_table(store: Store, selection: Selection = EVERYTHING) -> pa.Table:
    """Every observation (earlier vintages too), with names, display units and the
    policy's verdict on it: preferred, agreeing, conflicting, or superseded (an earlier
    vintage of a source's own figure)."""
    obs = selection.filter(store.table("observations"))
    judged = judged_observations(store).select("obs_id", "judgement")
    counts = preferred_values(store).select(
        *GROUP, conflicts_in_figure="conflicts", values_in_figure="n_values"
    )
    zones = store.table("zones").select("zone_id", zone_name_zh="name_zh", zone_name_en="name_en")
    indicators = store.table("indicators").select(
        indicator="code", indicator_name_zh="name_zh", indicator_name_en="name_en"
    )
    tiers = store.table("sources").select("source_id", "tier")
    flags = plausibility_flags(store)
    if flags is not None:
        obs = obs.left_join(flags, "obs_id").drop("obs_id_right")
    else:
        obs = obs.mutate(flag_reason=ibis.null("string"))
    joined = (
        obs.left_join(judged, "obs_id")
        .drop("obs_id_right")
        .left_join(counts, list(GROUP))
        .drop(*[f"{k}_right" for k in GROUP])
        .left_join(zones, "zone_id")
        .drop("zone_id_right")
        .left_join(indicators, "indicator")
        .drop("indicator_right")
        .left_join(tiers, "source_id")
        .drop("source_id_right")
    )
    display = _display_columns(joined.value, joined.unit)
    joined = joined.mutate(
        judgement=ibis.coalesce(joined.judgement, "superseded"),
        display_unit=display["display_unit"],
        display_value=joined.value / display["display_factor"],
        display_value_high=joined.value_high / display["display_factor"],
    )
    joined = joined.mutate(preferred=joined.judgement == "preferred")
    ordered = joined.order_by(["zone_id", "indicator", "measure", "period", "caliber", "obs_id"])
    table = ordered.select(*OBSERVATION_COLUMNS).to_pyarrow()
    return _tidy_display(table)


def _tidy_display(table: pa.Table) -> pa.Table:
    """Display values without binary-fraction noise (4632.8, not 4632.799999999999)."""
    for name in ("display_value", "display_value_high"):
        index = table.column_names.index(name)
        cleaned = [to_display(v, 1.0) for v in table[name].to_pylist()]
        table = table.set_column(index, name, pa.array(cleaned, pa.float64()))
    return table


def _receipt_text(inputs: Iterable[dict[str, Any]]) -> str:
    return "; ".join(
        f"{u['indicator']} {u['period']} {u['original_text']} ({u['source_id']}, {u['tier']})"
        for u in inputs
    )


def derived_table(
    store: Store, selection: Selection = EVERYTHING, step: Step = _no_step
) -> pa.Table:
    """Every derived value the ledger supports in the selection, each with its receipt:
    the observations used (ids, as written, with source and tier) and what weakens it
    (an input from a re-post or a blog, inputs with conflicting values)."""
    catalog = derived_catalog()
    codes = [c for c in catalog if selection.indicators is None or c in selection.indicators]
    rows: list[dict[str, Any]] = []
    for code in codes:
        step(f"derived {code}")
        values = selection.filter(compute(store, code).mutate(indicator=ibis.literal(code)))
        values = values.order_by(["zone_id", "period", "caliber"])
        rows.extend(values.to_pyarrow().to_pylist())
    ids = sorted({i for r in rows for i in r["receipt"]})
    inputs = {d["obs_id"]: d for d in receipt_details(store, ids)}
    names = _zone_names(store)
    out = []
    for r in rows:
        spec = catalog[r["indicator"]]
        shown_unit, factor = display_unit(spec.unit)
        used = [inputs[i] for i in sorted(r["receipt"]) if i in inputs]
        tiers = sorted({u["tier"] for u in used})
        out.append(
            {
                "zone_id": r["zone_id"],
                "zone_name_zh": names.get(r["zone_id"], ("", ""))[0],
                "zone_name_en": names.get(r["zone_id"], ("", ""))[1],
                "indicator": r["indicator"],
                "indicator_name_zh": spec.name_zh,
                "indicator_name_en": spec.name_en,
                "period": r["period"],
                "period_kind": r["period_kind"],
                "display_value": significant(to_display(r["value"], factor)),
                "display_value_high": significant(to_display(r["value_high"], factor)),
                "display_unit": shown_unit,
                "qualifier": r["qualifier"],
                "caliber": r["caliber"],
                "value": r["value"],
                "value_high": r["value_high"],
                "unit": spec.unit,
                "definition": spec.definition,
                "receipt_obs_ids": ";".join(str(i) for i in sorted(r["receipt"])),
                "receipt": _receipt_text(used),
                "input_tiers": ";".join(tiers),
                "input_low_tier": bool(set(tiers) & set(LOW_TIERS)),
                "input_conflicts": sum(int(u["conflicts"] or 0) for u in used),
            }
        )
    return _arrow(out, DERIVED_SCHEMA)


DERIVED_SCHEMA = pa.schema(
    [
        ("zone_id", pa.string()),
        ("zone_name_zh", pa.string()),
        ("zone_name_en", pa.string()),
        ("indicator", pa.string()),
        ("indicator_name_zh", pa.string()),
        ("indicator_name_en", pa.string()),
        ("period", pa.string()),
        ("period_kind", pa.string()),
        ("display_value", pa.float64()),
        ("display_value_high", pa.float64()),
        ("display_unit", pa.string()),
        ("qualifier", pa.string()),
        ("caliber", pa.string()),
        ("value", pa.float64()),
        ("value_high", pa.float64()),
        ("unit", pa.string()),
        ("definition", pa.string()),
        ("receipt_obs_ids", pa.string()),
        ("receipt", pa.string()),
        ("input_tiers", pa.string()),
        ("input_low_tier", pa.bool_()),
        ("input_conflicts", pa.int64()),
    ]
)

RANK_SCHEMA = pa.schema(
    [
        ("indicator", pa.string()),
        ("year", pa.int64()),
        ("peer_set", pa.string()),
        ("direction", pa.string()),
        ("zone_id", pa.string()),
        ("zone_name_zh", pa.string()),
        ("zone_name_en", pa.string()),
        ("rank", pa.int64()),
        ("rank_best", pa.int64()),
        ("rank_worst", pa.int64()),
        ("of", pa.int64()),
        ("with_data", pa.int64()),
        ("display_value", pa.float64()),
        ("display_unit", pa.string()),
        ("qualifier", pa.string()),
        ("caliber", pa.string()),
        ("mixed_calibers", pa.bool_()),
        ("source_ids", pa.string()),
        ("receipt_obs_ids", pa.string()),
        ("receipt", pa.string()),
    ]
)


def _arrow(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)


def _zone_names(store: Store) -> dict[str, tuple[str, str]]:
    rows = store.table("zones").select("zone_id", "name_zh", "name_en").to_pyarrow()
    return {r["zone_id"]: (r["name_zh"], r["name_en"]) for r in rows.to_pylist()}


def rank_years(store: Store, code: str, selection: Selection, every_year: bool) -> list[int]:
    """The years a ranking is exported for: the latest year with values for the
    indicator (within the selected years, if any), or with `every_year` each selected
    year or each year held. Each ranking is a query of its own, so a whole history of
    rankings is asked for, not made by default."""
    values = candidate_values(store, code, None)
    if selection.years is not None:
        values = values.filter(values.period_start_year.isin(selection.years))
    held = sorted(set(values.period_start_year.to_pyarrow().to_pylist()) - {None})
    if every_year:
        return held
    return held[-1:]


def ranks_table(
    store: Store,
    selection: Selection = EVERYTHING,
    peer_set: str = "new_areas",
    step: Step = _no_step,
    every_year: bool = False,
) -> pa.Table:
    """Rankings among a peer set (the peer set stated on every row) on the main
    indicators or the selected ones, each row with its receipt; see `rank_years` for
    which years."""
    catalog = derived_catalog()
    known = set(store.table("indicators").code.to_pyarrow().to_pylist()) | set(catalog)
    codes = [c for c in (selection.indicators or RANKED_IN_SHOW) if c in known]
    rankings = []
    for code in codes:
        for year in rank_years(store, code, selection, every_year):
            step(f"rank {code} {year}")
            rankings.append(rank(store, code, year, peer_set))
    ids = sorted({i for ranking in rankings for r in ranking.rows for i in r["receipt"]})
    inputs = {d["obs_id"]: d for d in receipt_details(store, ids)}
    out = []
    for ranking in rankings:
        shown_unit, factor = display_unit(ranking.unit)
        for r in ranking.rows:
            if selection.zones is not None and r["zone"] not in selection.zones:
                continue
            value = to_display(r["value"], factor)
            out.append(
                {
                    "indicator": ranking.indicator,
                    "year": ranking.year,
                    "peer_set": ranking.peer_set,
                    "direction": ranking.direction,
                    "zone_id": r["zone"],
                    "zone_name_zh": r["name_zh"],
                    "zone_name_en": r["name_en"],
                    "rank": r["rank"],
                    "rank_best": r["rank_best"],
                    "rank_worst": r["rank_worst"],
                    "of": ranking.of,
                    "with_data": ranking.with_data,
                    "display_value": significant(value) if ranking.indicator in catalog else value,
                    "display_unit": shown_unit,
                    "qualifier": r["qualifier"],
                    "caliber": r["caliber"],
                    "mixed_calibers": ranking.mixed_calibers,
                    "source_ids": ";".join(r["source_ids"]),
                    "receipt_obs_ids": ";".join(str(i) for i in r["receipt"]),
                    "receipt": _receipt_text(inputs[i] for i in r["receipt"] if i in inputs),
                }
            )
    return _arrow(out, RANK_SCHEMA)


def ledger_table(store: Store, name: str, selection: Selection = EVERYTHING) -> pa.Table:
    """A ledger table narrowed to the selection: sources to those the selected
    observations cite, zones and aliases to the selected zones, indicators to the
    selected ones, searches like observations."""
    table = store.table(name)
    if name == "sources" and not selection.everything:
        cited = selection.filter(store.table("observations")).select("source_id").distinct()
        table = table.semi_join(cited, "source_id")
    elif name == "indicators" and selection.indicators is not None:
        table = table.filter(table.code.isin(selection.indicators))
    elif name in ("zones", "zone_aliases") and selection.zones is not None:
        table = table.filter(table.zone_id.isin(selection.zones))
    elif name == "searches":
        table = _searches(store, selection)
    drop = [c for c in ("ingest_id", "content_key") if c in table.columns]
    if drop:
        table = table.drop(*drop)
    return table.order_by(list(table.columns)).to_pyarrow()


def _searches(store: Store, selection: Selection) -> ibis.Table:
    table = store.table("searches")
    if selection.zones is not None:
        table = table.filter(table.zone_id.isin(selection.zones))
    if selection.indicators is not None:
        table = table.filter(table.indicator.isin(selection.indicators))
    if selection.years is not None:
        table = table.filter(table.period.substr(0, 4).isin([str(y) for y in selection.years]))
    return table
