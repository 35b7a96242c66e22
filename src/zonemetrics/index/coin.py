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

from zonemetrics.index import steps
from zonemetrics.index.dataset import Dataset
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.framework import Framework, effective_weights
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
    framework: Framework = field(init=False)
    dsets: dict[str, Dataset] = field(init=False, default_factory=dict)
    weights: dict[str, dict[str, float]] = field(init=False, default_factory=dict)
    active_weights: str = field(init=False, default="Original")
    log: list[StepCall] = field(init=False, default_factory=list)
    details: dict[str, Any] = field(init=False, default_factory=dict)
    latest: str = field(init=False, default="Raw")

    def __post_init__(self) -> None:
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
        values = self.idata[fw.indicators].to_numpy(dtype=float)
        self.dsets = {"Raw": Dataset(ucode, time, tuple(fw.indicators), values)}
        self.weights = {"Original": dict(fw.weight)}
        self._row_of = {k: i for i, k in enumerate(keys)}

    @classmethod
    def from_csv(
        cls, data: str | Path, meta: str | Path, time: int | None = None, panel: bool = False
    ) -> Coin:
        """Read iData and iMeta CSVs in COINr's layout; `time` keeps one year of a panel."""
        idata = pd.read_csv(data)
        imeta = pd.read_csv(meta)
        if time is not None:
            if "Time" not in idata.columns:
                raise IndexSpecError("time was given but iData has no Time column")
            idata = idata[idata["Time"].astype(float) == float(time)].reset_index(drop=True)
            if idata.empty:
                raise IndexSpecError(f"iData has no rows for Time {time}")
        return cls(idata, imeta, panel=panel)

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

    # -- steps (COINr names); each call is logged, then run ---------------------------------

    def apply(self, name: str, **args: Any) -> Coin:
        """Run step `name` with `args` and log it; returns the coin so calls chain."""
        if name not in steps.STEPS:
            raise IndexSpecError(f"unknown step {name!r}; steps are {sorted(steps.STEPS)}")
        steps.STEPS[name](self, **args)
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
        fresh = Coin(self.idata, self.imeta, panel=self.panel)
        for pos, call in enumerate(self.log):
            if call.name in remove:
                continue
            args = {**call.args, **changes.get(call.name, {}), **changes.get(pos, {})}
            fresh.apply(call.name, **args)
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
