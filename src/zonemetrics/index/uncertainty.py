"""Uncertainty and sensitivity analysis, vectorised over runs.

COINr regenerates the whole coin for every Monte Carlo run. Here the runs are
grouped by what they share: every distinct setting of the steps before aggregation
is built once through the ordinary pipeline (a discrete factor has a few
alternatives, so a few builds serve thousands of runs); then each run picks one of
those normalised matrices, gets its weights and aggregates, and the aggregation of
all runs is a handful of array operations over a (runs x units x indicators) stack.
Results are the same numbers a per-run rebuild gives (tests check this).

The `uncertainty` section of a spec lists the factors. Each has an `address` (what it
changes, as in COINr's SA_specs) and either discrete `values` or a continuous
`range` (uniform, lower and upper):

    uncertainty:
      factors:
        - {address: steps.treat.winmax, values: [1, 2, 3, 4, 5]}
        - {address: steps.treat.skew_thresh, range: [1.5, 2.5]}
        - address: steps.normalise                  # whole-step alternatives
          values: [{f_n: n_minmax, l_u: [1, 100]}, {f_n: n_zscore, m_sd: [10, 2]}]
        - {address: steps.impute, values: [true, false]}        # step on / off
        - {address: steps.aggregate.f_ag, values: [a_amean, a_gmean]}
        - {address: weights, noise: {2: 0.25, 3: 0.25}}         # one factor, two levels
        - {address: weights, values: [Original, {Conn: 2}]}     # alternative weight sets
        - {address: weights.Sust, range: [0.5, 1.5]}            # one weight

The older shorthand keys are read as factors too: `normalise`, `aggregate`, `winmax`
and `impute` as lists of alternatives, and `weights_noise: {level: f}` as one noise
factor per level (COINr's get_noisy_weights draws w (1 + f U(-1, 1))).
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
from zonemetrics.index.coin import Coin, merge_step_args
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.sobol import saltelli_design, sobol_indices
from zonemetrics.index.stats import rank_desc, rank_desc_rows

WEIGHT_POOL = 1024
WEIGHT_STEPS = ("aggregate", "weights")


@dataclass(frozen=True)
class Factor:
    """One uncertain input. `values`: discrete alternatives; `range`: a continuous uniform
    interval; `noise`: relative weight noise by level (a pool of WEIGHT_POOL drawn
    weight vectors, indexed like discrete alternatives)."""

    name: str
    address: str
    values: tuple[Any, ...] | None = None
    range: tuple[float, float] | None = None
    noise: dict[int, float] | None = None

    @property
    def continuous(self) -> bool:
        return self.range is not None

    @property
    def n_levels(self) -> int:
        if self.noise is not None:
            return WEIGHT_POOL
        return len(self.values) if self.values is not None else 0

    @property
    def labels(self) -> list[str]:
        return [_label(v) for v in self.values] if self.values is not None else []

    @property
    def target(self) -> str:
        """What the factor changes: pipeline (a step before aggregation), aggregate,
        weight_set, weight_noise or weight_code."""
        parts = self.address.split(".")
        if parts[0] == "weights":
            if len(parts) == 2:
                return "weight_code"
            return "weight_noise" if self.noise is not None else "weight_set"
        return "aggregate" if parts[1] == "aggregate" else "pipeline"

    @property
    def step(self) -> str:
        return self.address.split(".")[1]

    @property
    def param(self) -> str | None:
        parts = self.address.split(".")
        return parts[2] if len(parts) > 2 else None

    def pick(self, u: np.ndarray) -> np.ndarray:
        """Map a sample in [0, 1) to an alternative's index (discrete, noise) or a value
        in the range (continuous), as COINr's sample_2_para does."""
        if self.range is not None:
            lo, hi = self.range
            return lo + u * (hi - lo)
        n = self.n_levels
        return np.minimum((u * n).astype(int), n - 1)


def _label(value: Any) -> str:
    if isinstance(value, Mapping):
        named = value.get("f_n") or value.get("f_ag") or value.get("f_i")
        if named and len(value) == 1:
            return str(named)
        return ", ".join(f"{k}={v}" for k, v in value.items()) if value else "nominal"
    return str(value)


