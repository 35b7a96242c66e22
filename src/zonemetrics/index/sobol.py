"""Variance-based sensitivity: Saltelli's sampling design and Sobol indices.

Written on numpy (and, on request, scipy's Sobol sequence) rather than a further
dependency; the estimators are the standard ones (Saltelli et al. 2010 for first order, Jansen for
total order), as SALib implements them, and they are evaluated for many outputs at
once (the mean absolute rank shift and every unit's rank) with bootstrap intervals.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class SaltelliLayout:
    """Rows of the design: A (n), B (n), then AB_i (n each) for i = 1..d."""

    n_base: int
    n_factors: int


def saltelli_design(
    n_base: int, n_factors: int, seed: int = 0, sampler: str = "random"
) -> tuple[np.ndarray, SaltelliLayout]:
    """A and B, then AB_i = A with column i taken from B. Total runs: n_base (d + 2).

    `sampler` "random" draws A and B uniformly, as COINr's SA_sample does; "sobol"
    takes them from one scrambled Sobol sequence of dimension 2d, which converges
    faster but needs scipy.stats (imported only then: it takes longer to import than
    a thousand runs take to evaluate).
    """
    if sampler == "random":
        base = np.random.default_rng(seed).random((n_base, 2 * n_factors))
    elif sampler == "sobol":
        from scipy.stats import qmc

        engine = qmc.Sobol(d=2 * n_factors, scramble=True, seed=seed)
        m = int(np.ceil(np.log2(max(n_base, 2))))
        base = engine.random_base2(m)[:n_base]
    else:
        raise ValueError(f"sampler must be random or sobol, got {sampler!r}")
    a, b = base[:, :n_factors], base[:, n_factors:]
    blocks = [a, b]
    for i in range(n_factors):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    return np.vstack(blocks), SaltelliLayout(n_base, n_factors)


def _indices(fa: np.ndarray, fb: np.ndarray, fab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total indices, shape (factors, outputs); NaN where output is constant."""
    var = np.nanvar(np.concatenate([fa, fb]), axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        s1 = np.nanmean(fb[None] * (fab - fa[None]), axis=1) / var
        st = 0.5 * np.nanmean((fa[None] - fab) ** 2, axis=1) / var
    s1[:, var == 0] = np.nan
    st[:, var == 0] = np.nan
    return s1, st


def sobol_indices(
    y: np.ndarray,
    layout: SaltelliLayout,
    factors: Sequence[str],
    outputs: Sequence[str],
    n_boot: int = 200,
    seed: int = 0,
    conf: float = 0.95,
) -> pd.DataFrame:
    """S1 and ST for every (output, factor) with percentile bootstrap intervals.

    `y` is (runs, outputs) in the order of `saltelli_design`.
    """
    n, d = layout.n_base, layout.n_factors
    fa, fb = y[:n], y[n : 2 * n]
    fab = np.stack([y[(2 + i) * n : (3 + i) * n] for i in range(d)])
    s1, st = _indices(fa, fb, fab)
    rng = np.random.default_rng(seed)
    boot_s1 = np.empty((n_boot, *s1.shape))
    boot_st = np.empty((n_boot, *st.shape))
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        boot_s1[b], boot_st[b] = _indices(fa[idx], fb[idx], fab[:, idx])
    lo_q, hi_q = (1 - conf) / 2, 1 - (1 - conf) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        s1_lo, s1_hi = np.nanquantile(boot_s1, [lo_q, hi_q], axis=0)
        st_lo, st_hi = np.nanquantile(boot_st, [lo_q, hi_q], axis=0)
    rows = []
    for o, out in enumerate(outputs):
        for f, fac in enumerate(factors):
            rows.append(
                {
                    "output": out,
                    "factor": fac,
                    "S1": s1[f, o],
                    "S1_lo": s1_lo[f, o],
                    "S1_hi": s1_hi[f, o],
                    "ST": st[f, o],
                    "ST_lo": st_lo[f, o],
                    "ST_hi": st_hi[f, o],
                }
            )
    return pd.DataFrame(rows)
