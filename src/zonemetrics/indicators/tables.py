"""Zone x year tables of one indicator, and comparisons of zones over years.

An analyst wants one number per zone and year, in the units people read (亿元, %),
and to see at a glance where that number is weaker than it looks: a bound rather than
a value, a figure on which sources disagree, a figure only a re-post or a blog gives,
a figure a plausibility check flagged. The number is chosen by the ledger's own rules,
never by a rule of this module: per figure the reconciliation policy's preferred value
(`ledger.policy`), a bound giving way to a value that agrees with it (policy rule 5),
and across calibers the ranking's caliber order (`indicators.rank.caliber_rank`), so
that a table shows figures `show` lists and, on the same caliber, the number `rank`
uses. (A ranking prefers any exact value to a bound before it prefers a caliber; a
table prefers the caliber, see `_one_per_zone_year`.)

The web app, the report and the exports all read these tables.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

import ibis

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.catalog import derived_catalog
from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.peers import peer_zones
from zonemetrics.indicators.rank import BOUND_QUALIFIERS, caliber_rank
from zonemetrics.indicators.receipts import receipt_details
from zonemetrics.ledger.aliases import resolve_zone
from zonemetrics.ledger.policy import current_observations, usable_values
from zonemetrics.store.connection import Store

# Base units people read in a larger unit: statistics bulletins in China state money in
# 亿元 (100 million yuan) and foreign currency in 亿美元; rates are written with '%'.
# Every other unit is shown as the indicator's own unit.
DISPLAY_UNITS: dict[str, tuple[str, float]] = {
    "CNY": ("亿元", 1e8),
    "USD": ("亿美元", 1e8),
    "percent": ("%", 1.0),
}

# Tiers whose figures are second-hand: a re-post of someone else's text or a blog.
LOW_TIERS = ("repost", "blog")

# Markers, with the letter a table shows and the meaning in English and Chinese.
MARKERS: dict[str, tuple[str, str, str]] = {
    "bound": ("B", "a bound or band, not a value (>4000, 5-6)", "范围值：下限、上限或区间"),
    "conflict": (
        "C",
        "other sources give values that cannot both be true with this one",
        "其他来源的数值与此值冲突",
    ),
    "low_tier": (
        "L",
        "from a re-post or a blog only (a derived value: at least one input is)",
        "仅见于转载或博客（派生值：至少一项输入如此）",
    ),
    "flagged": ("F", "a plausibility check flagged this value", "合理性检查标记了此值"),
}


def display_unit(unit: str) -> tuple[str, float]:
    """The unit a reader expects for a base unit, and the factor from base to it."""
    return DISPLAY_UNITS.get(unit, (unit, 1.0))


def to_display(value: float | None, factor: float) -> float | None:
    """A base-unit value in display units, without the noise of binary fractions
    (463280000000 / 1e8 is 4632.8, not 4632.799999999999)."""
    if value is None:
        return None
    return float(f"{value / factor:.12g}")


# Derived values are computed, so they carry no writer's rounding; four significant
# digits (46.32 %, 8.618 亿元/km2) say more than the inputs' own precision allows
# rarely, and never hide a difference a reader could act on. The receipt allows the
# exact computation to be repeated.
DERIVED_DIGITS = 4


def significant(value: float | None, digits: int = DERIVED_DIGITS) -> float | None:
    if value is None:
        return None
    return float(f"{value:.{digits}g}")


def parse_years(text: str | None) -> list[int] | None:
    """Years as people write a selection: '2018-2023', '2018,2020', '2019', or a mix
    ('2015,2018-2020'). None for no selection."""
    if text is None or not text.strip():
        return None
    years: set[int] = set()
    for part in text.replace("，", ",").split(","):
        part = part.strip()
        if match := re.fullmatch(r"(\d{4})\s*[-–~]\s*(\d{4})", part):
            first, last = int(match[1]), int(match[2])
            if first > last:
                raise ZonemetricsError(f"years '{part}': the first year is after the last")
            years.update(range(first, last + 1))
        elif re.fullmatch(r"\d{4}", part):
            years.add(int(part))
        else:
            raise ZonemetricsError(
                f"years '{part}' not understood (write 2018-2023, 2018,2020 or 2019)"
            )
    return sorted(years)


def parse_list(text: str | None) -> list[str] | None:
    """A comma-separated option ('xiangjiang,liangjiang' or with Chinese commas)."""
    if text is None:
        return None
    items = [item.strip() for item in re.split(r"[,，、]", text) if item.strip()]
    return items or None


@dataclass(frozen=True)
class Cell:
    """One zone's figure for one year, in display units, with what stands behind it."""

    value: float
    value_high: float | None
    qualifier: str
    inclusive: bool | None
    unit: str
    original_text: str | None
    caliber: str
    status: str | None
    preferred: bool  # the policy's preferred value (else a value agreeing with it)
    conflicts: int  # values from other sources that cannot both be true with it
    n_values: int  # current values held for the figure, all sources
    source_id: str | None
    tier: str | None
    obs_id: int | None
    receipt: tuple[int, ...]
    markers: tuple[str, ...]
    flag_reason: str | None = None

    @property
    def text(self) -> str:
        """The value as a reader writes it: '>4000', '≈450', '5–6', '4282.3'."""
        value = _number(self.value)
        match self.qualifier:
            case "lower_bound":
                return f"{'≥' if self.inclusive else '>'}{value}"
            case "upper_bound":
                return f"{'≤' if self.inclusive else '<'}{value}"
            case "band":
                return f"{value}–{_number(self.value_high)}"
            case "approx":
                return f"≈{value}"
        return value

    @property
    def marker_text(self) -> str:
        """Marker letters (C with the number of conflicting values): 'B C2 L'."""
        letters = []
        for marker in self.markers:
            letter = MARKERS[marker][0]
            letters.append(f"{letter}{self.conflicts}" if marker == "conflict" else letter)
        return " ".join(letters)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"text": self.text, "receipt": list(self.receipt)}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.12g}" if abs(value) >= 1e4 else f"{value:.12g}"