def _factor_from_entry(entry: Mapping[str, Any], position: int) -> Factor:
    if not isinstance(entry, Mapping):
        raise IndexSpecError(f"uncertainty factor {position}: must be a mapping with an address")
    known = {"address", "values", "range", "noise", "name"}
    unknown = set(entry) - known
    if unknown:
        raise IndexSpecError(
            f"uncertainty factor {position}: unknown key(s) {', '.join(sorted(unknown))}; "
            f"valid: {', '.join(sorted(known))}"
        )
    address = str(entry.get("address", ""))
    parts = address.split(".")
    if parts[0] not in ("steps", "weights") or (parts[0] == "steps" and not 2 <= len(parts) <= 3):
        raise IndexSpecError(
            f"uncertainty factor {position}: address {address!r} must be steps.STEP, "
            "steps.STEP.ARGUMENT, weights or weights.ICODE"
        )
    given = [k for k in ("values", "range", "noise") if k in entry]
    if len(given) != 1:
        raise IndexSpecError(
            f"uncertainty factor {address}: give exactly one of values, range or noise"
        )
    name = str(entry.get("name") or address.removeprefix("steps."))
    if "range" in entry:
        rng = entry["range"]
        ok = isinstance(rng, Sequence) and len(rng) == 2
        lo, hi = (float(rng[0]), float(rng[1])) if ok else (0.0, 0.0)
        if not ok or not hi > lo:
            raise IndexSpecError(
                f"uncertainty factor {address}: range is [lower, upper], lower < upper"
            )
        if parts[0] == "steps" and len(parts) != 3:
            raise IndexSpecError(f"uncertainty factor {address}: a range needs steps.STEP.ARGUMENT")
        if address == "weights":
            raise IndexSpecError(
                "uncertainty factor weights: use noise, or weights.ICODE with a range"
            )
        return Factor(name, address, range=(lo, hi))
    if "noise" in entry:
        if address != "weights":
            raise IndexSpecError(f"uncertainty factor {address}: noise applies to address weights")
        noise = entry["noise"]
        if not isinstance(noise, Mapping) or not noise:
            raise IndexSpecError("uncertainty factor weights: noise is {level: fraction, ...}")
        return Factor(name, address, noise={int(k): float(v) for k, v in noise.items()})
    values = entry["values"]
    if not isinstance(values, Sequence) or isinstance(values, str) or len(values) < 2:
        raise IndexSpecError(f"uncertainty factor {address}: values lists two or more alternatives")
    return Factor(name, address, values=tuple(values))


def _legacy_factors(section: Mapping[str, Any]) -> list[Factor]:
    """The shorthand keys, in the order the first version of the engine used."""
    out: list[Factor] = []
    if len(section.get("impute") or []) > 1:
        out.append(Factor("impute", "steps.impute", tuple(bool(v) for v in section["impute"])))
    if len(section.get("winmax") or []) > 1:
        out.append(Factor("winmax", "steps.treat.winmax", tuple(int(v) for v in section["winmax"])))
    if len(section.get("normalise") or []) > 1:
        out.append(Factor("normalise", "steps.normalise", tuple(section["normalise"])))
    if len(section.get("aggregate") or []) > 1:
        out.append(Factor("aggregate", "steps.aggregate", tuple(section["aggregate"])))
    for lev, f in sorted((section.get("weights_noise") or {}).items()):
        out.append(Factor(f"weights_L{int(lev)}", "weights", noise={int(lev): float(f)}))
    return out


