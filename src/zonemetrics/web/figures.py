"""The figures every outlet shows (pages, API, report), as plain records.

One module builds them so that the web page, its JSON twin, its downloads and the zone
report show the same numbers. The store is only read. Values keep the ledger's base
units (yuan, people, %); `display_unit` says how a person reads them (亿元, 万人).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.catalog import derived_catalog
from zonemetrics.indicators.rank import rank
from zonemetrics.ledger import queries
from zonemetrics.ledger.aliases import resolve_zone
from zonemetrics.store.connection import Store

BOUND_QUALIFIERS = ("lower_bound", "upper_bound", "band")
LOW_TIERS = ("repost", "blog")
NEW_AREAS = "new_area"


@dataclass(frozen=True)
class DisplayUnit:
    """How a base unit is read by people: divide by `scale`, label in each language."""

    scale: float
    en: str
    zh: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


#: Amounts of money and people are read in the units statistical bulletins use
#: (亿元, 万人); every other unit is shown as stored.
_DISPLAY_UNITS = {
    "CNY": DisplayUnit(1e8, "100 million yuan", "亿元"),
    "USD": DisplayUnit(1e8, "100 million US$", "亿美元"),
    "persons": DisplayUnit(1e4, "10,000 people", "万人"),
}


def display_unit(unit: str | None) -> DisplayUnit:
    if unit in _DISPLAY_UNITS:
        return _DISPLAY_UNITS[unit]
    return DisplayUnit(1.0, unit or "", unit or "")


def markers(cell: dict[str, Any]) -> list[str]:
    """The marker codes of one value: a bound, a conflict among sources, a low-tier source."""
    found = []
    if cell.get("qualifier") in BOUND_QUALIFIERS:
        found.append("bound")
    if (cell.get("conflicts") or 0) > 0:
        found.append("conflict")
    if cell.get("tier") in LOW_TIERS:
        found.append("low_tier")
    return found


@cache
def places() -> dict[str, dict[str, Any]]:
    """Host-city coordinates of the new areas (bundled, with their source; see its README)."""
    path = files("zonemetrics") / "data" / "geo" / "new_area_places.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["latitude"], row["longitude"] = float(row["latitude"]), float(row["longitude"])
    return {row["zone_id"]: row for row in rows}


def base_map_topojson() -> str:
    """The bundled TopoJSON of China's provinces, as text (inlined into pages offline)."""
    path = files("zonemetrics") / "data" / "geo" / "china_provinces.topo.json"
    return path.read_text(encoding="utf-8")


def zone_list(store: Store, kind: str = NEW_AREAS) -> list[dict[str, Any]]:
    """The zones of a kind with their names, province names and map place."""
    everything = {z["zone_id"]: z for z in queries.zones(store)}
    out = []
    for zone in queries.zones(store, kind):
        province = everything.get(zone.get("province") or "")
        place = places().get(zone["zone_id"])
        out.append(
            {
                "zone": zone["zone_id"],
                "name_en": zone["name_en"],
                "name_zh": zone["name_zh"],
                "kind": zone["kind"],
                "province": zone.get("province"),
                "province_en": province["name_en"] if province else None,
                "province_zh": province["name_zh"] if province else None,
                "approval_date": zone.get("approval_date"),
                "approval_precision": zone.get("approval_precision"),
                "approval_doc": zone.get("approval_doc"),
                "source_id": zone.get("source_id"),
                "note": zone.get("note"),
                "place": place,
            }
        )
    return out


def indicator_list(store: Store) -> list[dict[str, Any]]:
    """Base indicators from the store and derived ones from the catalogue, with how many
    new areas and years hold a yearly value of each."""
    obs = store.table("observations")
    zones = store.table("zones")
    held = (
        obs.filter((obs.measure == "value") & (obs.period_kind == "year"))
        .semi_join(zones.filter(zones.kind == NEW_AREAS), obs.zone_id == zones.zone_id)
        .group_by("indicator")
        .aggregate(zones=obs.zone_id.nunique(), years=obs.period_start_year.nunique())
    )
    counts = {r["indicator"]: r for r in held.to_pyarrow().to_pylist()}
    out = []
    for row in store.table("indicators").order_by("code").to_pyarrow().to_pylist():
        count = counts.get(row["code"], {})
        out.append(
            {
                "code": row["code"],
                "name_en": row["name_en"],
                "name_zh": row["name_zh"],
                "unit": row["unit"],
                "direction": row["direction"],
                "definition": row["definition"],
                "kind": "base",
                "zones": count.get("zones", 0),
                "years": count.get("years", 0),
            }
        )
    for code, spec in derived_catalog().items():
        out.append(
            {
                "code": code,
                "name_en": spec.name_en,
                "name_zh": spec.name_zh,
                "unit": spec.unit,
                "direction": spec.direction,
                "definition": spec.definition,
                "kind": "derived",
                "zones": None,
                "years": None,
            }
        )
    return out