@dataclass
class ZoneRow:
    zone_id: str
    name_zh: str
    name_en: str
    cells: dict[int, Cell] = field(default_factory=dict)

    @property
    def calibers(self) -> list[str]:
        return sorted({cell.caliber for cell in self.cells.values()})


@dataclass
class ZoneYearTable:
    """Zones down, years across; a missing cell is a figure the ledger does not hold."""

    indicator: str
    name_en: str
    name_zh: str
    unit: str  # the display unit of every cell
    base_unit: str
    derived: bool
    years: list[int]
    rows: list[ZoneRow]
    peer_set: str | None = None

    def cell(self, zone_id: str, year: int) -> Cell | None:
        for row in self.rows:
            if row.zone_id == zone_id:
                return row.cells.get(year)
        raise KeyError(zone_id)

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "unit": self.unit,
            "base_unit": self.base_unit,
            "derived": self.derived,
            "peer_set": self.peer_set,
            "years": self.years,
            "markers": {k: {"letter": v[0], "en": v[1], "zh": v[2]} for k, v in MARKERS.items()},
            "rows": [
                {
                    "zone": row.zone_id,
                    "name_zh": row.name_zh,
                    "name_en": row.name_en,
                    "calibers": row.calibers,
                    "cells": {str(y): c.as_dict() for y, c in sorted(row.cells.items())},
                }
                for row in self.rows
            ],
        }

    def records(self) -> list[dict[str, Any]]:
        """One flat record per zone and year held: the long form for CSV and pandas."""
        out = []
        for row in self.rows:
            for year, cell in sorted(row.cells.items()):
                out.append(
                    {
                        "zone": row.zone_id,
                        "name_zh": row.name_zh,
                        "name_en": row.name_en,
                        "indicator": self.indicator,
                        "year": year,
                        "value": cell.value,
                        "value_high": cell.value_high,
                        "qualifier": cell.qualifier,
                        "unit": cell.unit,
                        "text": cell.text,
                        "original_text": cell.original_text,
                        "caliber": cell.caliber,
                        "preferred": cell.preferred,
                        "conflicts": cell.conflicts,
                        "n_values": cell.n_values,
                        "source_id": cell.source_id,
                        "tier": cell.tier,
                        "markers": cell.marker_text,
                        "flag_reason": cell.flag_reason,
                    }
                )
        return out


