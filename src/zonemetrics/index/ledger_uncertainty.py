"""Uncertainty from the data: an index built from the ledger, re-run with the ledger's
own doubts sampled, beside the usual uncertainty of the methods.

COINr and the JRC audits vary the methods only. The ledger also knows where its own
figures are uncertain, and says so in each cell:

* a bound is a range, not a value: '>1000' from a source that also lists '>2000' means
  [1000, 2000] (the next bracket of the same source, indicator and year); with no
  next bracket, the range runs to the largest (for '<', from the smallest) value any
  zone of the peer set has. A derived indicator computed from a bound (GDP per km2
  from a GDP bound) gets the same bracket, scaled by its own bound;
* figures that disagree on one cell (judged 'conflicting' by the reconciliation
  policy) are alternatives, drawn with weights by source tier: official 4, major
  media 3, re-post 2, blog 1 (the policy's own order, TIER_ORDER, counted down);
* a zone's bounds move together: one draw per zone places all its bound-only figures
  at the same relative point of their ranges (they come from the same bracket of a
  ranking, so a zone near the top of one is near the top of the others).
* a derived value computed from an open figure (GDP per km2 from a bound or from a
  disputed GDP) is open the same way, carried through its formula and drawn with the
  same u, so no run pairs one alternative of the GDP with another of its ratio;
* an imputed value is a guess: when the framework imputes, each data run fills the
  same gaps by a random hot-deck (`i_hotdeck`) instead of the nominal method.

A zone screened out for want of values can then pass the screen in a run and push the
others down, which is exactly what the bounds say could happen. Each run is rebuilt
through the ordinary pipeline (the tables are small), and ranks are compared with the
nominal ones: the output separates rank intervals due to the methods (the COINr
sensitivity example's choices), due to the data, and due to both, and names the
figures responsible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.ledger_frame import LedgerFrame
from zonemetrics.index.stats import rank_desc_rows
from zonemetrics.ledger.policy import TIER_ORDER, _with_counts
from zonemetrics.store.connection import Tables

TIER_WEIGHT = {tier: float(len(TIER_ORDER) - rank) for rank, tier in enumerate(TIER_ORDER)}

# The method factors of COINr's sensitivity example (its vignette on ASEM), applied to
# the ledger index: normalisation, aggregation and +-25% noise on the pillars' weights.
METHOD_ALTERNATIVES: dict[str, list[dict[str, Any]]] = {
    "normalise": [{"f_n": "n_minmax", "l_u": [1, 100]}, {"f_n": "n_zscore", "m_sd": [10, 2]}],
    "aggregate": [{"f_ag": "a_amean"}, {"f_ag": "a_gmean"}],
}
PILLAR_NOISE = 0.25


@dataclass(frozen=True)
class UncertainCell:
    """One cell the data leave open: a range (lo, hi) or weighted alternatives."""

    uCode: str
    iCode: str
    lo: float = float("nan")
    hi: float = float("nan")
    values: tuple[float, ...] = ()
    weights: tuple[float, ...] = ()
    figures: str = ""
    source: str = ""
    # cells with one link are drawn with one u: a derived value and the disputed figure
    # it was computed from take the same alternative
    link: str = ""

    @property
    def is_range(self) -> bool:
        return not self.values

    def draw(self, u: float) -> float:
        if self.is_range:
            return self.lo + u * (self.hi - self.lo)
        cum = np.cumsum(self.weights) / sum(self.weights)
        return self.values[int(np.searchsorted(cum, u, side="right").clip(0, len(cum) - 1))]


@dataclass
class DataUAResult:
    """Rank intervals per zone due to methods, data and both, and the figures behind them."""

    table: pd.DataFrame
    cells: list[UncertainCell]
    n: int
    level: float
    runs: dict[str, np.ndarray] = field(default_factory=dict)
    imputed: list[tuple[str, str, float]] = field(default_factory=list)


def _receipt_ids(text: Any) -> set[str]:
    return set(str(text).split()) if isinstance(text, str) else set()


def _bracket(
    figures: pd.DataFrame, cell: pd.Series, peer_values: pd.Series
) -> tuple[float, float] | None:
    """The range a bound-only base cell allows: up to the next bracket of the same
    source (indicator, year) or, without one, to the peer set's extreme value."""
    bound, qualifier = float(cell["value"]), cell["qualifier"]
    same = figures[
        (figures["indicator"] == cell["iCode"])
        & (figures["source_id"] == cell["source_id"])
        & (figures["period"] == cell["period"])
        & (figures["qualifier"] == qualifier)
    ]["value"].astype(float)
    if qualifier == "band" and pd.notna(cell["value_high"]):
        return bound, float(cell["value_high"])
    if qualifier == "lower_bound":
        above = same[same > bound]
        hi = float(above.min()) if len(above) else float(peer_values.max())
        return (bound, hi) if hi > bound else None
    below = same[same < bound]
    lo = float(below.max()) if len(below) else float(peer_values.min())
    return (lo, bound) if lo < bound else None


