"""Data-driven weights: PCA loadings (COINr's get_PCA) and correlation-balancing
optimisation (COINr's get_opt_weights).

Nominal weights say how much a component should count; because components are
correlated, its real influence differs. These two methods derive weights from the
data instead: PCA from shared variance, optimisation from equal influence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from zonemetrics.index.context import CoinContext
from zonemetrics.index.dataset import Dataset
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.framework import Framework
from zonemetrics.index.registry import lookup, register


@dataclass(frozen=True)
class PCAGroup:
    """PCA of one group: codes, first-component loadings, share of variance per component."""

    codes: list[str]
    loadings: np.ndarray
    explained: np.ndarray
    n_obs: int


@dataclass(frozen=True)
class PCAResult:
    groups: dict[str, PCAGroup]

    @property
    def weights(self) -> dict[str, float]:
        return {
            c: float(v)
            for g in self.groups.values()
            for c, v in zip(g.codes, g.loadings, strict=True)
        }


def pca(x: np.ndarray, codes: list[str]) -> PCAGroup:
    """PCA of standardised complete cases, as R's prcomp(center = TRUE, scale. = TRUE).

    The sign of a component is arbitrary; it is fixed here so that the loadings sum
    to a non-negative number, which makes the result deterministic.
    """
    rows = ~np.isnan(x).any(axis=1)
    xs = x[rows]
    if xs.shape[0] < 2:
        raise IndexSpecError(f"PCA of {codes} needs at least two complete rows")
    sd = xs.std(axis=0, ddof=1)
    z = (xs - xs.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    _, s, vt = np.linalg.svd(z, full_matrices=False)
    pc1 = vt[0]
    if pc1.sum() < 0:
        pc1 = -pc1
    var = s**2
    return PCAGroup(codes, pc1, var / var.sum(), int(xs.shape[0]))


def pca_weights(ds: Dataset, fw: Framework, level: int, by_groups: bool = True) -> PCAResult:
    """PCA of the codes at `level`, within each parent group or over the whole level."""
    if by_groups:
        groups = {par: fw.children(par) for par in fw.codes_at(level + 1)}
    else:
        groups = {f"Level{level}": fw.codes_at(level)}
    missing = [c for codes in groups.values() for c in codes if c not in ds.columns]
    if missing:
        raise IndexSpecError(f"data set lacks {missing[:3]}...: use Aggregated for Level > 1")
    return PCAResult({g: pca(ds.cols(codes), codes) for g, codes in groups.items()})


def _corr_with(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(x).any(axis=1) & ~np.isnan(y)
    xc = x[ok] - x[ok].mean(axis=0)
    yc = y[ok] - y[ok].mean()
    return (xc * yc[:, None]).sum(0) / np.sqrt((xc**2).sum(0) * (yc**2).sum())


OPTYPES = ("balance", "infomax")


def optimise_weights(
    coin: CoinContext,
    level: int,
    itarg: str | Sequence[float] = "equal",
    optimtol: float = 1e-6,
    optype: str = "balance",
) -> dict[str, float]:
    """Weights at `level` whose components correlate with the index in the target shares
    (optype "balance") or as strongly as they can (optype "infomax", COINr's other
    mode: the index then carries as much of its components' information as it can).

    "balance" minimises the squared distance between the normalised correlations of the
    level's components with the index and `itarg` (equal shares by default);
    "infomax" maximises the sum of those correlations (itarg is not used). Both search
    by Nelder-Mead over the weights' absolute values, so that weights stay positive.
    """
    if optype not in OPTYPES:
        raise IndexSpecError(f"optype must be one of {', '.join(OPTYPES)}")
    from scipy.optimize import minimize  # only this method needs the optimiser

    agg_calls = [c for c in coin.log if c.name == "aggregate"]
    if not agg_calls:
        raise IndexSpecError("optimised weights need an aggregate step before them")
    aggregate_step = lookup("step", "aggregate").func
    # aggregate the same input as the pipeline did, not whatever was written last
    agg_args = {
        **agg_calls[-1].args,
        "write_to": "_opt",
        "dset": coin.details["Aggregate"]["input"],
    }
    fw = coin.framework
    codes = fw.codes_at(level)
    target = np.full(len(codes), 1.0) if itarg == "equal" else np.asarray(itarg, dtype=float)
    target = target / target.sum()
    base = dict(coin.weight_set(agg_args.get("w")))
    latest = coin.latest

    def objective(raw: np.ndarray) -> float:
        trial = {**base, **dict(zip(codes, np.abs(raw) + 1e-9, strict=True))}
        aggregate_step(coin, **{**agg_args, "w": trial})
        ds = coin.dsets["_opt"]
        corr = _corr_with(ds.cols(codes), ds.col(fw.index_code))
        if optype == "infomax":
            return -float(corr.sum())
        share = corr / corr.sum()
        return float(((share - target) ** 2).sum())

    start = np.array([base[c] for c in codes], dtype=float)
    res = minimize(
        objective,
        start,
        method="Nelder-Mead",
        options={"fatol": optimtol, "xatol": 1e-4, "maxiter": 400 * len(codes)},
    )
    del coin.dsets["_opt"]
    coin.latest = latest
    best = np.abs(res.x) + 1e-9
    best = best / best.mean()
    return {**base, **dict(zip(codes, best.tolist(), strict=True))}


# -- weighting methods, looked up by the weights step's `w` --------------------------------


@register("weights", "equal")
def equal_weights(coin: CoinContext) -> dict[str, float]:
    """Every code weighs 1 within its group."""
    return {k: 1.0 for k in coin.weights["Original"]}


@register("weights", "pca")
def pca_weight_set(
    coin: CoinContext, dset: str | None = None, Level: int | None = None, by_groups: bool = True
) -> dict[str, float]:
    """First-component loadings within each group of `Level` (COINr's get_PCA)."""
    ds = coin.get_dset(dset or "Normalised")
    loads = pca_weights(ds, coin.framework, Level or 1, by_groups).weights
    return {**coin.weights["Original"], **loads}


@register("weights", "optimise")
def optimised_weight_set(
    coin: CoinContext,
    Level: int | None = None,
    itarg: str | Sequence[float] = "equal",
    optimtol: float = 0.1,
    optype: str = "balance",
) -> dict[str, float]:
    """Weights at `Level` balancing its components' correlations with the index, or
    maximising them with optype "infomax" (COINr's get_opt_weights)."""
    level = Level or coin.framework.top_level - 1
    return optimise_weights(coin, level, itarg, optimtol, optype)


def default_label(w: Any, args: dict[str, Any], top_level: int) -> str:
    """The name a new weight set gets unless the step names it, as COINr names them."""
    if w == "pca":
        return f"PCA_L{args.get('Level') or 1}"
    if w == "optimise":
        return f"Opt_L{args.get('Level') or top_level - 1}"
    if w == "equal":
        return "Equal"
    return "Custom" if not isinstance(w, str) else str(w).rsplit(":", 1)[-1]
