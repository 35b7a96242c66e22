"""A composite index built from the ledger: zones as units, catalogue codes as indicators.

The index engine works on iData/iMeta tables (COINr's layout); this module writes those
tables from the store for a peer set and a year, following a framework YAML (pillars,
weights, indicators; see src/zonemetrics/data/catalog/new_area_index.yaml). Its job is
to be honest about what the ledger does not hold, so every choice it makes is visible:

* **Which value.** For each zone and indicator, the candidates are the ledger's usable
  yearly values (the preferred value of each group and every value agreeing with it, as
  rankings use; for a derived indicator, what `indicators.derive.compute` gives) in the
  year, or up to `max_age` years before it. A value beats a bound, then the latest year,
  then the caliber listed first, then within one figure the reconciliation policy's
  own order (tier, status, recency), as `indicators.rank` does.
* **Caliber rule.** Only the calibers (boundaries) the framework lists are used, in the
  order listed; a figure for another boundary (a directly administered part, one
  district) measures another territory and is never put in the area's column.
* **Bounds are not values.** A zone with only '>1000' for an indicator is missing for
  it. The `cells` table says so, cell by cell (status `bound_only`), beside the cells
  that are missing because only an excluded caliber holds a value (`other_caliber`) or
  because the ledger holds nothing (`none`).
* **Indicators nobody can be ranked on** (values for fewer than `min_units` zones) are
  dropped and listed in the `indicators` table, and a pillar left without indicators is
  dropped with them, rather than giving one zone a free 100.
* **Screening.** Units whose share of available kept indicators is below `dat_thresh`
  are screened out (COINr's Screen, byNA) and listed with their availability in the
  `availability` table; `coin()` runs the same screen as its first logged step, so the
  coin's Screened details and this table agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import ibis
import numpy as np
import pandas as pd
import yaml

from zonemetrics.errors import ZonemetricsError
from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.registry import lookup
from zonemetrics.index.spec import _STEP_ALIASES, _step_args, read_yaml
from zonemetrics.indicators.catalog import derived_catalog
from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.peers import peer_zones
from zonemetrics.ledger.policy import usable_values
from zonemetrics.store.connection import Tables

BOUND_QUALIFIERS = ("lower_bound", "upper_bound", "band")
VALUE_QUALIFIERS = ("exact", "approx")
DEFAULT_CALIBERS = ("whole_area", "district", "city", "unstated")
DIRECTIONS = {"higher_better": 1.0, "lower_better": -1.0}
CELL_STATUSES = ("value", "bound_only", "other_caliber", "none")
INDEX_CODE = "Index"

_CELL_COLUMNS = [
    "uCode",
    "iCode",
    "status",
    "value",
    "value_high",
    "qualifier",
    "period",
    "caliber",
    "source_id",
    "tier",
    "conflicts",
    "receipt",
    "note",
]


def default_framework_path() -> Path:
    """The bundled example framework for the new areas."""
    return Path(str(files("zonemetrics") / "data" / "catalog" / "new_area_index.yaml"))


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator of a ledger framework: its pillar, weight, direction and caliber rule."""

    code: str
    pillar: str
    weight: float = 1.0
    direction: float | None = None  # None: the catalogue's direction
    calibers: tuple[str, ...] = DEFAULT_CALIBERS
    max_age: int = 0


@dataclass(frozen=True)
class Pillar:
    code: str
    name: str
    weight: float = 1.0


@dataclass(frozen=True)
class LedgerFramework:
    """A parsed framework YAML: peer set, default year, thresholds, pillars, indicators, steps."""

    name: str
    peer_set: str
    year: int | None
    dat_thresh: float
    min_units: int
    pillars: tuple[Pillar, ...]
    indicators: tuple[IndicatorSpec, ...]
    steps: tuple[tuple[str, dict[str, Any]], ...] = ()
    source: Path | None = None


def _calibers(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(c, str) for c in value):
        raise IndexSpecError(f"{where}: calibers must be a non-empty list of caliber names")
    return tuple(value)