def _base_exponents(derived_code: str) -> dict[str, float]:
    """How a derived indicator moves with each base input it is proportional to:
    value ~ base ** exponent. Ratios go with their numerator (+1) and against their
    denominator (-1); a share of the parent goes with the zone's value; a conversion
    with the converted value and against the rate. Growth rates, CAGRs, multiples and
    densities are not proportional to one input and are not followed (a bound or a
    conflict in their input leaves them as they are)."""
    from zonemetrics.indicators.catalog import derived_catalog

    spec = derived_catalog().get(derived_code)
    if spec is None:
        return {}
    signs = {"numerator": 1.0, "denominator": -1.0, "input": 1.0, "rate": -1.0}
    if spec.kind not in ("ratio", "share_of_parent", "convert"):
        return {}
    return {code: signs[role] for role, code in spec.inputs.items()}


def uncertain_cells(tables: Tables, frame: LedgerFrame) -> list[UncertainCell]:
    """Every cell of a kept indicator whose value the ledger leaves open (see the module
    docstring): bound-only cells as ranges, conflicting figures as alternatives, and the
    derived cells computed from either, which follow the base figure's draw."""
    kept = frame.imeta.loc[frame.imeta["Level"] == 1, "iCode"].tolist()
    cells = frame.cells[frame.cells["iCode"].isin(kept)]
    exact = cells[cells["status"] == "value"]
    values = _with_counts(tables)
    figures = (
        values.filter(values.indicator.isin(kept) & (values.measure == "value"))
        .select(
            "zone_id",
            "indicator",
            "period",
            "caliber",
            "value",
            "qualifier",
            "source_id",
            "tier",
            "judgement",
            "obs_id",
        )
        .to_pandas()
    )
    base: list[tuple[UncertainCell, float, set[str]]] = []  # cell, its nominal value, receipt
    bound_cells = cells[cells["status"] == "bound_only"]
    for _, cell in bound_cells[bound_cells["source_id"].notna()].iterrows():
        peers = exact.loc[exact["iCode"] == cell["iCode"], "value"].astype(float)
        rng = _bracket(figures, cell, peers)
        if rng is None:
            continue
        found = UncertainCell(
            cell["uCode"],
            cell["iCode"],
            lo=rng[0],
            hi=rng[1],
            figures=_describe(cell, rng),
            source=str(cell["source_id"]),
        )
        base.append((found, float(cell["value"]), _receipt_ids(cell["receipt"])))
    # figures that disagree on a cell that has a value: alternatives weighted by tier
    for _, cell in exact[exact["source_id"].notna()].iterrows():
        rows = figures[
            (figures["zone_id"] == cell["uCode"])
            & (figures["indicator"] == cell["iCode"])
            & (figures["period"] == cell["period"])
            & (figures["caliber"] == cell["caliber"])
            & figures["qualifier"].isin(["exact", "approx"])
        ]
        if not (rows["judgement"] == "conflicting").any():
            continue
        by_value = rows.groupby("value", sort=True)["tier"].agg(
            lambda t: max(TIER_WEIGHT.get(x, 1.0) for x in t)
        )
        found = UncertainCell(
            cell["uCode"],
            cell["iCode"],
            values=tuple(float(v) for v in by_value.index),
            weights=tuple(float(w) for w in by_value.to_numpy()),
            figures=f"{cell['iCode']} {cell['period']}: "
            + "; ".join(
                f"{r.value:g} ({r.tier}, {r.source_id}, obs {r.obs_id}, {r.judgement})"
                for r in rows.itertuples()
            ),
            source="conflicting figures",
            link=f"{cell['uCode']}|{cell['iCode']}|{cell['period']}",
        )
        base.append((found, float(cell["value"]), _receipt_ids(cell["receipt"])))
    out = [c for c, _, _ in base]
    # a derived value computed from an open base figure (GDP per km2 from a GDP bound or
    # from a disputed GDP) is open the same way: the base's range or alternatives, carried
    # through the derived indicator's formula, drawn with the same u as the base
    derived_cells = cells[cells["source_id"].isna() & cells["status"].isin(["value", "bound_only"])]
    for _, cell in derived_cells.iterrows():
        exponents = _base_exponents(str(cell["iCode"]))
        ids = _receipt_ids(cell["receipt"])
        for found, nominal, receipt in base:
            power = exponents.get(found.iCode)
            if found.uCode != cell["uCode"] or power is None or not receipt or not receipt <= ids:
                continue
            value = float(cell["value"])

            def carry(
                x: float, value: float = value, nominal: float = nominal, p: float = power
            ) -> float:
                return value * (x / nominal) ** p

            if found.is_range:
                lo, hi = sorted((carry(found.lo), carry(found.hi)))
                out.append(
                    UncertainCell(
                        cell["uCode"],
                        cell["iCode"],
                        lo=lo,
                        hi=hi,
                        figures=_describe(cell, (lo, hi)),
                        source=found.source,
                    )
                )
            else:
                out.append(
                    UncertainCell(
                        cell["uCode"],
                        cell["iCode"],
                        values=tuple(carry(v) for v in found.values),
                        weights=found.weights,
                        figures=f"{cell['iCode']} computed from {found.iCode} "
                        f"(obs {cell['receipt']}): "
                        + ", ".join(f"{carry(v):g}" for v in found.values),
                        source=found.source,
                        link=found.link,
                    )
                )
            break
    return out