def resolve_zones(store: Store, names: list[str] | None) -> list[str] | None:
    """Zone ids for names as users type them (ids, Chinese or English names)."""
    if names is None:
        return None
    resolved: list[str] = []
    for name in names:
        zone_id = resolve_zone(store, name)
        if zone_id not in resolved:
            resolved.append(zone_id)
    return resolved


def plausibility_flags(store: Store) -> ibis.Table | None:
    """Per flagged observation, the reasons of the plausibility rules it broke (rows
    imported with --accept-outliers); None where the store keeps no flags."""
    try:
        flags = store.table("observation_flags")
    except Exception:  # a store from before the flags, opened read-only: none held
        return None
    return flags.group_by("obs_id").aggregate(
        flag_reason=flags.rule.concat(": ", flags.reason).group_concat("; ")
    )


def _yearly_base_values(store: Store, indicators: list[str]) -> ibis.Table:
    values = usable_values(store)
    return values.filter(
        values.indicator.isin(indicators)
        & (values.measure == "value")
        & (values.period_kind == "year")
    )


def _one_per_zone_year(values: ibis.Table, choice: ibis.Value, tier_rank: ibis.Value):
    """The figure a table shows for a zone and year: the most comparable caliber first
    (the ranking's caliber order), then an exact value before a bound, then the policy's
    own order. Caliber comes first because a table is read along its rows: Tianfu's
    476 亿元 for its directly administered area beside 3561 亿元 for the whole area the
    next year would read as a collapse, where '>3000' on the whole area reads true."""
    is_bound = values.qualifier.isin(BOUND_QUALIFIERS)
    window = ibis.window(
        group_by=["indicator", "zone_id", "period_start_year"],
        order_by=[
            caliber_rank(values.caliber),
            is_bound,
            choice,
            tier_rank,
            values.caliber,
            ibis.desc(values.value),
        ],
    )
    picked = values.mutate(_pick=ibis.row_number().over(window))
    return picked.filter(picked._pick == 0).drop("_pick")


def _zone_names(store: Store, zone_ids: list[str]) -> dict[str, tuple[str, str]]:
    zones = store.table("zones")
    rows = zones.filter(zones.zone_id.isin(zone_ids)).select("zone_id", "name_zh", "name_en")
    return {r["zone_id"]: (r["name_zh"], r["name_en"]) for r in rows.to_pyarrow().to_pylist()}


def _markers(qualifier: str, conflicts: int, low_tier: bool, flagged: bool) -> tuple[str, ...]:
    markers = []
    if qualifier in BOUND_QUALIFIERS:
        markers.append("bound")
    if conflicts:
        markers.append("conflict")
    if low_tier:
        markers.append("low_tier")
    if flagged:
        markers.append("flagged")
    return tuple(markers)


Cells = dict[str, dict[int, Cell]]