def _steps(raw: object) -> tuple[tuple[str, dict[str, Any]], ...]:
    """The pipeline after screening, in the spec's vocabulary (checked like a spec's steps)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise IndexSpecError("steps must be a list of one-key mappings")
    out: list[tuple[str, dict[str, Any]]] = []
    for item in raw:
        if not isinstance(item, dict) or len(item) != 1:
            raise IndexSpecError("each step is a one-key mapping, e.g. '- treat: {winmax: 5}'")
        ((name, args),) = item.items()
        name = _STEP_ALIASES.get(name, name)
        lookup("step", name)
        if name == "screen":
            raise IndexSpecError("screening is set by dat_thresh, not by a step")
        if args is not None and not isinstance(args, dict):
            raise IndexSpecError(f"arguments of {name} must be a mapping")
        out.append((name, _step_args(args)))
    return tuple(out)


def load_ledger_framework(path: str | Path | None = None) -> LedgerFramework:
    """Read a framework YAML (default: the bundled new-area example) and check it."""
    target = Path(path) if path is not None else default_framework_path()
    raw = read_yaml(target)
    if not isinstance(raw, dict):
        raise IndexSpecError("the framework must be a YAML mapping")
    known = {
        "name",
        "peer_set",
        "year",
        "calibers",
        "dat_thresh",
        "min_units",
        "pillars",
        "indicators",
        "steps",
    }
    unknown = set(raw) - known
    if unknown:
        raise IndexSpecError(f"unknown framework key(s): {', '.join(sorted(unknown))}")
    for key in ("pillars", "indicators"):
        if not isinstance(raw.get(key), dict) or not raw[key]:
            raise IndexSpecError(f"the framework needs '{key}' (a mapping)")
    default_cal = _calibers(raw.get("calibers", list(DEFAULT_CALIBERS)), "framework")
    pillars = tuple(
        Pillar(code, str((p or {}).get("name", code)), float((p or {}).get("weight", 1.0)))
        for code, p in raw["pillars"].items()
    )
    pillar_codes = {p.code for p in pillars}
    indicators: list[IndicatorSpec] = []
    for code, entry in raw["indicators"].items():
        entry = entry or {}
        pillar = entry.get("pillar")
        if pillar not in pillar_codes:
            raise IndexSpecError(f"indicator {code}: pillar {pillar!r} is not in 'pillars'")
        if code in pillar_codes or code == INDEX_CODE:
            raise IndexSpecError(f"indicator {code} has the code of a pillar or of the index")
        direction = entry.get("direction")
        indicators.append(
            IndicatorSpec(
                code=code,
                pillar=pillar,
                weight=float(entry.get("weight", 1.0)),
                direction=None if direction is None else float(direction),
                calibers=_calibers(entry["calibers"], code) if "calibers" in entry else default_cal,
                max_age=int(entry.get("max_age", 0)),
            )
        )
    dat_thresh = float(raw.get("dat_thresh", 0.66))
    if not 0 <= dat_thresh <= 1:
        raise IndexSpecError("dat_thresh is a share of indicators, between 0 and 1")
    return LedgerFramework(
        name=str(raw.get("name", target.stem)),
        peer_set=str(raw.get("peer_set", "new_areas")),
        year=None if raw.get("year") is None else int(raw["year"]),
        dat_thresh=dat_thresh,
        min_units=int(raw.get("min_units", 2)),
        pillars=pillars,
        indicators=tuple(indicators),
        steps=_steps(raw.get("steps")),
        source=target,
    )


# -- reading the ledger ---------------------------------------------------------------------


def _direction(tables: Tables, spec: IndicatorSpec) -> float:
    """+1 or -1: the framework's, else the catalogue's; a neutral indicator must be told."""
    if spec.direction is not None:
        if spec.direction not in (1.0, -1.0):
            raise IndexSpecError(f"indicator {spec.code}: direction must be 1 or -1")
        return spec.direction
    catalog = derived_catalog()
    if spec.code in catalog:
        word = catalog[spec.code].direction
    else:
        ind = tables.table("indicators")
        rows = ind.filter(ind.code == spec.code).select("direction").to_pyarrow()
        if rows.num_rows == 0:
            raise IndexSpecError(f"unknown indicator {spec.code!r} (not in the catalogue)")
        word = rows["direction"][0].as_py()
    if word not in DIRECTIONS:
        raise IndexSpecError(
            f"indicator {spec.code} is {word} in the catalogue: give it a direction (1 or -1)"
        )
    return DIRECTIONS[word]


_VALUE_COLUMNS = (
    "zone_id",
    "indicator",
    "period",
    "period_start_year",
    "value",
    "value_high",
    "qualifier",
    "caliber",
)


def _base_candidates(tables: Tables, codes: list[str]) -> pd.DataFrame:
    """Usable yearly values of base indicators (one query for all of them)."""
    if not codes:
        return pd.DataFrame()
    values = usable_values(tables)
    values = values.filter(
        values.indicator.isin(codes) & (values.measure == "value") & (values.period_kind == "year")
    )
    return values.select(
        *_VALUE_COLUMNS,
        "source_id",
        "tier",
        "choice",
        "conflicts",
        receipt=ibis.array([values.obs_id]),
    ).to_pandas()


def _derived_candidates(tables: Tables, code: str) -> pd.DataFrame:
    """Yearly values of one derived indicator; its receipt names the observations used."""
    values = compute(tables, code)
    values = values.filter(values.period_kind == "year")
    frame = values.select(*_VALUE_COLUMNS, "receipt").to_pandas()
    frame["source_id"] = None
    frame["tier"] = None
    frame["choice"] = 0
    frame["conflicts"] = np.nan
    return frame


def _receipt_text(receipt: Any) -> str | None:
    """The observation ids behind a value, as text: a CSV cell cannot hold a list."""
    if receipt is None or (isinstance(receipt, float) and np.isnan(receipt)):
        return None
    return " ".join(str(int(i)) for i in sorted(i for i in receipt if i is not None))


def _choose(cands: pd.DataFrame, spec: IndicatorSpec, year: int) -> dict[str, Any]:
    """The cell of one zone and indicator: the chosen value, or why there is none."""
    in_window = cands[
        (cands["period_start_year"] <= year) & (cands["period_start_year"] >= year - spec.max_age)
    ]
    allowed = in_window[in_window["caliber"].isin(spec.calibers)].copy()
    cell: dict[str, Any] = dict.fromkeys(_CELL_COLUMNS)
    if allowed.empty:
        if in_window.empty:
            cell["status"] = "none"
        else:
            cell["status"] = "other_caliber"
            others = sorted(set(in_window["caliber"]))
            cell["note"] = f"only on caliber(s) not used: {', '.join(others)}"
        return cell
    allowed["_bound"] = allowed["qualifier"].isin(BOUND_QUALIFIERS)
    allowed["_cal"] = allowed["caliber"].map(spec.calibers.index)
    allowed["_receipt"] = allowed["receipt"].map(_receipt_text)
    # within one figure (zone, year, caliber) the reconciliation policy's own order
    allowed = allowed.sort_values(
        ["_bound", "period_start_year", "_cal", "choice", "_receipt"],
        ascending=[True, False, True, True, True],
        na_position="last",
        kind="stable",
    )
    best = allowed.iloc[0]
    for col in ("value", "value_high", "qualifier", "period", "caliber", "source_id", "tier"):
        cell[col] = None if pd.isna(best[col]) else best[col]
    cell["conflicts"] = None if pd.isna(best["conflicts"]) else int(best["conflicts"])
    cell["receipt"] = best["_receipt"]
    if best["_bound"]:
        cell["status"] = "bound_only"
        cell["note"] = "a bound is not a value: missing"
    else:
        cell["status"] = "value"
        excluded = sorted(set(in_window["caliber"]) - set(spec.calibers))
        if excluded:
            cell["note"] = f"also on caliber(s) not used: {', '.join(excluded)}"
    return cell


@dataclass
class LedgerFrame:
    """iData and iMeta for one year of a ledger framework, with the tables that explain them.

    idata: one row per zone of the peer set (uCode, uName in English, uName_zh in Chinese,
    one column per kept indicator);
    imeta: COINr's iMeta (indicators, pillars that kept an indicator, the index);
    cells: one row per zone and indicator (kept or not): status, value used, its
    qualifier, period, caliber, source and receipt; indicators: coverage of each
    indicator and whether it was kept; availability: per zone, the share of kept
    indicators it has a value for and whether it passes the screen.
    """

    framework: LedgerFramework
    year: int
    idata: pd.DataFrame
    imeta: pd.DataFrame
    cells: pd.DataFrame
    indicators: pd.DataFrame
    availability: pd.DataFrame
    dropped_pillars: list[str] = field(default_factory=list)

    @property
    def screened_out(self) -> list[str]:
        table = self.availability
        return table.loc[~table["Included"], "uCode"].tolist()

    @property
    def included(self) -> list[str]:
        table = self.availability
        return table.loc[table["Included"], "uCode"].tolist()

    def coin(self) -> Coin:
        """A coin of all zones, screened (logged as its first step), then the framework's steps."""
        if not self.included:
            raise IndexSpecError(
                f"no zone has data for {self.framework.dat_thresh:.0%} of the indicators in "
                f"{self.year}: nothing to rank"
            )
        coin = Coin(self.idata, self.imeta)
        coin.screen(unit_screen="byNA", dat_thresh=self.framework.dat_thresh)
        for name, args in self.framework.steps:
            coin.apply(name, **args)
        return coin

    def spec_yaml(self, data: str = "iData.csv", meta: str = "iMeta.csv") -> str:
        """A spec for `zonemetrics index run` that rebuilds this index from the written CSVs."""
        steps: list[dict[str, Any]] = [
            {"screen": {"unit_screen": "byNA", "dat_thresh": self.framework.dat_thresh}}
        ]
        for name, args in self.framework.steps:
            clean = {("global" if k == "global_" else k): v for k, v in args.items()}
            steps.append({name: clean})
        doc = {"data": data, "meta": meta, "steps": steps}
        head = f"# {self.framework.name}, {self.year}: written by `zonemetrics index ledger`\n"
        return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write iData.csv, iMeta.csv, spec.yaml and the three explanation tables."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        for name, table in (
            ("iData", self.idata),
            ("iMeta", self.imeta),
            ("cells", self.cells),
            ("indicators", self.indicators),
            ("availability", self.availability),
        ):
            target = out / f"{name}.csv"
            table.to_csv(target, index=False)
            written.append(target)
        target = out / "spec.yaml"
        target.write_text(self.spec_yaml(), "utf-8")
        written.append(target)
        return written


