"""Benchmark: uncertainty analysis of the ASEM index, vectorised vs rebuilt per run.

Varies what COINr's sensitivity vignette varies on ASEM: normalisation (min-max
[1, 100] vs z-score [10, 2]), aggregation (arithmetic vs geometric mean), weights
(+-25% uniform noise at levels 2 and 3) and winmax (1-5). It times

* the vectorised engine on --runs runs (plain Monte Carlo, then a Saltelli design
  with Sobol indices and bootstrap intervals), including the precomputation, and
* a naive baseline measured in the same process: the pipeline rebuilt from the raw
  data for every run (Coin.regen, as COINr's Regen does), on --naive-runs runs,

and prints runs per second, the time per run of each and their ratio, and the ratio
against COINr's published rate (1,000 runs in 89.4 s, README of the ASEM data).
R and COINr are not installable here (CRAN is unreachable), so COINr is not re-timed.

    python benchmarks/index_uncertainty.py [--runs 10000] [--naive-runs 100]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from zonemetrics.index import Coin
from zonemetrics.index.uncertainty import UAEngine, plan_from_sequences, run_uncertainty

ASEM = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "coinr-asem"
COINR_SECONDS_PER_RUN = 89.4 / 1000

PLAN = plan_from_sequences(
    normalise=[{"f_n": "n_minmax", "l_u": [1, 100]}, {"f_n": "n_zscore", "m_sd": [10, 2]}],
    aggregate=[{"f_ag": "a_amean"}, {"f_ag": "a_gmean"}],
    weights_noise={2: 0.25, 3: 0.25},
    winmax=[1, 2, 3, 4, 5],
)


def pipeline_a(data: Path) -> Coin:
    """COINr's build_example_coin() on ASEM."""
    return (
        Coin.from_csv(data / "ASEM_iData.csv", data / "ASEM_iMeta.csv")
        .denominate()
        .impute(f_i="i_mean_grp", use_group="EurAsia_group")
        .screen(unit_screen="byNA", dat_thresh=0.9)
        .treat(winmax=5)
        .normalise(f_n="n_minmax", l_u=[0, 100])
        .aggregate(f_ag="a_amean")
    )


def naive_seconds_per_run(coin: Coin, n_runs: int, seed: int) -> float:
    """Rebuild the whole pipeline for each run with that run's choices."""
    eng = UAEngine(coin, PLAN, seed)
    u = np.random.default_rng(seed).random((n_runs, len(eng.factors)))
    ch = eng.choices(u)
    start = time.perf_counter()
    for r in range(n_runs):
        eng.variant(
            impute=True,
            winmax=PLAN.winmax[ch["winmax"][r]],
            norm=PLAN.normalise[ch["normalise"][r]],
            agg=PLAN.aggregate[ch["aggregate"][r]],
            weights=eng.run_weights(ch, r),
        )
    return (time.perf_counter() - start) / n_runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--naive-runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=ASEM)
    args = parser.parse_args()
    if not (args.data / "ASEM_iData.csv").is_file():
        raise SystemExit(f"ASEM data not found in {args.data} (use --data)")
    coin = pipeline_a(args.data)

    start = time.perf_counter()
    mc = run_uncertainty(coin, PLAN, args.runs, args.seed, sobol=False)
    t_mc = time.perf_counter() - start

    start = time.perf_counter()
    sa = run_uncertainty(coin, PLAN, args.runs, args.seed, sobol=True, n_boot=200)
    t_sa = time.perf_counter() - start

    naive = naive_seconds_per_run(coin, args.naive_runs, args.seed)
    per_run = t_mc / len(mc.mars)
    print(
        f"uncertainty analysis (Monte Carlo): {len(mc.mars)} runs in {t_mc:.2f} s "
        f"= {len(mc.mars) / t_mc:,.0f} runs/s, {per_run * 1e6:.1f} us per run"
    )
    print(
        f"sensitivity analysis (Saltelli + Sobol, 200 bootstraps): {len(sa.mars)} runs "
        f"in {t_sa:.2f} s = {len(sa.mars) / t_sa:,.0f} runs/s"
    )
    print(
        f"naive baseline (pipeline rebuilt per run, {args.naive_runs} runs): "
        f"{naive * 1e3:.1f} ms per run = {1 / naive:,.1f} runs/s"
    )
    print(f"speed-up of the vectorised engine over the naive baseline: {naive / per_run:,.0f}x")
    print(
        f"speed-up over COINr's published rate (89.4 s / 1,000 runs): "
        f"{COINR_SECONDS_PER_RUN / per_run:,.0f}x (COINr not re-timed: CRAN unreachable)"
    )
    top = mc.rank_summary().head(3)
    print(
        "top three under uncertainty:",
        ", ".join(
            f"{r.uCode} (nominal {int(r.Nominal)}, median {r.Median:g}, 5-95% {r.Q5:g}-{r.Q95:g})"
            for r in top.itertuples()
        ),
    )


if __name__ == "__main__":
    main()
