"""Uncertainty and sensitivity analysis, vectorised over runs.

COINr regenerates the whole coin for every Monte Carlo run. Here the expensive,
discrete choices (imputation on/off, winmax, normalisation method) have only a few
alternatives each, so every combination is built once through the ordinary
pipeline; then each run only picks one of those normalised matrices, draws its
weights and aggregates, and the aggregation of all runs is a handful of array
operations over a (runs x units x indicators) stack. Results are the same numbers a
per-run rebuild gives (tests check this), at a small fraction of the cost.

The `uncertainty` section of a spec names what varies:

    uncertainty:
      normalise:                     # alternatives of the normalise step
        - {f_n: n_minmax, l_u: [1, 100]}
        - {f_n: n_zscore, m_sd: [10, 2]}
      aggregate:                     # alternatives of the aggregate step
        - {f_ag: a_amean}
        - {f_ag: a_gmean}
      weights_noise: {2: 0.25, 3: 0.25}   # level: +- fraction, uniform
      winmax: [1, 2, 3, 4, 5]
      impute: [true, false]          # imputation on / off
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from zonemetrics.index.aggregate import aggregate_group
from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.sobol import saltelli_design, sobol_indices
from zonemetrics.index.stats import rank_desc, rank_desc_rows

WEIGHT_POOL = 1024


@dataclass(frozen=True)
class Factor:
    """One uncertain input: a name and how many discrete alternatives it has
    (weights factors index a pool of pre-drawn noisy weight vectors)."""

    name: str
    n_levels: int
    labels: list[str]


@dataclass
class UAPlan:
    """What varies, parsed from the spec's `uncertainty` section."""

    normalise: list[dict[str, Any]] = field(default_factory=list)
    aggregate: list[dict[str, Any]] = field(default_factory=list)
    weights_noise: dict[int, float] = field(default_factory=dict)
    winmax: list[int] = field(default_factory=list)
    impute: list[bool] = field(default_factory=list)

    @classmethod
    def from_spec(cls, section: Mapping[str, Any]) -> UAPlan:
        unknown = set(section) - {"normalise", "aggregate", "weights_noise", "winmax", "impute"}
        if unknown:
            raise IndexSpecError(f"unknown uncertainty key(s): {', '.join(sorted(unknown))}")
        plan = cls(
            normalise=[_norm_args(a) for a in section.get("normalise", [])],
            aggregate=[dict(a) for a in section.get("aggregate", [])],
            weights_noise={
                int(k): float(v) for k, v in (section.get("weights_noise") or {}).items()
            },
            winmax=[int(v) for v in section.get("winmax", [])],
            impute=[bool(v) for v in section.get("impute", [])],
        )
        if not plan.factors_named():
            raise IndexSpecError("the uncertainty section varies nothing")
        return plan

    def factors_named(self) -> list[str]:
        names = []
        if len(self.impute) > 1:
            names.append("impute")
        if len(self.winmax) > 1:
            names.append("winmax")
        if len(self.normalise) > 1:
            names.append("normalise")
        if len(self.aggregate) > 1:
            names.append("aggregate")
        names += [f"weights_L{lev}" for lev in sorted(self.weights_noise)]
        return names