def _describe(cell: pd.Series, rng: tuple[float, float]) -> str:
    sign = {"lower_bound": ">", "upper_bound": "<", "band": ""}.get(cell["qualifier"], "")
    source = cell["source_id"] if isinstance(cell["source_id"], str) else "derived"
    return (
        f"{cell['iCode']} {sign}{float(cell['value']):g} ({source}, obs {cell['receipt']}): "
        f"sampled in [{rng[0]:g}, {rng[1]:g}]"
    )


@dataclass(frozen=True)
class RunChoice:
    """What one run changes: the methods (None keeps the framework's) and, when the
    framework imputes, the seed of a random hot-deck that replaces its imputation."""

    normalise: dict[str, Any] | None = None
    aggregate: dict[str, Any] | None = None
    weights: dict[str, float] | None = None
    impute_seed: int | None = None

    def change(self, step: str) -> dict[str, Any]:
        if step == "normalise" and self.normalise is not None:
            return self.normalise
        if step == "aggregate":
            return {**(self.aggregate or {}), **({"w": self.weights} if self.weights else {})}
        if step == "impute" and self.impute_seed is not None:
            return {"f_i": "i_hotdeck", "f_i_para": {"seed": self.impute_seed}}
        return {}


def _methods(frame: LedgerFrame, u_norm: float, u_agg: float, u_weights: float) -> RunChoice:
    """The method factors of one run from three numbers in [0, 1): the normalisation
    and aggregation alternatives, and a seed for the pillars' +-25% weight noise."""
    pillars = frame.imeta.loc[frame.imeta["Level"] == 2, "iCode"].tolist()
    base_w = dict(zip(frame.imeta["iCode"], frame.imeta["Weight"].astype(float), strict=True))
    noise = 1 + PILLAR_NOISE * np.random.default_rng(int(u_weights * 2**32)).uniform(
        -1, 1, len(pillars)
    )
    return RunChoice(
        normalise=METHOD_ALTERNATIVES["normalise"][min(int(u_norm * 2), 1)],
        aggregate=METHOD_ALTERNATIVES["aggregate"][min(int(u_agg * 2), 1)],
        weights={**base_w, **{p: base_w[p] * f for p, f in zip(pillars, noise, strict=True)}},
    )