def _base_cells(
    store: Store, units: dict[str, str], zone_ids: list[str] | None, years: list[int] | None
) -> dict[str, Cells]:
    """Cells of several base indicators (code -> base unit) in one query, by indicator."""
    values = _yearly_base_values(store, sorted(units))
    if zone_ids is not None:
        values = values.filter(values.zone_id.isin(zone_ids))
    if years is not None:
        values = values.filter(values.period_start_year.isin(years))
    chosen = _one_per_zone_year(values, values.choice, values.tier_rank)
    flags = plausibility_flags(store)
    if flags is not None:
        chosen = chosen.left_join(flags.rename(_flag="flag_reason"), "obs_id")
        chosen = chosen.drop("obs_id_right")
    cells: dict[str, Cells] = {code: {} for code in units}
    for r in chosen.to_pyarrow().to_pylist():
        shown_unit, factor = display_unit(units[r["indicator"]])
        flag_value = r.get("_flag")
        conflicts = int(r["conflicts"])
        by_zone = cells[r["indicator"]].setdefault(r["zone_id"], {})
        by_zone[r["period_start_year"]] = Cell(
            value=to_display(r["value"], factor),
            value_high=to_display(r["value_high"], factor),
            qualifier=r["qualifier"],
            inclusive=r["inclusive"],
            unit=shown_unit,
            original_text=r["original_text"],
            caliber=r["caliber"],
            status=r["status"],
            preferred=r["choice"] == 0,
            conflicts=conflicts,
            n_values=int(r["n_values"]),
            source_id=r["source_id"],
            tier=r["tier"],
            obs_id=r["obs_id"],
            receipt=(r["obs_id"],),
            markers=_markers(r["qualifier"], conflicts, r["tier"] in LOW_TIERS, bool(flag_value)),
            flag_reason=str(flag_value) if flag_value else None,
        )
    return cells


def _derived_cells(
    store: Store, indicator: str, zone_ids: list[str] | None, years: list[int] | None
) -> Cells:
    """Derived values carry the weaknesses of their inputs: a derived growth rate that
    rests on a blog's figure is marked low tier (one weak input is enough to make the
    rate weak), one from a figure with conflicting values is marked conflict, one from
    a flagged figure is flagged."""
    values = compute(store, indicator)
    values = values.filter(values.period_kind == "year")
    if zone_ids is not None:
        values = values.filter(values.zone_id.isin(zone_ids))
    if years is not None:
        values = values.filter(values.period_start_year.isin(years))
    chosen = _one_per_zone_year(values, ibis.literal(0), ibis.literal(0))
    rows = chosen.to_pyarrow().to_pylist()
    inputs = {
        d["obs_id"]: d
        for d in receipt_details(store, sorted({i for r in rows for i in r["receipt"]}))
    }
    flagged = _flag_reasons(store, sorted(inputs))
    shown_unit, factor = display_unit(derived_catalog()[indicator].unit)
    cells: Cells = {}
    for r in rows:
        used = [inputs[i] for i in sorted(r["receipt"]) if i in inputs]
        conflicts = sum(int(u["conflicts"] or 0) for u in used)
        tiers = {u["tier"] for u in used}
        reasons = [f"input {i}: {flagged[i]}" for i in sorted(r["receipt"]) if i in flagged]
        cells.setdefault(r["zone_id"], {})[r["period_start_year"]] = Cell(
            value=significant(to_display(r["value"], factor)),
            value_high=significant(to_display(r["value_high"], factor)),
            qualifier=r["qualifier"],
            inclusive=None,
            unit=shown_unit,
            original_text=None,
            caliber=r["caliber"],
            status=None,
            preferred=True,
            conflicts=conflicts,
            n_values=1,
            source_id=None,
            tier=None,
            obs_id=None,
            receipt=tuple(sorted(r["receipt"])),
            markers=_markers(
                r["qualifier"], conflicts, bool(tiers & set(LOW_TIERS)), bool(reasons)
            ),
            flag_reason="; ".join(reasons) or None,
        )
    return cells


def _flag_reasons(store: Store, obs_ids: list[int]) -> dict[int, str]:
    flags = plausibility_flags(store)
    if flags is None or not obs_ids:
        return {}
    rows = flags.filter(flags.obs_id.isin(obs_ids)).to_pyarrow().to_pylist()
    return {r["obs_id"]: r["flag_reason"] for r in rows}