@dataclass
class UAPlan:
    """What varies: the factors, parsed from the spec's `uncertainty` section."""

    factors: list[Factor] = field(default_factory=list)

    @classmethod
    def from_spec(cls, section: Mapping[str, Any]) -> UAPlan:
        legacy = {"normalise", "aggregate", "weights_noise", "winmax", "impute"}
        unknown = set(section) - legacy - {"factors"}
        if unknown:
            raise IndexSpecError(
                f"unknown uncertainty key(s): {', '.join(sorted(unknown))}; valid: "
                f"factors, {', '.join(sorted(legacy))}"
            )
        factors = _legacy_factors(section) + [
            _factor_from_entry(e, i + 1) for i, e in enumerate(section.get("factors") or [])
        ]
        names = [f.name for f in factors]
        if not factors:
            raise IndexSpecError("the uncertainty section varies nothing")
        if len(set(names)) != len(names):
            raise IndexSpecError(f"uncertainty factors need distinct names: {names}")
        return cls(factors)

    def factors_named(self) -> list[str]:
        return [f.name for f in self.factors]


@dataclass
class UAResult:
    """Per-run index scores and ranks, their summaries, and Sobol indices when the
    design was Saltelli's. `summary_rows` are the runs the rank summary uses: all of
    them for plain Monte Carlo, the A and B blocks (2N) of a Saltelli design, as
    COINr's get_sensitivity does."""

    ucode: np.ndarray
    nominal_rank: np.ndarray
    scores: np.ndarray
    ranks: np.ndarray
    design: pd.DataFrame
    mars: np.ndarray
    n_base: int
    level: float = 0.9
    summary_rows: slice = field(default_factory=lambda: slice(None))
    sobol_mars: pd.DataFrame | None = None
    sobol_units: pd.DataFrame | None = None

    @property
    def total_runs(self) -> int:
        return int(self.ranks.shape[0])

    def quantile_names(self) -> tuple[str, str]:
        lo = (1 - self.level) / 2 * 100
        return f"Q{lo:g}", f"Q{100 - lo:g}"

    def rank_summary(self) -> pd.DataFrame:
        """Per unit: nominal, mean, median rank and the interval holding `level` of the
        runs (Q5 and Q95 at COINr's default 0.9)."""
        r = self.ranks[self.summary_rows]
        lo_name, hi_name = self.quantile_names()
        lo_q = (1 - self.level) / 2
        return (
            pd.DataFrame(
                {
                    "uCode": self.ucode,
                    "Nominal": self.nominal_rank,
                    "Mean": np.nanmean(r, axis=0),
                    "Median": np.nanmedian(r, axis=0),
                    lo_name: np.nanquantile(r, lo_q, axis=0),
                    hi_name: np.nanquantile(r, 1 - lo_q, axis=0),
                }
            )
            .sort_values("Nominal", kind="stable")
            .reset_index(drop=True)
        )

    def per_run(self) -> pd.DataFrame:
        """One row per run and unit: run number (as in design.csv), uCode, Score, Rank."""
        n_runs, n_units = self.scores.shape
        return pd.DataFrame(
            {
                "run": np.repeat(np.arange(n_runs), n_units),
                "uCode": np.tile(self.ucode.astype(str), n_runs),
                "Score": self.scores.reshape(-1),
                "Rank": self.ranks.reshape(-1),
            }
        )

    def write(self, out: Path, per_run: bool = False) -> list[Path]:
        """ranks.csv, design.csv (with each run's mean absolute rank shift) and, for a
        Saltelli design, sobol_mars.csv and sobol_units.csv with bootstrap intervals;
        with `per_run`, per_run.parquet (every run's score and rank of every unit)."""
        out.mkdir(parents=True, exist_ok=True)
        design = self.design.assign(MARS=self.mars)
        design.insert(0, "run", np.arange(len(design)))
        tables = {"ranks": self.rank_summary(), "design": design}
        if self.sobol_mars is not None and self.sobol_units is not None:
            tables |= {"sobol_mars": self.sobol_mars, "sobol_units": self.sobol_units}
        written = []
        for name, table in tables.items():
            table.to_csv(out / f"{name}.csv", index=False)
            written.append(out / f"{name}.csv")
        if per_run:
            target = out / "per_run.parquet"
            self.per_run().to_parquet(target, index=False)
            written.append(target)
        return written