def indicator_record(store: Store, code: str) -> dict[str, Any]:
    for row in indicator_list(store):
        if row["code"] == code:
            return row
    raise ZonemetricsError(f"unknown indicator '{code}'")


def _base_cell(
    zone: str, year: int, cell: dict[str, Any], factor: float, base_unit: str
) -> dict[str, Any]:
    """A cell of `indicators.tables` back in base units (yuan, people), so that every
    outlet scales with `display_unit` in the reader's language."""
    scaled = {
        "value": cell["value"] * factor if cell["value"] is not None else None,
        "value_high": cell["value_high"] * factor if cell.get("value_high") is not None else None,
    }
    kept = {k: v for k, v in cell.items() if k != "text"}  # 'text' is in display units
    return (
        kept
        | scaled
        | {
            "zone": zone,
            "year": year,
            "unit": base_unit,
            "markers": list(cell["markers"]),
        }
    )


def yearly_cells(
    store: Store, indicator: str, zones: list[str] | None = None
) -> list[dict[str, Any]]:
    """One cell per zone and year: the figure `zonemetrics table` shows (one definition,
    `indicators.tables`), with its caliber, source, tier and markers. Years without a
    figure are absent: missing is not zero."""
    from zonemetrics.indicators.tables import zone_year_table as tables_zone_year

    peer_set = None if zones else "new_areas"
    table = tables_zone_year(store, indicator, zones, None, peer_set).as_dict()
    factor = _factor(table["base_unit"])
    return [
        _base_cell(row["zone"], int(year), cell, factor, table["base_unit"])
        for row in table["rows"]
        for year, cell in sorted(row["cells"].items())
    ]


def _factor(base_unit: str) -> float:
    from zonemetrics.indicators.tables import display_unit as tables_display_unit

    return tables_display_unit(base_unit)[1]


def years_held(cells: list[dict[str, Any]]) -> list[int]:
    return sorted({c["year"] for c in cells})


def best_year(cells: list[dict[str, Any]]) -> int:
    """The year most zones hold a value for (the latest of equals): a default view that
    shows the most zones, rather than a recent year only two zones have published."""
    counts: dict[int, int] = {}
    for cell in cells:
        counts[cell["year"]] = counts.get(cell["year"], 0) + 1
    return max(counts, key=lambda year: (counts[year], year))


def headline(store: Store, indicator: str, year: int | None) -> dict[str, Any]:
    """The 19 new areas on one indicator in one year (the latest year with data when
    none is given): value, markers and rank range; zones without a value are listed."""
    cells = yearly_cells(store, indicator)
    years = years_held(cells)
    if not years:
        raise ZonemetricsError(f"no yearly values held for '{indicator}'")
    chosen = year if year is not None else best_year(cells)
    ranking = rank(store, indicator, chosen).as_dict()
    by_zone = {c["zone"]: c for c in cells if c["year"] == chosen}
    rows = []
    for zone in zone_list(store):
        cell = by_zone.get(zone["zone"])
        ranked = next((r for r in ranking["rows"] if r["zone"] == zone["zone"]), {})
        rows.append(
            zone
            | {
                "value": cell["value"] if cell else None,
                "value_high": cell["value_high"] if cell else None,
                "qualifier": cell["qualifier"] if cell else None,
                "caliber": cell["caliber"] if cell else None,
                "source_id": cell["source_id"] if cell else None,
                "tier": cell["tier"] if cell else None,
                "markers": cell["markers"] if cell else [],
                "rank": ranked.get("rank"),
                "rank_best": ranked.get("rank_best"),
                "rank_worst": ranked.get("rank_worst"),
            }
        )
    return {
        "indicator": indicator,
        "year": chosen,
        "years": years,
        "unit": ranking["unit"],
        "peer_set": ranking["peer_set"],
        "peer_set_description": ranking["peer_set_description"],
        "of": ranking["of"],
        "with_data": ranking["with_data"],
        "bound_only": ranking["bound_only"],
        "missing": ranking["missing"],
        "rows": rows,
    }