def _norm_args(args: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(args)
    if "global" in out:
        out["global_"] = out.pop("global")
    return out


@dataclass
class UAResult:
    """Per-run index ranks and their summaries; Sobol indices when the design was Saltelli."""

    ucode: np.ndarray
    nominal_rank: np.ndarray
    ranks: np.ndarray
    design: pd.DataFrame
    mars: np.ndarray
    sobol_mars: pd.DataFrame | None = None
    sobol_units: pd.DataFrame | None = None

    def rank_summary(self) -> pd.DataFrame:
        """Per unit: nominal, mean, median, 5% and 95% rank over the runs."""
        r = self.ranks
        return (
            pd.DataFrame(
                {
                    "uCode": self.ucode,
                    "Nominal": self.nominal_rank,
                    "Mean": np.nanmean(r, axis=0),
                    "Median": np.nanmedian(r, axis=0),
                    "Q5": np.nanquantile(r, 0.05, axis=0),
                    "Q95": np.nanquantile(r, 0.95, axis=0),
                }
            )
            .sort_values("Nominal", kind="stable")
            .reset_index(drop=True)
        )

    def write(self, out: Path) -> list[Path]:
        """ranks.csv, design.csv (with each run's mean absolute rank shift) and, for a
        Saltelli design, sobol_mars.csv and sobol_units.csv with bootstrap intervals."""
        out.mkdir(parents=True, exist_ok=True)
        tables = {"ranks": self.rank_summary(), "design": self.design.assign(MARS=self.mars)}
        if self.sobol_mars is not None and self.sobol_units is not None:
            tables |= {"sobol_mars": self.sobol_mars, "sobol_units": self.sobol_units}
        written = []
        for name, table in tables.items():
            table.to_csv(out / f"{name}.csv", index=False)
            written.append(out / f"{name}.csv")
        return written


class UAEngine:
    """Precomputes the discrete alternatives of a nominal coin, then evaluates runs."""

    def __init__(self, coin: Coin, plan: UAPlan, seed: int = 0) -> None:
        if "Aggregated" not in coin.dsets:
            raise IndexSpecError("uncertainty analysis needs a coin with an aggregate step")
        self.coin, self.plan = coin, plan
        self.rng = np.random.default_rng(seed)
        fw = coin.framework
        self.fw = fw
        agg_call = next(c for c in reversed(coin.log) if c.name == "aggregate")
        self.agg_args = dict(agg_call.args)
        self.base_weights = coin.weight_set(self.agg_args.get("w"))
        nominal = coin.get_dset("Aggregated")
        self.ucode = nominal.ucode
        if nominal.time is not None:
            raise IndexSpecError("run the uncertainty analysis on one year (set time)")
        self.nominal_rank = rank_desc(nominal.col(fw.index_code))
        self.impute_alts = plan.impute or [True]
        self.winmax_alts = plan.winmax or [None]
        self.norm_alts = plan.normalise or [None]
        self.agg_alts = plan.aggregate or [{}]
        self.factors = self._factors()
        self.stack = self._build_alternatives()
        self.pools = self._weight_pools()
        self.cache_level = min(self.pools) if self.pools else fw.top_level
        self._cache: dict[int, dict[str, np.ndarray]] = {}

    def _factors(self) -> list[Factor]:
        p = self.plan
        out = []
        if len(p.impute) > 1:
            out.append(Factor("impute", len(p.impute), [str(v) for v in p.impute]))
        if len(p.winmax) > 1:
            out.append(Factor("winmax", len(p.winmax), [str(v) for v in p.winmax]))
        if len(p.normalise) > 1:
            out.append(Factor("normalise", len(p.normalise), [a["f_n"] for a in p.normalise]))
        if len(p.aggregate) > 1:
            out.append(
                Factor(
                    "aggregate", len(p.aggregate), [a.get("f_ag", "a_amean") for a in p.aggregate]
                )
            )
        out += [Factor(f"weights_L{lev}", WEIGHT_POOL, []) for lev in sorted(p.weights_noise)]
        return out

    def variant(
        self,
        impute: bool,
        winmax: int | None,
        norm: Mapping[str, Any] | None,
        agg: Mapping[str, Any],
        weights: Mapping[str, float] | None = None,
    ) -> Coin:
        """The pipeline of one run rebuilt the ordinary way (COINr's Regen): the reference
        the vectorised engine is tested against, and the naive benchmark baseline."""
        changes: dict[str | int, dict[str, Any]] = {}
        if winmax is not None:
            changes["treat"] = {"winmax": winmax}
        if norm is not None:
            changes["normalise"] = dict(norm)
        agg_change = dict(agg)
        if weights is not None:
            agg_change["w"] = dict(weights)
        changes["aggregate"] = agg_change
        return self.coin.regen(changes, remove=() if impute else ("impute",))

    def _build_alternatives(self) -> np.ndarray:
        """Normalised data of every (impute, winmax, normalise) combination, aligned to the
        nominal units (a unit screened out in one combination is missing there)."""
        fw = self.fw
        combos = list(itertools.product(self.impute_alts, self.winmax_alts, self.norm_alts))
        stack = np.full((len(combos), len(self.ucode), len(fw.indicators)), np.nan)
        pos = {u: i for i, u in enumerate(self.ucode)}
        norm_name = self._normalised_name()
        for k, (imp, wm, norm) in enumerate(combos):
            changes: dict[str | int, dict[str, Any]] = {}
            if wm is not None:
                changes["treat"] = {"winmax": wm}
            if norm is not None:
                changes["normalise"] = dict(norm)
            c = self.coin.regen(changes, remove=() if imp else ("impute",))
            ds = c.get_dset(norm_name)
            rows = [pos.get(u, -1) for u in ds.ucode]
            sel = [i for i, r in enumerate(rows) if r >= 0]
            stack[k, [rows[i] for i in sel]] = ds.cols(fw.indicators)[sel]
        self.combos = combos
        return stack

    def _normalised_name(self) -> str:
        call = next((c for c in self.coin.log if c.name == "normalise"), None)
        if call is None:
            raise IndexSpecError("uncertainty analysis needs a normalise step")
        return str(call.args.get("write_to", "Normalised"))

    def _weight_pools(self) -> dict[int, np.ndarray]:
        """Per noisy level, WEIGHT_POOL weight vectors w (1 + f U(-1, 1)) for its codes,
        as COINr's get_noisy_weights draws them."""
        pools = {}
        for lev, f in self.plan.weights_noise.items():
            codes = self.fw.codes_at(lev)
            base = np.array([self.base_weights[c] for c in codes])
            noise = self.rng.uniform(-1.0, 1.0, size=(WEIGHT_POOL, len(codes)))
            pools[lev] = base * (1.0 + f * noise)
        return pools

    def choices(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """Map a (runs x factors) sample in [0, 1) to an alternative index per factor."""
        out = {}
        for j, fac in enumerate(self.factors):
            out[fac.name] = np.minimum((u[:, j] * fac.n_levels).astype(int), fac.n_levels - 1)
        return out

    def evaluate(
        self,
        u: np.ndarray,
        chunk: int = 2000,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Index scores (runs x units) for a sample `u` in [0, 1)^factors; `progress` is
        called with (runs just done, total runs) after each chunk."""
        ch = self.choices(u)
        n_runs = u.shape[0]
        zero = np.zeros(n_runs, dtype=int)
        imp = ch.get("impute", zero)
        wm = ch.get("winmax", zero)
        nm = ch.get("normalise", zero)
        combo = (imp * len(self.winmax_alts) + wm) * len(self.norm_alts) + nm
        agg = ch.get("aggregate", zero)
        scores = np.full((n_runs, len(self.ucode)), np.nan)
        for start in range(0, n_runs, chunk):
            sl = slice(start, min(start + chunk, n_runs))
            for a in np.unique(agg[sl]):
                idx = np.arange(sl.start, sl.stop)[agg[sl] == a]
                scores[idx] = self._aggregate_runs(idx, combo[idx], ch, int(a))
            if progress is not None:
                progress(sl.stop - sl.start, n_runs)
        return scores

    def _agg_settings(self, a: int) -> tuple[list[str], list[Any], dict[str, Any]]:
        """Aggregation function and data threshold per level, and extra parameters, of
        aggregation alternative `a` (on top of the nominal aggregate step's arguments)."""
        args = {**self.agg_args, **self.agg_alts[a]}
        n_agg = self.fw.top_level - 1
        f_ag = args.get("f_ag", "a_amean")
        thresh = args.get("dat_thresh")
        funcs = list(f_ag) if isinstance(f_ag, list) else [f_ag] * n_agg
        threshs = list(thresh) if isinstance(thresh, list) else [thresh] * n_agg
        skip = ("f_ag", "dat_thresh", "f_ag_para", "w", "dset", "write_to")
        para = {**(args.get("f_ag_para") or {}), **{k: v for k, v in args.items() if k not in skip}}
        return funcs, threshs, para

    def _climb(
        self,
        values: dict[str, np.ndarray],
        lev_from: int,
        lev_to: int,
        weights_at: Callable[[int], np.ndarray],
        a: int,
    ) -> None:
        """Aggregate `values` (each code: rows x units) from level `lev_from` up to
        `lev_to`, in place; `weights_at(lev)` gives the (rows x codes) weights of a level."""
        funcs, threshs, para = self._agg_settings(a)
        fw = self.fw
        for lev in range(lev_from, lev_to):
            wlev = weights_at(lev)
            codes = fw.codes_at(lev)
            for par in fw.codes_at(lev + 1):
                kids = fw.children(par)
                cols = [codes.index(k) for k in kids]
                x = np.stack([values[k] for k in kids], axis=-1)
                values[par] = aggregate_group(
                    x, wlev[:, None, cols], funcs[lev - 1], threshs[lev - 1], **para
                )

    def _fixed_values(self, a: int) -> dict[str, np.ndarray]:
        """Values, per discrete combination, of every code up to the lowest level whose
        weights are noisy: they do not depend on the run's weights, so they are
        computed once for the few combinations instead of once per run."""
        if a not in self._cache:
            fw = self.fw
            n_combo = self.stack.shape[0]
            values = {code: self.stack[..., j] for j, code in enumerate(fw.indicators)}

            def base_weights(lev: int) -> np.ndarray:
                w = np.array([self.base_weights[c] for c in fw.codes_at(lev)])
                return np.broadcast_to(w, (n_combo, w.size))

            self._climb(values, 1, self.cache_level, base_weights, a)
            self._cache[a] = {c: values[c] for c in fw.codes_at(self.cache_level)}
        return self._cache[a]

    def _aggregate_runs(
        self, runs: np.ndarray, combo: np.ndarray, ch: Mapping[str, np.ndarray], a: int
    ) -> np.ndarray:
        fixed = self._fixed_values(a)
        values = {code: v[combo] for code, v in fixed.items()}
        self._climb(
            values,
            self.cache_level,
            self.fw.top_level,
            lambda lev: self._level_weights(lev, runs, ch),
            a,
        )
        return values[self.fw.index_code]

    def _level_weights(
        self, lev: int, runs: np.ndarray, ch: Mapping[str, np.ndarray]
    ) -> np.ndarray:
        codes = self.fw.codes_at(lev)
        if lev in self.pools:
            return self.pools[lev][ch[f"weights_L{lev}"][runs]]
        base = np.array([self.base_weights[c] for c in codes])
        return np.broadcast_to(base, (len(runs), len(codes)))

    def run_weights(self, ch: Mapping[str, np.ndarray], r: int) -> dict[str, float]:
        """The full weight set of run `r` (for rebuilding that run the ordinary way)."""
        w = dict(self.base_weights)
        for lev, pool in self.pools.items():
            w.update(
                zip(self.fw.codes_at(lev), pool[ch[f"weights_L{lev}"][r]].tolist(), strict=True)
            )
        return w

    def design_frame(self, u: np.ndarray) -> pd.DataFrame:
        ch = self.choices(u)
        cols = {}
        for fac in self.factors:
            idx = ch[fac.name]
            cols[fac.name] = [fac.labels[i] for i in idx] if fac.labels else idx
        return pd.DataFrame(cols)


def run_uncertainty(
    coin: Coin,
    plan: UAPlan,
    runs: int,
    seed: int = 0,
    sobol: bool = True,
    n_boot: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> UAResult:
    """Sample the factors (Saltelli design when `sobol`, else plain Monte Carlo),
    evaluate all runs at once, and summarise ranks; with `sobol` also compute first-order
    and total Sobol indices of the mean absolute rank shift and of every unit's rank."""
    eng = UAEngine(coin, plan, seed)
    d = len(eng.factors)
    if sobol:
        n_base = max(runs // (d + 2), 2)
        u, layout = saltelli_design(n_base, d, seed)
    else:
        u = np.random.default_rng(seed).random((runs, d))
        layout = None
    scores = eng.evaluate(u, progress=progress)
    ranks = rank_desc_rows(scores)
    mars = np.nanmean(np.abs(ranks - eng.nominal_rank[None, :]), axis=1)
    res = UAResult(eng.ucode, eng.nominal_rank, ranks, eng.design_frame(u), mars)
    if layout is not None:
        names = [f.name for f in eng.factors]
        res.sobol_mars = sobol_indices(mars[:, None], layout, names, ["MARS"], n_boot, seed)
        res.sobol_units = sobol_indices(ranks, layout, names, list(eng.ucode), n_boot, seed)
    return res


def plan_from_sequences(
    normalise: Sequence[Mapping[str, Any]] = (),
    aggregate: Sequence[Mapping[str, Any]] = (),
    weights_noise: Mapping[int, float] | None = None,
    winmax: Sequence[int] = (),
    impute: Sequence[bool] = (),
) -> UAPlan:
    """Build a plan in code (the spec section is the other way)."""
    return UAPlan.from_spec(
        {
            "normalise": list(normalise),
            "aggregate": list(aggregate),
            "weights_noise": dict(weights_noise or {}),
            "winmax": list(winmax),
            "impute": list(impute),
        }
    )