class UAEngine:
    """Groups runs by their pipeline and aggregation settings, builds each setting once,
    and aggregates all runs of a group together."""

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
        self.factors = list(plan.factors)
        self._check_addresses()
        self.pipeline = [f for f in self.factors if f.target == "pipeline"]
        self.agg_factors = [f for f in self.factors if f.target == "aggregate"]
        self.weight_sets = self._weight_sets()
        self.pools = self._weight_pools()
        self.cache_level = self._cache_level()
        self._combo_of: dict[tuple[Any, ...], int] = {}
        self._stack: list[np.ndarray] = []
        self._cache: dict[tuple[Any, ...], dict[str, np.ndarray]] = {}
        if all(not f.continuous for f in self.pipeline):
            # every discrete combination, built once up front
            for key in itertools.product(*(range(f.n_levels) for f in self.pipeline)):
                self._combo_index(tuple(key))

    # -- set-up ------------------------------------------------------------------------------

    def _check_addresses(self) -> None:
        """Each factor must point at a step the coin ran and a code it has."""
        logged = {c.name for c in self.coin.log}
        for f in self.factors:
            if f.address.startswith("steps.") and f.step not in logged:
                raise IndexSpecError(
                    f"uncertainty factor {f.address}: the pipeline has no {f.step} step "
                    f"(it has {', '.join(c.name for c in self.coin.log)})"
                )
            if f.target == "weight_code" and f.address.split(".")[1] not in self.fw.level:
                raise IndexSpecError(f"uncertainty factor {f.address}: no such iCode in iMeta")
            if f.noise is not None:
                bad = [
                    lev for lev in f.noise if lev not in self.fw.order or lev == self.fw.top_level
                ]
                if bad:
                    raise IndexSpecError(
                        f"uncertainty factor {f.name}: no weights to vary at level(s) {bad}"
                    )
            if f.address.startswith("steps.") and f.param is None and f.values is not None:
                for v in f.values:
                    if not isinstance(v, bool | Mapping):
                        raise IndexSpecError(
                            f"uncertainty factor {f.address}: each alternative is a mapping "
                            "of arguments, or true / false to run the step or not"
                        )
                if f.step in WEIGHT_STEPS and any(isinstance(v, bool) for v in f.values):
                    raise IndexSpecError(f"uncertainty factor {f.address}: cannot be switched off")

    def _weight_sets(self) -> list[dict[str, float]]:
        """The alternative weight sets (names of the coin's sets or mappings over the
        nominal set); only the nominal set when no factor gives alternatives."""
        factor = next((f for f in self.factors if f.target == "weight_set"), None)
        if factor is None:
            return [dict(self.base_weights)]
        if sum(f.target == "weight_set" for f in self.factors) > 1:
            raise IndexSpecError("give alternative weight sets in one factor")
        out = []
        for v in factor.values or ():
            if isinstance(v, str):
                out.append(dict(self.coin.weight_set(v)))
            elif isinstance(v, Mapping):
                unknown = [k for k in v if k not in self.base_weights]
                if unknown:
                    raise IndexSpecError(f"weight set alternative names unknown iCode(s) {unknown}")
                out.append({**self.base_weights, **{k: float(w) for k, w in v.items()}})
            else:
                raise IndexSpecError("a weight set alternative is a set name or {iCode: weight}")
        return out

    def _weight_pools(self) -> dict[str, dict[int, np.ndarray]]:
        """Per noise factor and level, WEIGHT_POOL multipliers 1 + f U(-1, 1) for the
        level's codes, as COINr's get_noisy_weights draws them (w + w f U)."""
        pools: dict[str, dict[int, np.ndarray]] = {}
        for f in self.factors:
            if f.noise is None:
                continue
            pools[f.name] = {
                lev: 1.0
                + frac * self.rng.uniform(-1.0, 1.0, (WEIGHT_POOL, len(self.fw.codes_at(lev))))
                for lev, frac in sorted(f.noise.items())
            }
        return pools

    def _cache_level(self) -> int:
        """The lowest level whose weights change from run to run: everything below it
        is aggregated once per setting instead of once per run."""
        levels = [lev for f in self.factors if f.noise is not None for lev in f.noise]
        levels += [
            self.fw.level[f.address.split(".")[1]]
            for f in self.factors
            if f.target == "weight_code"
        ]
        return min(levels) if levels else self.fw.top_level

    # -- the values of each run ----------------------------------------------------------------

    def choices(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """Each factor's pick for a (runs x factors) sample in [0, 1): an alternative's
        index, a pool index (noise), or a value (continuous)."""
        if u.shape[1] != len(self.factors):
            raise IndexSpecError(
                f"the sample has {u.shape[1]} columns for {len(self.factors)} factors"
            )
        return {f.name: f.pick(u[:, j]) for j, f in enumerate(self.factors)}

    def _value(self, f: Factor, pick: Any) -> Any:
        return float(pick) if f.continuous else f.values[int(pick)]  # type: ignore[index]

    def step_changes(
        self, factors: Sequence[Factor], picks: Sequence[Any]
    ) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """The regen changes (per step name) and the steps removed, for these picks."""
        changes: dict[str, dict[str, Any]] = {}
        removed: list[str] = []
        for f, pick in zip(factors, picks, strict=True):
            value = self._value(f, pick)
            if f.param is not None:
                changes.setdefault(f.step, {})[f.param] = _python_value(value)
            elif isinstance(value, bool):
                if not value:
                    removed.append(f.step)
            else:
                changes.setdefault(f.step, {}).update(_step_args(value))
        return changes, removed

    def _combo_index(self, key: tuple[Any, ...]) -> int:
        """The position in the stack of the normalised data for one pipeline setting,
        building it (through the ordinary pipeline, up to normalisation) on first use."""
        if key in self._combo_of:
            return self._combo_of[key]
        changes, removed = self.step_changes(self.pipeline, key)
        c = self.coin.regen(dict(changes), remove=removed)
        ds = c.get_dset(self._normalised_name())
        fw = self.fw
        block = np.full((len(self.ucode), len(fw.indicators)), np.nan)
        pos = {u: i for i, u in enumerate(self.ucode)}
        rows = [pos.get(u, -1) for u in ds.ucode]
        sel = [i for i, r in enumerate(rows) if r >= 0]
        block[[rows[i] for i in sel]] = ds.cols(fw.indicators)[sel]
        self._stack.append(block)
        self._combo_of[key] = len(self._stack) - 1
        self._cache.clear()  # cached aggregates were computed on the smaller stack
        return self._combo_of[key]

    @property
    def stack(self) -> np.ndarray:
        """The normalised data of every pipeline setting built so far (settings x units x
        indicators); a unit screened out in one setting is missing there."""
        return np.stack(self._stack)

    def _normalised_name(self) -> str:
        call = next((c for c in self.coin.log if c.name == "normalise"), None)
        if call is None:
            raise IndexSpecError("uncertainty analysis needs a normalise step")
        return str(call.args.get("write_to", "Normalised"))

    # -- evaluation ------------------------------------------------------------------------------

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
        combo = np.array(
            [
                self._combo_index(tuple(_key(ch[f.name][r], f) for f in self.pipeline))
                for r in range(n_runs)
            ],
            dtype=int,
        )
        agg_keys = [tuple(_key(ch[f.name][r], f) for f in self.agg_factors) for r in range(n_runs)]
        wset_factor = next((f for f in self.factors if f.target == "weight_set"), None)
        wset = ch[wset_factor.name].astype(int) if wset_factor else np.zeros(n_runs, dtype=int)
        groups: dict[tuple[Any, ...], list[int]] = {}
        for r in range(n_runs):
            groups.setdefault((*agg_keys[r], int(wset[r])), []).append(r)
        scores = np.full((n_runs, len(self.ucode)), np.nan)
        done = 0
        for key, members in groups.items():
            idx_all = np.array(members)
            for start in range(0, len(idx_all), chunk):
                idx = idx_all[start : start + chunk]
                scores[idx] = self._aggregate_runs(idx, combo[idx], ch, key)
                done += len(idx)
                if progress is not None:
                    progress(len(idx), n_runs)
        return scores

    def agg_args_for(self, agg_key: Sequence[Any]) -> dict[str, Any]:
        """The aggregate step's arguments for one setting of the aggregation factors."""
        changes, _ = self.step_changes(self.agg_factors, agg_key)
        return merge_step_args("aggregate", self.agg_args, changes.get("aggregate", {}))

    def _agg_settings(self, agg_key: Sequence[Any]) -> tuple[list[str], list[Any], dict[str, Any]]:
        """Aggregation function and data threshold per level, and extra parameters."""
        args = self.agg_args_for(agg_key)
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
        agg_key: Sequence[Any],
    ) -> None:
        """Aggregate `values` (each code: rows x units) from level `lev_from` up to
        `lev_to`, in place; `weights_at(lev)` gives the (rows x codes) weights of a level."""
        funcs, threshs, para = self._agg_settings(agg_key)
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

    def _fixed_values(self, key: tuple[Any, ...]) -> dict[str, np.ndarray]:
        """Values, per pipeline setting, of every code up to the lowest level whose
        weights vary by run: computed once per (aggregation setting, weight set)."""
        full_key = (*key, len(self._stack))
        if full_key not in self._cache:
            fw = self.fw
            stack = self.stack
            n_combo = stack.shape[0]
            agg_key, wset = key[:-1], int(key[-1])
            values = {code: stack[..., j] for j, code in enumerate(fw.indicators)}

            def set_weights(lev: int) -> np.ndarray:
                w = np.array([self.weight_sets[wset][c] for c in fw.codes_at(lev)])
                return np.broadcast_to(w, (n_combo, w.size))

            self._climb(values, 1, self.cache_level, set_weights, agg_key)
            self._cache[full_key] = {c: values[c] for c in fw.codes_at(self.cache_level)}
        return self._cache[full_key]

    def _aggregate_runs(
        self,
        runs: np.ndarray,
        combo: np.ndarray,
        ch: Mapping[str, np.ndarray],
        key: tuple[Any, ...],
    ) -> np.ndarray:
        fixed = self._fixed_values(key)
        values = {code: v[combo] for code, v in fixed.items()}
        wset = int(key[-1])
        self._climb(
            values,
            self.cache_level,
            self.fw.top_level,
            lambda lev: self._level_weights(lev, runs, ch, wset),
            key[:-1],
        )
        return values[self.fw.index_code]

    def _level_weights(
        self, lev: int, runs: np.ndarray, ch: Mapping[str, np.ndarray], wset: int
    ) -> np.ndarray:
        """(runs x codes) weights of level `lev`: the run's weight set, times the noise of
        every noise factor covering the level, with single-weight factors set last."""
        codes = self.fw.codes_at(lev)
        base = np.array([self.weight_sets[wset][c] for c in codes])
        w = np.broadcast_to(base, (len(runs), len(codes))).copy()
        for name, pool in self.pools.items():
            if lev in pool:
                w *= pool[lev][ch[name][runs].astype(int)]
        for f in self.factors:
            if f.target == "weight_code":
                code = f.address.split(".")[1]
                if code in codes:
                    j = codes.index(code)
                    w[:, j] = (
                        ch[f.name][runs]
                        if f.continuous
                        else np.array(
                            [float(f.values[int(i)]) for i in ch[f.name][runs]]  # type: ignore[index]
                        )
                    )
        return w

    def run_weights(self, ch: Mapping[str, np.ndarray], r: int) -> dict[str, float]:
        """The full weight set of run `r` (for rebuilding that run the ordinary way)."""
        wset_factor = next((f for f in self.factors if f.target == "weight_set"), None)
        wset = int(ch[wset_factor.name][r]) if wset_factor else 0
        w = dict(self.weight_sets[wset])
        runs = np.array([r])
        for lev in range(1, self.fw.top_level):
            w.update(
                zip(
                    self.fw.codes_at(lev),
                    self._level_weights(lev, runs, ch, wset)[0].tolist(),
                    strict=True,
                )
            )
        return w

    def rebuild(self, ch: Mapping[str, np.ndarray], r: int) -> Coin:
        """Run `r` rebuilt the ordinary way (COINr's Regen with the run's settings): the
        reference the vectorised engine is tested against, and the naive baseline."""
        steps = [f for f in self.factors if f.target in ("pipeline", "aggregate")]
        changes, removed = self.step_changes(steps, [_key(ch[f.name][r], f) for f in steps])
        agg = changes.setdefault("aggregate", {})
        agg["w"] = self.run_weights(ch, r)
        return self.coin.regen(dict(changes), remove=removed)

    def design_frame(self, u: np.ndarray) -> pd.DataFrame:
        ch = self.choices(u)
        cols: dict[str, Any] = {}
        for fac in self.factors:
            pick = ch[fac.name]
            if fac.continuous or fac.noise is not None:
                cols[fac.name] = pick
            else:
                cols[fac.name] = [fac.labels[int(i)] for i in pick]
        return pd.DataFrame(cols)