def zone_searches(store: Store, zone_id: str) -> list[dict[str, Any]]:
    """What was looked for and not found for a zone (missing is not zero)."""
    searches = store.table("searches")
    rows = (
        searches.filter(searches.zone_id == zone_id)
        .select("indicator", "period", "tried", "note")
        .order_by(["indicator", "period"])
        .to_pyarrow()
        .to_pylist()
    )
    return rows


def zone_id_of(store: Store, name: str) -> str:
    return resolve_zone(store, name)


def split_zones(text: str | None) -> list[str] | None:
    """'a,b, c' -> ['a', 'b', 'c']; nothing -> None (every zone)."""
    if not text:
        return None
    return [part.strip() for part in text.split(",") if part.strip()] or None


def parse_years(text: str | None) -> tuple[int, int] | None:
    """'2018-2023' or '2023' -> (first, last); nothing -> None (every year)."""
    if not text:
        return None
    first, _, last = text.partition("-")
    try:
        span = (int(first), int(last or first))
    except ValueError as exc:
        raise ZonemetricsError(f"years '{text}': write a year or a span such as 2018-2023") from exc
    if span[0] > span[1]:
        raise ZonemetricsError(f"years '{text}': the first year comes after the last")
    return span


def _known_indicator(store: Store, code: str) -> dict[str, Any]:
    return indicator_record(store, code)