def _cells(tables: Tables, fw: LedgerFramework, units: list[str], year: int) -> pd.DataFrame:
    """One row per zone and indicator: the value used, or why there is none."""
    catalog = derived_catalog()
    base = _base_candidates(tables, [s.code for s in fw.indicators if s.code not in catalog])
    rows: list[dict[str, Any]] = []
    for spec in fw.indicators:
        if spec.code in catalog:
            cands = _derived_candidates(tables, spec.code)
        else:
            cands = base[base["indicator"] == spec.code]
        by_zone = dict(tuple(cands.groupby("zone_id")))
        for zone in units:
            cell = _choose(by_zone.get(zone, cands.iloc[0:0]), spec, year)
            cell.update(uCode=zone, iCode=spec.code)
            rows.append(cell)
    cells = pd.DataFrame(rows, columns=_CELL_COLUMNS)
    cells["conflicts"] = cells["conflicts"].astype("Int64")
    return cells


def _coverage(
    fw: LedgerFramework, cells: pd.DataFrame, year: int
) -> tuple[pd.DataFrame, list[IndicatorSpec]]:
    """Each indicator's coverage; those with values for fewer than min_units zones dropped."""
    rows: list[dict[str, Any]] = []
    kept: list[IndicatorSpec] = []
    for spec in fw.indicators:
        status = cells.loc[cells["iCode"] == spec.code, "status"]
        counts = {s: int((status == s).sum()) for s in CELL_STATUSES}
        keep = counts["value"] >= fw.min_units
        if keep:
            kept.append(spec)
        reason = None
        if not keep:
            reason = f"values for {counts['value']} zone(s), fewer than min_units {fw.min_units}"
        rows.append(
            {
                "iCode": spec.code,
                "pillar": spec.pillar,
                **{f"n_{s}": n for s, n in counts.items()},
                "kept": keep,
                "reason": reason,
            }
        )
    if not kept:
        raise IndexSpecError(
            f"no indicator has values for {fw.min_units} zones in {year}: "
            "nothing to build an index on"
        )
    return pd.DataFrame(rows), kept