def run_frame_coin(
    frame: LedgerFrame, idata: pd.DataFrame, choice: RunChoice | None = None
) -> Coin:
    """The frame's pipeline on `idata`, with the run's choices."""
    from zonemetrics.index.coin import merge_step_args

    coin = Coin(idata, frame.imeta)
    coin.screen(unit_screen="byNA", dat_thresh=frame.framework.dat_thresh)
    for name, args in frame.framework.steps:
        change = choice.change(name) if choice is not None else {}
        coin.apply(name, **merge_step_args(name, args, change))
    return coin


def imputed_cells(coin: Coin) -> list[tuple[str, str, float]]:
    """(uCode, iCode, imputed value) of every cell the coin's imputation filled: missing
    in the data set the impute step read, present in the one it wrote."""
    if "Imputed" not in coin.dsets:
        return []
    call = next(c for c in coin.log if c.name == "impute")
    names = [k for k in coin.dsets if not k.startswith("_")]
    # the step read its `dset`, or else the data set written just before its own
    read = call.args.get("dset") or names[names.index("Imputed") - 1]
    before, after = coin.get_dset(read), coin.get_dset("Imputed")
    out: list[tuple[str, str, float]] = []
    for j, code in enumerate(after.columns):
        was = before.values[:, list(before.columns).index(code)]
        filled = np.flatnonzero(np.isnan(was) & ~np.isnan(after.values[:, j]))
        out += [(str(after.ucode[i]), code, float(after.values[i, j])) for i in filled]
    return out


def _ranks(coin: Coin, units: np.ndarray) -> np.ndarray:
    """The index rank of each of `units` (NaN where the coin screened the unit out)."""
    return rank_desc_rows(_index_of(coin, units)[None, :])[0]


def _nominal_ranks(frame: LedgerFrame, units: np.ndarray) -> tuple[Coin, np.ndarray]:
    nominal = run_frame_coin(frame, frame.idata)
    return nominal, _ranks(nominal, units)


def run_data_uncertainty(
    tables: Tables,
    frame: LedgerFrame,
    n: int = 200,
    seed: int = 0,
    level: float = 0.9,
    progress: Callable[[int, int], None] | None = None,
) -> DataUAResult:
    """n runs each of: methods only, data only, both; ranks of every zone per run (a
    zone screened out in a run is unranked there). The data runs draw the open cells
    and, when the framework imputes, complete the data by a random hot-deck instead."""
    if n < 2:
        raise IndexSpecError("n must be at least 2")
    cells = uncertain_cells(tables, frame)
    units = frame.idata["uCode"].astype(str).to_numpy()
    rng = np.random.default_rng(seed)
    nominal, nominal_rank = _nominal_ranks(frame, units)
    imputed = imputed_cells(nominal)
    runs: dict[str, np.ndarray] = {}
    total = 3 * n
    for kind in ("methods", "data", "both"):
        ranks = np.full((n, len(units)), np.nan)
        for r in range(n):
            idata = frame.idata
            choice = RunChoice()
            if kind in ("methods", "both"):
                choice = _methods(frame, *rng.random(3))
            if kind in ("data", "both"):
                idata = _draw_cells(idata, cells, rng)
                seed_r = int(rng.integers(2**32))
                if imputed:
                    choice = RunChoice(choice.normalise, choice.aggregate, choice.weights, seed_r)
            ranks[r] = _ranks(run_frame_coin(frame, idata, choice), units)
            if progress is not None:
                progress(1, total)
        runs[kind] = ranks
    lo_q = (1 - level) / 2
    table = pd.DataFrame({"uCode": units, "uName": frame.idata["uName"], "Nominal": nominal_rank})
    for kind, ranks in runs.items():
        with np.errstate(all="ignore"):
            ranked = ~np.isnan(ranks)
            table[f"{kind}_ranked"] = ranked.mean(axis=0)
            table[f"{kind}_lo"] = _quantile(ranks, lo_q)
            table[f"{kind}_median"] = _quantile(ranks, 0.5)
            table[f"{kind}_hi"] = _quantile(ranks, 1 - lo_q)
    described = [(c.uCode, c.figures) for c in cells] + [
        (u, f"{code} imputed as {value:g}: drawn from the peers' observed values")
        for u, code, value in imputed
    ]
    table["figures"] = ["; ".join(f for z, f in described if z == u) for u in units]
    table = table.sort_values(["Nominal", "data_median"], kind="stable", na_position="last")
    return DataUAResult(table.reset_index(drop=True), cells, n, level, runs, imputed)