def _key(pick: Any, f: Factor) -> Any:
    return float(pick) if f.continuous else int(pick)


def _python_value(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _step_args(args: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(args)
    if "global" in out:
        out["global_"] = out.pop("global")
    return out


def run_uncertainty(
    coin: Coin,
    plan: UAPlan,
    n: int,
    seed: int = 0,
    sobol: bool = True,
    n_boot: int = 200,
    level: float = 0.9,
    progress: Callable[[int, int], None] | None = None,
    sampler: str = "random",
) -> UAResult:
    """Sample the factors and evaluate all runs at once, as COINr's get_sensitivity:
    `n` is the base sample size. Plain Monte Carlo (`sobol=False`, COINr's "UA") makes
    n runs; Saltelli's design (COINr's "SA") makes n (k + 2) runs for k factors, from
    which first-order and total Sobol indices of the mean absolute rank shift and of
    every unit's rank are estimated, with bootstrap intervals at `level`. Rank
    intervals hold `level` of the runs (COINr's default 0.9). `sampler` "random" draws
    uniformly as COINr does; "sobol" uses a scrambled Sobol sequence."""
    if n < 2:
        raise IndexSpecError("the base sample size n must be at least 2")
    if not 0 < level < 1:
        raise IndexSpecError("level must be between 0 and 1, e.g. 0.9")
    eng = UAEngine(coin, plan, seed)
    d = len(eng.factors)
    if sobol:
        u, layout = saltelli_design(n, d, seed, sampler)
        summary_rows = slice(0, 2 * n)
    else:
        u = np.random.default_rng(seed).random((n, d))
        layout, summary_rows = None, slice(None)
    scores = eng.evaluate(u, progress=progress)
    ranks = rank_desc_rows(scores)
    mars = np.nanmean(np.abs(ranks - eng.nominal_rank[None, :]), axis=1)
    res = UAResult(
        eng.ucode,
        eng.nominal_rank,
        scores,
        ranks,
        eng.design_frame(u),
        mars,
        n,
        level,
        summary_rows,
    )
    if layout is not None:
        names = [f.name for f in eng.factors]
        res.sobol_mars = sobol_indices(mars[:, None], layout, names, ["MARS"], n_boot, seed, level)
        res.sobol_units = sobol_indices(ranks, layout, names, list(eng.ucode), n_boot, seed, level)
    return res


def plan_from_sequences(
    normalise: Sequence[Mapping[str, Any]] = (),
    aggregate: Sequence[Mapping[str, Any]] = (),
    weights_noise: Mapping[int, float] | None = None,
    winmax: Sequence[int] = (),
    impute: Sequence[bool] = (),
    factors: Sequence[Mapping[str, Any]] = (),
) -> UAPlan:
    """Build a plan in code (the spec section is the other way)."""
    return UAPlan.from_spec(
        {
            "normalise": list(normalise),
            "aggregate": list(aggregate),
            "weights_noise": dict(weights_noise or {}),
            "winmax": list(winmax),
            "impute": list(impute),
            "factors": list(factors),
        }
    )