def _imeta(
    fw: LedgerFramework, kept: list[IndicatorSpec], pillars: list[Pillar], dirs: dict[str, float]
) -> pd.DataFrame:
    """COINr's iMeta: kept indicators (level 1), pillars (level 2), the index (level 3)."""
    rows = [
        {"iCode": s.code, "iName": s.code, "Level": 1, "Parent": s.pillar}
        | {"Direction": dirs[s.code], "Weight": s.weight, "Type": "Indicator"}
        for s in kept
    ]
    rows += [
        {"iCode": p.code, "iName": p.name, "Level": 2, "Parent": INDEX_CODE}
        | {"Direction": 1.0, "Weight": p.weight, "Type": "Aggregate"}
        for p in pillars
    ]
    rows.append(
        {"iCode": INDEX_CODE, "iName": fw.name, "Level": 3, "Parent": None}
        | {"Direction": 1.0, "Weight": 1.0, "Type": "Aggregate"}
    )
    return pd.DataFrame(rows)


def _availability(status: pd.DataFrame, peers: pd.DataFrame, dat_thresh: float) -> pd.DataFrame:
    """Per zone: how many kept indicators have a value, whether it passes, what is missing."""
    codes = list(status.columns)
    n_value = (status == "value").sum(axis=1).to_numpy()
    avail = n_value / len(codes)
    missing = [
        ", ".join(f"{c} ({status.loc[u, c]})" for c in codes if status.loc[u, c] != "value") or None
        for u in status.index
    ]
    return pd.DataFrame(
        {
            "uCode": list(status.index),
            "uName": peers["name_en"].tolist(),
            "n_value": n_value,
            "n_bound_only": (status == "bound_only").sum(axis=1).to_numpy(),
            "n_indicators": len(codes),
            "Dat_Avail": avail,
            "Included": avail >= dat_thresh,
            "missing": missing,
        }
    )