def _quantile(ranks: np.ndarray, q: float) -> np.ndarray:
    out = np.full(ranks.shape[1], np.nan)
    for j in range(ranks.shape[1]):
        col = ranks[:, j][~np.isnan(ranks[:, j])]
        if col.size:
            out[j] = np.quantile(col, q)
    return out


def _index_of(coin: Coin, units: np.ndarray) -> np.ndarray:
    agg = coin.get_dset("Aggregated")
    by_unit = dict(zip(agg.ucode, agg.col(coin.framework.index_code), strict=True))
    return np.array([by_unit.get(u, np.nan) for u in units], dtype=float)


def _draw_data(
    idata: pd.DataFrame, cells: list[UncertainCell], u_of_source: dict[str, float]
) -> pd.DataFrame:
    """The data of one run: each source's u seeds the draws of its cells, one draw per
    zone for ranges (a zone's bounds move together) and one per cell for alternatives."""
    out = idata.copy()
    for source, u in u_of_source.items():
        mine = [c for c in cells if c.source == source]
        out = _draw_cells(out, mine, np.random.default_rng(int(u * 2**32)))
    return out


def _draw_cells(
    idata: pd.DataFrame, cells: list[UncertainCell], rng: np.random.Generator
) -> pd.DataFrame:
    """One draw of the cells into a copy of idata: one u per zone for ranges (a zone's
    bounds move together) and one u per link for alternatives (a disputed figure and
    the values computed from it take the same alternative)."""
    out = idata.copy()
    zones = sorted({c.uCode for c in cells if c.is_range})
    links = sorted({c.link or f"{c.uCode}|{c.iCode}" for c in cells if not c.is_range})
    u_zone = dict(zip(zones, rng.random(len(zones)), strict=True))
    u_link = dict(zip(links, rng.random(len(links)), strict=True))
    for c in cells:
        u = u_zone[c.uCode] if c.is_range else u_link[c.link or f"{c.uCode}|{c.iCode}"]
        out.loc[out["uCode"] == c.uCode, c.iCode] = c.draw(u)
    return out


def data_sensitivity(
    tables: Tables,
    frame: LedgerFrame,
    n: int = 50,
    seed: int = 0,
    n_boot: int = 100,
    level: float = 0.9,
) -> pd.DataFrame:
    """Sobol indices of the mean absolute rank shift of the nominally ranked zones, with
    the methods (normalisation, aggregation, pillar weights) and the data (one factor
    per source of uncertain figures, and one for the imputed cells when the framework
    imputes) as factors: which matters more for the ranks. Saltelli's design, n (k + 2)
    runs; a factor's u picks its alternative, or seeds the draws of its weights,
    figures or hot-deck, so each run is a fixed function of the sample."""
    from zonemetrics.index.sobol import saltelli_design, sobol_indices

    cells = uncertain_cells(tables, frame)
    sources = sorted({c.source for c in cells})
    units = frame.idata["uCode"].astype(str).to_numpy()
    nominal_coin, nominal = _nominal_ranks(frame, units)
    imputes = bool(imputed_cells(nominal_coin))
    names = [
        "normalise",
        "aggregate",
        "pillar weights",
        *(f"data: {s}" for s in sources),
        *(["data: imputation"] if imputes else []),
    ]
    u, layout = saltelli_design(n, len(names), seed)
    ranked = ~np.isnan(nominal)
    mars = np.empty(len(u))
    for r, row in enumerate(u):
        choice = _methods(frame, *row[:3])
        if imputes:
            choice = RunChoice(
                choice.normalise, choice.aggregate, choice.weights, int(row[-1] * 2**32)
            )
        idata = _draw_data(frame.idata, cells, dict(zip(sources, row[3:], strict=False)))
        ranks = _ranks(run_frame_coin(frame, idata, choice), units)
        mars[r] = np.nanmean(np.abs(ranks[ranked] - nominal[ranked]))
    return sobol_indices(mars[:, None], layout, names, ["MARS"], n_boot, seed, level)