def zone_year_table(
    store: Store,
    indicator: str,
    zones: list[str] | None = None,
    years: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Zones down, years across (`indicators.tables`), values in base units, with the
    display unit the pages and downloads divide by."""
    from zonemetrics.indicators.tables import zone_year_table as tables_zone_year

    info = _known_indicator(store, indicator)
    span = list(range(years[0], years[1] + 1)) if years is not None else None
    peer_set = None if zones else "new_areas"
    table = tables_zone_year(store, indicator, zones, span, peer_set).as_dict()
    factor = _factor(table["base_unit"])
    unit = display_unit(table["base_unit"])
    rows = [
        {
            "zone": row["zone"],
            "name_en": row["name_en"],
            "name_zh": row["name_zh"],
            "cells": {
                year: _base_cell(row["zone"], int(year), cell, factor, table["base_unit"])
                for year, cell in row["cells"].items()
            },
        }
        for row in table["rows"]
    ]
    return {
        "indicator": indicator,
        "name_en": info["name_en"],
        "name_zh": info["name_zh"],
        "unit": table["base_unit"],
        "display_unit": {"scale": unit.scale, "en": unit.en, "zh": unit.zh},
        "years": table["years"],
        "markers": table["markers"],
        "rows": rows,
    }


def queries_zone_records(store: Store, zone_ids: list[str]) -> list[dict[str, Any]]:
    """Zone records of any kind (a comparison may include provinces)."""
    everything = {z["zone_id"]: z for z in queries.zones(store)}
    out = []
    for zone_id in zone_ids:
        zone = everything[zone_id]
        out.append(
            {
                "zone": zone_id,
                "name_en": zone["name_en"],
                "name_zh": zone["name_zh"],
                "kind": zone["kind"],
                "place": places().get(zone_id),
            }
        )
    return out


def ranking(
    store: Store, indicator: str, year: int | None, peer_set: str = "new_areas"
) -> dict[str, Any]:
    """A ranking (the most-held year when none is given), with markers per row."""
    _known_indicator(store, indicator)
    cells = yearly_cells(store, indicator)
    if year is None:
        if not cells:
            raise ZonemetricsError(f"no yearly values held for '{indicator}'")
        year = best_year(cells)
    result = rank(store, indicator, year, peer_set).as_dict()
    by_zone = {c["zone"]: c for c in cells if c["year"] == year}
    for row in result["rows"]:
        cell = by_zone.get(row["zone"], {})
        row["tier"] = cell.get("tier")
        row["markers"] = markers(
            row | {"tier": cell.get("tier"), "conflicts": cell.get("conflicts")}
        )
    result["years"] = years_held(cells)
    return result


def observations(
    store: Store,
    zone: str | None,
    indicator: str | None,
    year: int | None,
    source: str | None,
) -> list[dict[str, Any]]:
    """Observations as stored, with their source's tier and the policy's judgement."""
    from zonemetrics.ledger.policy import judged_observations

    obs = judged_observations(store)
    if zone:
        obs = obs.filter(obs.zone_id == resolve_zone(store, zone))
    if indicator:
        obs = obs.filter(obs.indicator == indicator)
    if year is not None:
        obs = obs.filter((obs.period_start_year <= year) & (obs.period_end_year >= year))
    if source:
        obs = obs.filter(obs.source_id == source)
    columns = (
        "obs_id", "zone_id", "indicator", "measure", "peer_set", "period", "period_kind",
        "value", "value_high", "unit", "qualifier", "original_text", "caliber", "status",
        "source_id", "tier", "published", "vintage", "judgement",
    )  # fmt: skip
    return queries._records(
        obs.select(*columns).order_by(["zone_id", "indicator", "period", "obs_id"])
    )


def derived_values(store: Store, indicator: str, zone: str | None) -> list[dict[str, Any]]:
    from zonemetrics.indicators.derive import derived_values as compute_derived

    if indicator not in derived_catalog():
        raise ZonemetricsError(
            f"'{indicator}' is not a derived indicator (known: {', '.join(derived_catalog())})"
        )
    zone_id = resolve_zone(store, zone) if zone else None
    return _plain(compute_derived(store, indicator, zone_id))


def _plain(value: Any) -> Any:
    """Dates and NaN made JSON-safe, recursively."""
    import math

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


#: The narrator and the checker of the store last asked about (building one takes
#: seconds; it reads the ledger as it was then). Kept per Store object, not per id():
#: the app opens a new Store after the ledger changes or after idling, and a new
#: object must get a new narrator rather than one bound to a closed connection.
_BOUND: dict[str, tuple[Store, Any]] = {}


def _bound(kind: str, store: Store, build: Any) -> Any:
    held = _BOUND.get(kind)
    if held is None or held[0] is not store:
        held = (store, build(store))
        _BOUND[kind] = held
    return held[1]


def narrative(store: Store, zone: str, year: int | None, lang: str) -> dict[str, Any]:
    """Statements generated from the ledger for a zone and year, each with its receipt."""
    from zonemetrics.narrative.generate import Narrator

    zone_id = resolve_zone(store, zone)
    narrator = _bound("narrator", store, Narrator)
    if year is None:
        year = default_year(store, zone_id)
    if year is None:
        return {"zone": zone_id, "year": None, "lang": lang, "statements": []}
    statements = [s.as_dict() for s in narrator.narrate(zone_id, year, lang)]
    return {"zone": zone_id, "year": year, "lang": lang, "statements": _plain(statements)}


def check(store: Store, text: str, date: str | None = None) -> dict[str, Any]:
    """Every quantitative claim of a text, its verdict and the ledger's evidence."""
    from zonemetrics.narrative.check import Checker

    checker = _bound("checker", store, Checker)
    return _plain(checker.check(text, date=date))


def provenance(source_ids: Any, sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The sources behind a chart and its data date: the latest publication date among
    them ('data as of'), so a reader sees how recent the newest figure drawn can be.
    A source without a publication date is cited but dates nothing."""
    by_id = {s["source_id"]: s for s in sources}
    cited = sorted({i for i in source_ids if i})
    dates = [str(by_id[i]["published"]) for i in cited if by_id.get(i, {}).get("published")]
    return {"sources": cited, "as_of": max(dates) if dates else None}


def source_list(store: Store) -> list[dict[str, Any]]:
    return _plain(queries.sources(store))


def conflict_list(store: Store, zone: str | None = None) -> list[dict[str, Any]]:
    return _plain(queries.conflicts(store, zone))


def default_year(store: Store, zone_id: str) -> int | None:
    """The latest year the zone has a GDP value for (the figure most statements build
    on), else the latest year it holds anything for; None for a zone with no data."""
    gdp_years = [c["year"] for c in yearly_cells(store, "gdp", [zone_id])]
    if gdp_years:
        return max(gdp_years)
    obs = store.table("observations")
    held = obs.filter(obs.zone_id == zone_id).period_start_year.max().to_pyarrow().as_py()
    return held


def index_view(store: Store, year: int | None = None) -> dict[str, Any]:
    """The example composite index of the new areas from the ledger: scores and ranks,
    its framework (indicators in pillars, with weights and directions), the zones
    screened out for missing data and the indicators dropped, with reasons."""
    import math

    from zonemetrics.index.ledger_frame import build_ledger_frame

    frame = build_ledger_frame(store, None, year)
    scores = frame.coin().scores().sort_values(["Rank"], kind="stable")
    names = {z["zone_id"]: z for z in queries.zones(store)}
    pillars = frame.imeta[frame.imeta["Level"] == 2]["iCode"].tolist()
    rows = []
    for record in scores.to_dict("records"):
        zone = names.get(record["uCode"], {})
        clean = {
            k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in record.items()
        }
        rows.append(
            {
                "zone": record["uCode"],
                "name_en": zone.get("name_en", record["uCode"]),
                "name_zh": zone.get("name_zh", record["uCode"]),
                "index": clean.get("Index"),
                "rank": clean.get("Rank"),
                "pillars": {p: clean.get(p) for p in pillars},
            }
        )
    framework = _plain(frame.imeta.to_dict("records"))
    availability = _plain(frame.availability.to_dict("records"))
    return {
        "name": frame.framework.name,
        "year": frame.year,
        "peer_set": frame.framework.peer_set,
        "dat_thresh": frame.framework.dat_thresh,
        "pillars": pillars,
        "rows": rows,
        "framework": framework,
        "screened_out": [a for a in availability if not a["Included"]],
        "indicators": _plain(frame.indicators.to_dict("records")),
        # the sources of the values the index used, for its charts' provenance
        "source_ids": sorted({str(i) for i in frame.cells["source_id"].dropna() if str(i).strip()}),
    }


#: Runs of the index's uncertainty analysis on the index page: enough for stable 90%
#: rank intervals of 19 zones (COINr's vignettes use a few hundred; the intervals of
#: the ledger index settle by about 40), few enough to compute in seconds once per
#: store state. The Sobol design costs SOBOL_BASE_RUNS x (factors + 2) runs.
UNCERTAINTY_RUNS = 40
SOBOL_BASE_RUNS = 16


def kept_index_uncertainty(store: Store, year: int | None = None) -> dict[str, Any]:
    """`index_uncertainty` with the default runs, kept in the result cache until the
    store or the code changes: the web app's index page and the zone reports share it."""
    from zonemetrics.store.result_cache import cached_answer

    return cached_answer(
        store.path, "index_uncertainty", {"year": year}, lambda: index_uncertainty(store, year)
    )


def index_uncertainty(
    store: Store,
    year: int | None = None,
    runs: int = UNCERTAINTY_RUNS,
    sobol_runs: int = SOBOL_BASE_RUNS,
) -> dict[str, Any]:
    """Rank intervals of the ledger index under uncertainty and the Sobol indices of its
    factors, from the index package's own analyses (`run_data_uncertainty`: the
    methods, the ledger's open figures, and both; `data_sensitivity`: which factor
    moves the ranks most). Each zone keeps its names; a zone unranked in a run (screened
    out there) counts towards `ranked_share` only."""
    from zonemetrics.index.ledger_frame import build_ledger_frame
    from zonemetrics.index.ledger_uncertainty import data_sensitivity, run_data_uncertainty

    frame = build_ledger_frame(store, None, year)
    result = run_data_uncertainty(store, frame, n=runs)
    names = {z["zone_id"]: z for z in queries.zones(store)}
    rows = []
    for record in _plain(result.table.to_dict("records")):
        zone = names.get(record["uCode"], {})
        rows.append(
            {
                "zone": record["uCode"],
                "name_en": zone.get("name_en", record["uName"]),
                "name_zh": zone.get("name_zh", record["uName"]),
                "nominal": record["Nominal"],
                "intervals": {
                    kind: {
                        "lo": record[f"{kind}_lo"],
                        "median": record[f"{kind}_median"],
                        "hi": record[f"{kind}_hi"],
                        "ranked_share": record[f"{kind}_ranked"],
                    }
                    for kind in ("methods", "data", "both")
                },
                "figures": record["figures"],
            }
        )
    sobol = data_sensitivity(store, frame, n=sobol_runs, level=result.level)
    return {
        "year": frame.year,
        "runs": result.n,
        "level": result.level,
        "sobol_runs": sobol_runs,
        "rows": rows,
        "sobol": _plain(sobol.to_dict("records")),
    }
