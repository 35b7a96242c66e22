"""The coin: data, framework, data sets produced by each step, and the log of steps.

Like COINr's coin, every step is recorded with its arguments as given, so the whole
pipeline can be re-run with one argument changed (`regen`), which is how a user
compares methodological choices and how the naive uncertainty baseline works.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from zonemetrics.index import steps  # noqa: F401  (registers the built-in steps)
from zonemetrics.index.dataset import Dataset
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.framework import Framework, effective_weights
from zonemetrics.index.registry import accepted_arguments, check_arguments, lookup
from zonemetrics.index.stats import rank_desc


@dataclass(frozen=True)
class StepCall:
    """One logged step: its name in the spec (denominate, impute, ...) and its arguments."""

    name: str
    args: dict[str, Any]


@dataclass
class Coin:
    """A composite indicator under construction; see the module docstring."""

    idata: pd.DataFrame
    imeta: pd.DataFrame
    panel: bool = False
    source: str = "iData"
    # indicators left out of the coin (COINr's new_coin(exclude = ...)); the tables as
    # given are kept, so that change_ind can bring an indicator back
    exclude: tuple[str, ...] = ()
    given: tuple[pd.DataFrame, pd.DataFrame] = field(init=False, repr=False)
    framework: Framework = field(init=False)
    dsets: dict[str, Dataset] = field(init=False, default_factory=dict)
    weights: dict[str, dict[str, float]] = field(init=False, default_factory=dict)
    active_weights: str = field(init=False, default="Original")
    log: list[StepCall] = field(init=False, default_factory=list)
    details: dict[str, Any] = field(init=False, default_factory=dict)
    latest: str = field(init=False, default="Raw")
    warnings: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.given = (self.idata, self.imeta)
        self.exclude = tuple(self.exclude)
        if self.exclude:
            self.idata, self.imeta = without_indicators(self.idata, self.imeta, self.exclude)
        self.framework = Framework.from_imeta(self.imeta)
        fw = self.framework
        if "uCode" not in self.idata.columns:
            raise IndexSpecError("iData needs a uCode column")
        missing = [c for c in fw.indicators if c not in self.idata.columns]
        if missing:
            raise IndexSpecError(f"iData lacks indicator column(s): {', '.join(missing)}")
        time = None
        if "Time" in self.idata.columns:
            times = self.idata["Time"].to_numpy()
            if self.panel:
                time = times.astype(float).astype(int)
            elif len(np.unique(times)) > 1:
                raise IndexSpecError(
                    "iData has several Time values: select one (time) or set panel"
                )
        elif self.panel:
            raise IndexSpecError("a panel needs a Time column in iData")
        ucode = self.idata["uCode"].astype(str).to_numpy()
        keys = list(zip(ucode, time if time is not None else [None] * len(ucode), strict=True))
        if len(set(keys)) != len(keys):
            raise IndexSpecError("iData has duplicate uCode (per Time) rows")
        values = numeric_indicators(self.idata, fw.indicators, self.source)
        for j, code in enumerate(fw.indicators):
            if np.isnan(values[:, j]).all():
                self.warn(f"{code} has no value in iData")
        self.dsets = {"Raw": Dataset(ucode, time, tuple(fw.indicators), values)}
        self.weights = {"Original": dict(fw.weight)}
        self._row_of = {k: i for i, k in enumerate(keys)}

    @classmethod
    def from_csv(
        cls,
        data: str | Path,
        meta: str | Path,
        time: int | None = None,
        panel: bool = False,
        exclude: Sequence[str] = (),
    ) -> Coin:
        """Read iData and iMeta CSVs in COINr's layout; `time` keeps one year of a panel."""
        idata = read_table(data)
        imeta = read_table(meta)
        if time is not None:
            if "Time" not in idata.columns:
                raise IndexSpecError("time was given but iData has no Time column")
            idata = idata[idata["Time"].astype(float) == float(time)].reset_index(drop=True)
            if idata.empty:
                raise IndexSpecError(f"iData has no rows for Time {time}")
        return cls(idata, imeta, panel=panel, source=str(data), exclude=tuple(exclude))

    # -- lookups used by the steps ---------------------------------------------------------

    def get_dset(self, name: str | None = None) -> Dataset:
        key = name or self.latest
        if key not in self.dsets:
            raise IndexSpecError(f"no data set {key!r}; have {sorted(self.dsets)}")
        return self.dsets[key]

    def row_values(self, ds: Dataset, column: str) -> np.ndarray:
        """An iData column (a group or a denominator) aligned to the rows of `ds`."""
        src = self.idata[column].to_numpy()
        times = ds.time if ds.time is not None else [None] * ds.n_rows
        idx = [self._row_of[(u, t)] for u, t in zip(ds.ucode, times, strict=True)]
        return src[idx]

    def weight_set(self, w: str | Mapping[str, float] | None = None) -> dict[str, float]:
        if w is None:
            return self.weights[self.active_weights]
        if isinstance(w, str):
            if w not in self.weights:
                raise IndexSpecError(f"no weight set {w!r}; have {sorted(self.weights)}")
            return self.weights[w]
        return {**self.weights["Original"], **{k: float(v) for k, v in w.items()}}

    def write(self, name: str, ds: Dataset) -> None:
        self.dsets[name] = ds
        self.latest = name

    def warn(self, message: str) -> None:
        """Record something the user must hear about (an indicator that could not be
        normalised, a gap that could not be imputed); the CLI prints these."""
        if message not in self.warnings:
            self.warnings.append(message)

    # -- steps (COINr names); each call is logged, then run ---------------------------------

    def apply(self, name: str, **args: Any) -> Coin:
        """Run step `name` with `args` and log it; returns the coin so calls chain.

        The step is looked up in the registry (a built-in, a dotted path or a plug-in);
        arguments it does not take are refused with the list of those it does.
        """
        step = lookup("step", name)
        valid = step.parameters()
        if valid is not None:
            check_arguments(f"step {name}", args, valid)
        step.func(self, **args)
        self.log.append(StepCall(name, copy.deepcopy(args)))
        return self

    def denominate(self, **args: Any) -> Coin:
        return self.apply("denominate", **args)

    def impute(self, **args: Any) -> Coin:
        return self.apply("impute", **args)

    def screen(self, **args: Any) -> Coin:
        return self.apply("screen", **args)

    def treat(self, **args: Any) -> Coin:
        return self.apply("treat", **args)

    def normalise(self, **args: Any) -> Coin:
        return self.apply("normalise", **args)

    def set_weights(self, **args: Any) -> Coin:
        return self.apply("weights", **args)

    def aggregate(self, **args: Any) -> Coin:
        return self.apply("aggregate", **args)

    def regen(
        self,
        changes: Mapping[str | int, Mapping[str, Any]] | None = None,
        remove: Sequence[str] = (),
    ) -> Coin:
        """Rebuild from the raw data, replaying the log with some arguments changed.

        `changes` maps a step name (every call of it) or a log position to the
        arguments to override; `remove` drops steps by name (e.g. "impute").
        """
        changes = changes or {}
        fresh = Coin(*self.given, panel=self.panel, source=self.source, exclude=self.exclude)
        for pos, call in enumerate(self.log):
            if call.name in remove:
                continue
            change = {**changes.get(call.name, {}), **changes.get(pos, {})}
            fresh.apply(call.name, **merge_step_args(call.name, call.args, change))
        return fresh

    # -- results ---------------------------------------------------------------------------

    def scores(self) -> pd.DataFrame:
        """uCode (Time), every aggregate by iCode, Index and Rank (1 = best, per year)."""
        ds = self.get_dset("Aggregated")
        fw = self.framework
        aggs = [c for lev in range(2, fw.top_level + 1) for c in fw.codes_at(lev)]
        frame = ds.to_frame()
        keep = ["uCode", *(["Time"] if ds.time is not None else []), *aggs]
        out = frame[keep].copy()
        index = ds.col(fw.index_code)
        out["Index"] = index
        rank = np.full(ds.n_rows, np.nan)
        for rows in ds.blocks():
            rank[rows] = rank_desc(index[rows])
        out["Rank"] = pd.array(rank, dtype="Int64") if not np.isnan(rank).all() else rank
        return out

    def effective_weights(self, w: str | None = None) -> dict[str, float]:
        return effective_weights(self.framework, self.weight_set(w))