@dataclass(frozen=True)
class IndicatorNames:
    code: str
    name_en: str
    name_zh: str
    unit: str  # base unit
    derived: bool


def indicator_names(store: Store, codes: list[str]) -> list[IndicatorNames]:
    """Names and base units of base or derived indicators; an unknown code is an error
    that points to the list of codes."""
    catalog = derived_catalog()
    table = store.table("indicators")
    rows = table.filter(table.code.isin(codes)).select("code", "name_en", "name_zh", "unit")
    base = {r["code"]: r for r in rows.to_pyarrow().to_pylist()}
    out = []
    for code in codes:
        if code in catalog:
            spec = catalog[code]
            out.append(IndicatorNames(code, spec.name_en, spec.name_zh, spec.unit, True))
        elif code in base:
            r = base[code]
            out.append(IndicatorNames(code, r["name_en"], r["name_zh"], r["unit"], False))
        else:
            raise ZonemetricsError(
                f"unknown indicator '{code}' (see `zonemetrics indicators` for the codes)"
            )
    return out


def zone_year_table(
    store: Store,
    indicator: str,
    zones: list[str] | None = None,
    years: list[int] | None = None,
    peer_set: str | None = None,
) -> ZoneYearTable:
    """Zones x years of one indicator (base or derived), one figure per cell.

    `zones` are ids or names as users type them; `peer_set` (new_areas, provinces)
    lists every zone of the set, those without a figure as empty rows (missing is
    shown, not dropped). With neither, the zones holding the indicator are listed.
    `years` without a selection are the years any listed zone holds.
    """
    return zone_year_tables(store, [indicator], zones, years, peer_set)[0]


def zone_year_tables(
    store: Store,
    indicators: list[str],
    zones: list[str] | None = None,
    years: list[int] | None = None,
    peer_set: str | None = None,
) -> list[ZoneYearTable]:
    """`zone_year_table` for several indicators, the base ones read in one query."""
    names = indicator_names(store, indicators)
    zone_ids = resolve_zones(store, zones)
    if peer_set is not None:
        members = peer_zones(store, peer_set).zone_id.to_pyarrow().to_pylist()
        zone_ids = [z for z in zone_ids if z in members] if zone_ids is not None else members
    base_units = {n.code: n.unit for n in names if not n.derived}
    cells = _base_cells(store, base_units, zone_ids, years) if base_units else {}
    for n in names:
        if n.derived:
            cells[n.code] = _derived_cells(store, n.code, zone_ids, years)
    listed = zone_ids if zone_ids is not None else sorted({z for c in cells.values() for z in c})
    zone_names = _zone_names(store, listed)
    explicit_order = zones is not None and peer_set is None
    order = listed if explicit_order else _zone_order(store, listed)
    tables = []
    for n in names:
        held = cells[n.code]
        shown = order if zone_ids is not None else [z for z in order if z in held]
        rows = [ZoneRow(z, *zone_names.get(z, (z, z)), cells=held.get(z, {})) for z in shown]
        tables.append(
            ZoneYearTable(
                indicator=n.code,
                name_en=n.name_en,
                name_zh=n.name_zh,
                unit=display_unit(n.unit)[0],
                base_unit=n.unit,
                derived=n.derived,
                years=list(years)
                if years is not None
                else sorted({year for row in rows for year in row.cells}),
                rows=rows,
                peer_set=peer_set,
            )
        )
    return tables


def _zone_order(store: Store, zone_ids: list[str]) -> list[str]:
    """The order `zones` lists them in: kind, approval date, id."""
    zones = store.table("zones")
    ordered = zones.filter(zones.zone_id.isin(zone_ids)).order_by(
        ["kind", "approval_date", "zone_id"]
    )
    return ordered.zone_id.to_pyarrow().to_pylist()