def build_ledger_frame(
    tables: Tables, framework: LedgerFramework | str | Path | None = None, year: int | None = None
) -> LedgerFrame:
    """Read the ledger into iData/iMeta for `year` (default: the framework's year)."""
    fw = framework if isinstance(framework, LedgerFramework) else load_ledger_framework(framework)
    year = year if year is not None else fw.year
    if year is None:
        raise IndexSpecError("give a year (the framework names none)")
    try:
        peers = peer_zones(tables, fw.peer_set).to_pandas()
    except ZonemetricsError as exc:
        raise IndexSpecError(str(exc)) from exc
    peers = peers.sort_values("zone_id", kind="stable").reset_index(drop=True)
    units = peers["zone_id"].tolist()
    directions = {s.code: _direction(tables, s) for s in fw.indicators}

    cells = _cells(tables, fw, units, year)
    coverage, kept = _coverage(fw, cells, year)
    live_pillars = [p for p in fw.pillars if any(s.pillar == p.code for s in kept)]
    codes = [s.code for s in kept]

    chosen = cells[cells["iCode"].isin(codes)]
    status = chosen.pivot(index="uCode", columns="iCode", values="status")
    status = status.reindex(index=units, columns=codes)
    values = chosen.pivot(index="uCode", columns="iCode", values="value")
    values = values.reindex(index=units, columns=codes).astype(float).where(status == "value")
    idata = pd.concat(
        [
            pd.DataFrame(
                {
                    "uCode": units,
                    "uName": peers["name_en"].tolist(),
                    "uName_zh": peers["name_zh"].tolist(),
                }
            ),
            values.reset_index(drop=True),
        ],
        axis=1,
    )
    return LedgerFrame(
        framework=fw,
        year=year,
        idata=idata,
        imeta=_imeta(fw, kept, live_pillars, directions),
        cells=cells,
        indicators=coverage,
        availability=_availability(status, peers, fw.dat_thresh),
        dropped_pillars=[p.code for p in fw.pillars if p not in live_pillars],
    )