def without_indicators(
    idata: pd.DataFrame, imeta: pd.DataFrame, exclude: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """iData and iMeta without the excluded indicators, as COINr's new_coin(exclude)
    leaves them. A code that is not an indicator, or an exclusion that leaves an
    aggregate with nothing below it, is refused by name (the aggregate would score
    every unit as missing without saying why)."""
    indicators = set(imeta.loc[imeta["Type"] == "Indicator", "iCode"].astype(str))
    unknown = [c for c in exclude if c not in indicators]
    if unknown:
        raise IndexSpecError(f"exclude: {', '.join(unknown)} is not an indicator of iMeta")
    meta = imeta[~imeta["iCode"].astype(str).isin(exclude)].reset_index(drop=True)
    parents = set(meta["Parent"].dropna().astype(str))
    aggregates = meta.loc[meta["Type"] == "Aggregate", "iCode"].astype(str)
    if empty := [c for c in aggregates if c not in parents]:
        raise IndexSpecError(
            f"exclude: leaving out {', '.join(exclude)} leaves {', '.join(empty)} "
            "with no indicator below it"
        )
    data = idata[[c for c in idata.columns if str(c) not in set(exclude)]]
    return data.reset_index(drop=True), meta


def change_ind(coin: Coin, add: Sequence[str] = (), drop: Sequence[str] = ()) -> Coin:
    """COINr's change_ind: the coin with indicators added back or dropped, rebuilt by
    replaying its steps (COINr's regen = TRUE; a coin here is never left with results
    that do not match its indicators). `add` names indicators of the iMeta the coin was
    made from, `drop` indicators it has now."""
    given = set(coin.given[1].loc[coin.given[1]["Type"] == "Indicator", "iCode"].astype(str))
    now = set(coin.framework.indicators)
    if unknown := [c for c in add if c not in given]:
        raise IndexSpecError(f"add: {', '.join(unknown)} is not an indicator of the given iMeta")
    if unknown := [c for c in drop if c not in now]:
        raise IndexSpecError(f"drop: {', '.join(unknown)} is not an indicator of the coin")
    if both := sorted(set(add) & set(drop)):
        raise IndexSpecError(f"{', '.join(both)} is both added and dropped")
    keep = (now | set(add)) - set(drop)
    exclude = tuple(c for c in coin.given[1]["iCode"].astype(str) if c in given - keep)
    fresh = Coin(*coin.given, panel=coin.panel, source=coin.source, exclude=exclude)
    for call in coin.log:
        fresh.apply(call.name, **call.args)
    return fresh


# The argument that chooses a step's method, and the one holding that method's parameters.
METHOD_ARGS = {
    "normalise": ("f_n", "f_n_para"),
    "aggregate": ("f_ag", "f_ag_para"),
    "impute": ("f_i", "f_i_para"),
    "treat": ("f2", "f2_para"),
}


def merge_step_args(name: str, old: Mapping[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """A logged step's arguments with `change` applied. When the change picks another
    method (f_n: n_zscore instead of n_minmax), the old method's parameters (l_u) are
    dropped, as replacing COINr's global_specs does, since the new method does not take
    them; the step's own arguments (dset, write_to, ...) are kept."""
    method_key, para_key = METHOD_ARGS.get(name, ("", ""))
    if method_key and method_key in change and change[method_key] != old.get(method_key):
        own = accepted_arguments(lookup("step", name).func, skip=("coin",), named_only=True)
        kept = {k: v for k, v in old.items() if k in (own or set()) and k != para_key}
        return {**kept, **change}
    return {**old, **change}


def read_table(path: str | Path) -> pd.DataFrame:
    """An iData or iMeta CSV, with a one-line error naming the file when it cannot be read."""
    try:
        return pd.read_csv(path)
    except FileNotFoundError as exc:
        raise IndexSpecError(f"{path}: file not found") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise IndexSpecError(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from exc


def numeric_indicators(idata: pd.DataFrame, codes: Sequence[str], source: str) -> np.ndarray:
    """The indicator columns as floats. Text that is not a number, and infinite values,
    are refused naming the file, the row (as a spreadsheet numbers it, header = 1) and
    the column: an infinite value would otherwise turn every score of its indicator
    into 0 or 1e-306 without a word. Empty cells are missing, as in COINr."""
    out = np.empty((len(idata), len(codes)))
    for j, code in enumerate(codes):
        col = idata[code]
        num = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
        bad_text = np.flatnonzero(np.isnan(num) & col.notna().to_numpy())
        if bad_text.size:
            i = int(bad_text[0])
            raise IndexSpecError(
                f"{source}, row {i + 2}, column '{code}': {col.iloc[i]!r} is not a number"
            )
        infinite = np.flatnonzero(np.isinf(num))
        if infinite.size:
            i = int(infinite[0])
            raise IndexSpecError(
                f"{source}, row {i + 2}, column '{code}': {num[i]} is not a finite number"
            )
        out[:, j] = num
    return out