@dataclass
class Comparison:
    """Several zones side by side, one zone x year table per indicator."""

    zones: list[str]
    years: list[int]
    tables: list[ZoneYearTable]

    def as_dict(self) -> dict[str, Any]:
        return {
            "zones": self.zones,
            "years": self.years,
            "indicators": [table.as_dict() for table in self.tables],
        }

    def records(self) -> list[dict[str, Any]]:
        return [record for table in self.tables for record in table.records()]


def indicators_held(store: Store, zone_ids: list[str]) -> list[str]:
    """Base indicators with at least one yearly value for any of the zones."""
    values = current_observations(store)
    values = values.filter(
        values.zone_id.isin(zone_ids) & (values.measure == "value") & (values.period_kind == "year")
    )
    held = values.select("indicator").distinct().to_pyarrow()
    return sorted(held["indicator"].to_pylist())


def compare_zones(
    store: Store,
    zones: list[str],
    indicators: list[str] | None = None,
    years: list[int] | None = None,
) -> Comparison:
    """Zones side by side over years, on the given indicators or on every base indicator
    any of them holds. Every table has the same zones and years, so rows line up."""
    if len(zones) < 2:
        raise ZonemetricsError("compare needs at least two zones")
    zone_ids = resolve_zones(store, zones) or []
    codes = indicators if indicators is not None else indicators_held(store, zone_ids)
    tables = zone_year_tables(store, codes, zone_ids, years)
    shown_years = (
        list(years)
        if years is not None
        else sorted({year for table in tables for year in table.years})
    )
    for table in tables:
        table.years = shown_years
    return Comparison(zones=zone_ids, years=shown_years, tables=tables)


def indicator_list(store: Store, count_derived: bool = False) -> list[dict[str, Any]]:
    """Every indicator: code, names, unit (base and display), kind, and how many zones
    and years hold a current value of it. Derived indicators are computed on demand, so
    how many zones and years the ledger supports for them is counted only when asked
    (it computes every one of them: seconds, not milliseconds); else it is None."""
    catalogue = store.table("indicators").order_by("code").to_pyarrow().to_pylist()
    values = current_observations(store)
    values = values.filter((values.measure == "value") & (values.period_kind == "year"))
    held = values.group_by("indicator").aggregate(
        zones=values.zone_id.nunique(), years=values.period_start_year.nunique()
    )
    counts = {r["indicator"]: r for r in held.to_pyarrow().to_pylist()}
    out = []
    for r in catalogue:
        found = counts.get(r["code"], {})
        out.append(
            {
                "code": r["code"],
                "name_en": r["name_en"],
                "name_zh": r["name_zh"],
                "unit": r["unit"],
                "display_unit": display_unit(r["unit"])[0],
                "kind": r["kind"],
                "direction": r["direction"],
                "zones": int(found.get("zones", 0)),
                "years": int(found.get("years", 0)),
            }
        )
    for code, spec in derived_catalog().items():
        summary: dict[str, Any] = {"zones": None, "years": None}
        if count_derived:
            values = compute(store, code)
            values = values.filter(values.period_kind == "year")
            summary = (
                values.aggregate(
                    zones=values.zone_id.nunique(), years=values.period_start_year.nunique()
                )
                .to_pyarrow()
                .to_pylist()[0]
            )
            summary = {k: int(v or 0) for k, v in summary.items()}
        out.append(
            {
                "code": code,
                "name_en": spec.name_en,
                "name_zh": spec.name_zh,
                "unit": spec.unit,
                "display_unit": display_unit(spec.unit)[0],
                "kind": f"derived ({spec.kind})",
                "direction": spec.direction,
                "zones": summary["zones"],
                "years": summary["years"],
            }
        )
    return out


__all__ = [
    "MARKERS",
    "Cell",
    "Comparison",
    "ZoneRow",
    "ZoneYearTable",
    "compare_zones",
    "display_unit",
    "indicator_list",
    "parse_list",
    "parse_years",
    "zone_year_table",
    "zone_year_tables",
]
