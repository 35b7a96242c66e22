"""Statistical audit of a coin (COINr's get_stats, get_corr, get_cronbach, get_PCA,
get_eff_weights): the checks a developer runs before trusting an index.

Each function returns a plain DataFrame so the CLI can print or write it and tests
can compare it with COINr's tables directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from zonemetrics.index.coin import Coin
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.framework import Framework
from zonemetrics.index.stats import kurt, skew
from zonemetrics.index.weights import pca_weights


def get_stats(
    coin: Coin,
    dset: str = "Raw",
    t_skew: float = 2.0,
    t_kurt: float = 3.5,
    t_avail: float = 0.65,
    t_zero: float = 0.5,
    t_unq: float = 0.5,
) -> pd.DataFrame:
    """Per-indicator summary with flags for low availability, many zeros, few unique
    values and outliers (|skew| > t_skew and kurtosis > t_kurt)."""
    ds = coin.get_dset(dset)
    rows = []
    n = ds.n_rows
    for j, code in enumerate(ds.columns):
        x = ds.values[:, j]
        v = x[~np.isnan(x)]
        _, counts = np.unique(v, return_counts=True) if v.size else (None, np.array([0]))
        s, k = skew(x), kurt(x)
        rec = {
            "iCode": code,
            "Min": v.min() if v.size else np.nan,
            "Max": v.max() if v.size else np.nan,
            "Mean": v.mean() if v.size else np.nan,
            "Median": np.median(v) if v.size else np.nan,
            "Std": v.std(ddof=1) if v.size > 1 else np.nan,
            "Skew": s,
            "Kurt": k,
            "N.Avail": int(v.size),
            "N.NonZero": int((v != 0).sum()),
            "N.Unique": len(counts) if v.size else 0,
            "N.Same": int(counts.max()),
        }
        for key in ("Avail", "NonZero", "Unique", "Same"):
            rec[f"Frc.{key}"] = rec[f"N.{key}"] / n
        rec["Flag.Avail"] = "LOW" if rec["Frc.Avail"] < t_avail else "ok"
        rec["Flag.NonZero"] = "LOW" if rec["Frc.NonZero"] < t_zero else "ok"
        rec["Flag.Unique"] = "LOW" if rec["Frc.Unique"] < t_unq else "ok"
        rec["Flag.SkewKurt"] = "OUT" if (abs(s) > t_skew and k > t_kurt) else "ok"
        rows.append(rec)
    return pd.DataFrame(rows)


def _pearson_p(r: float, n: int) -> float:
    if n < 3 or np.isnan(r) or abs(r) >= 1:
        return 0.0 if abs(r) >= 1 else float("nan")
    t = r * np.sqrt((n - 2) / (1 - r * r))
    return float(2 * sps.t.sf(abs(t), n - 2))


def _level_codes(coin: Coin, level: int) -> list[str]:
    return coin.framework.codes_at(level)


def get_corr(
    coin: Coin,
    dset: str = "Aggregated",
    levels: tuple[int, int] = (1, 2),
    withparent: bool = True,
    pval: float = 0.05,
    method: str = "pearson",
) -> pd.DataFrame:
    """Correlations between the codes of two levels, as a long table (Var1 at the higher
    level, Var2 at the lower). With `withparent` only child-parent pairs are kept; a
    correlation whose p-value exceeds `pval` is reported as missing, as in COINr."""
    ds = coin.get_dset(dset)
    fw = coin.framework
    lo, hi = sorted(levels)
    rows = []
    for top in _level_codes(coin, hi):
        for low in _level_codes(coin, lo):
            if withparent and not _is_ancestor(fw, top, low):
                continue
            x, y = ds.col(low), ds.col(top)
            ok = ~np.isnan(x) & ~np.isnan(y)
            if method == "pearson":
                r = float(np.corrcoef(x[ok], y[ok])[0, 1])
            elif method == "spearman":
                r = float(sps.spearmanr(x[ok], y[ok]).statistic)
            else:
                raise IndexSpecError("method must be pearson or spearman")
            p = _pearson_p(r, int(ok.sum()))
            keep = pval <= 0 or p <= pval
            rows.append(
                {"Var1": top, "Var2": low, "Correlation": r if keep else np.nan, "pvalue": p}
            )
    return pd.DataFrame(rows)


def _is_ancestor(fw: Framework, top: str, low: str) -> bool:
    node: str | None = low
    while node is not None:
        node = fw.parent.get(node)
        if node == top:
            return True
    return False


def corr_flags(
    coin: Coin, dset: str = "Normalised", thresh_high: float = 0.9, thresh_low: float = -0.4
) -> pd.DataFrame:
    """Pairs of indicators in the same group that are collinear (r > thresh_high) or
    negatively correlated (r < thresh_low): both distort what a group average means."""
    ds = coin.get_dset(dset)
    fw = coin.framework
    rows = []
    for par in fw.codes_at(2):
        kids = [k for k in fw.children(par) if k in ds.columns]
        if len(kids) < 2:
            continue
        x = ds.cols(kids)
        ok = ~np.isnan(x).any(axis=1)
        r = np.corrcoef(x[ok].T)
        for i in range(len(kids)):
            for j in range(i + 1, len(kids)):
                if r[i, j] > thresh_high or r[i, j] < thresh_low:
                    flag = "Collinear" if r[i, j] > thresh_high else "Negative"
                    rows.append(
                        {
                            "Group": par,
                            "Ind1": kids[i],
                            "Ind2": kids[j],
                            "Corr": r[i, j],
                            "Flag": flag,
                        }
                    )
    return pd.DataFrame(rows, columns=["Group", "Ind1", "Ind2", "Corr", "Flag"])


def get_cronbach(
    coin: Coin, dset: str = "Normalised", icode: str | None = None, level: int = 1
) -> float:
    """Cronbach's alpha of the codes at `level` under `icode` (all of them if None),
    on complete rows: k/(k-1) (1 - sum of item variances / variance of the total)."""
    ds = coin.get_dset(dset)
    fw = coin.framework
    codes = [c for c in fw.codes_at(level) if icode is None or _is_ancestor(fw, icode, c)]
    x = ds.cols(codes)
    x = x[~np.isnan(x).any(axis=1)]
    k = x.shape[1]
    if k < 2:
        raise IndexSpecError("Cronbach's alpha needs at least two items")
    return float(k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def get_pca(
    coin: Coin, dset: str = "Normalised", level: int = 1, by_groups: bool = True
) -> pd.DataFrame:
    """First-component loadings and the variance share of that component, per group."""
    res = pca_weights(coin.get_dset(dset), coin.framework, level, by_groups)
    rows = [
        {
            "Group": g,
            "iCode": c,
            "Loading": float(v),
            "PC1_VarShare": float(grp.explained[0]),
            "N": grp.n_obs,
        }
        for g, grp in res.groups.items()
        for c, v in zip(grp.codes, grp.loadings, strict=True)
    ]
    return pd.DataFrame(rows)


def get_eff_weights(coin: Coin, w: str | None = None) -> pd.DataFrame:
    """Nominal and effective weight of every code (its share of the index)."""
    fw = coin.framework
    weights = coin.weight_set(w)
    eff = coin.effective_weights(w)
    return pd.DataFrame(
        [
            {"iCode": c, "Level": fw.level[c], "Weight": weights[c], "EffWeight": eff[c]}
            for c in fw.all_codes()
        ]
    )


def audit_tables(coin: Coin, dset: str = "Normalised") -> dict[str, pd.DataFrame]:
    """Every audit table of a coin, by name: statistics of the raw and the chosen data
    set, correlation flags, PCA, effective weights, correlations between adjacent levels
    and Cronbach's alpha of each level-2 group with more than one indicator."""
    fw = coin.framework
    tables = {
        "stats_raw": get_stats(coin, "Raw"),
        f"stats_{dset}": get_stats(coin, dset),
        "corr_flags": corr_flags(coin, dset),
        "pca": get_pca(coin, dset, 1),
        "effective_weights": get_eff_weights(coin),
    }
    if "Aggregated" in coin.dsets:
        tables |= {
            f"corr_L{lev}_L{lev + 1}": get_corr(coin, "Aggregated", (lev, lev + 1))
            for lev in range(1, fw.top_level)
        }
    tables["cronbach"] = pd.DataFrame(
        [
            {"iCode": par, "Level": 2, "alpha": get_cronbach(coin, dset, par, 1)}
            for par in fw.codes_at(2)
            if len(fw.children(par)) > 1
        ]
    )
    return tables
