"""Uncertainty and sensitivity analysis: the vectorised engine gives the same index as
rebuilding each run's pipeline, and the Sobol estimators recover known indices."""

from __future__ import annotations

import numpy as np
import pytest

from zonemetrics.index import Coin
from zonemetrics.index.sobol import saltelli_design, sobol_indices
from zonemetrics.index.uncertainty import UAEngine, plan_from_sequences, run_uncertainty

# COINr's sensitivity vignette varies exactly these choices on ASEM
PLAN = plan_from_sequences(
    normalise=[{"f_n": "n_minmax", "l_u": [1, 100]}, {"f_n": "n_zscore", "m_sd": [10, 2]}],
    aggregate=[{"f_ag": "a_amean"}, {"f_ag": "a_gmean"}],
    weights_noise={2: 0.25, 3: 0.25},
    winmax=[1, 2, 3, 4, 5],
    impute=[True, False],
)


@pytest.fixture(scope="module")
def engine(coin_a: Coin) -> UAEngine:
    return UAEngine(coin_a, PLAN, seed=7)


def test_each_run_equals_rebuilding_its_pipeline(engine: UAEngine) -> None:
    u = np.random.default_rng(11).random((12, len(engine.factors)))
    scores = engine.evaluate(u)
    ch = engine.choices(u)
    for r in range(len(u)):
        rebuilt = engine.variant(
            impute=PLAN.impute[ch["impute"][r]],
            winmax=PLAN.winmax[ch["winmax"][r]],
            norm=PLAN.normalise[ch["normalise"][r]],
            agg=PLAN.aggregate[ch["aggregate"][r]],
            weights=engine.run_weights(ch, r),
        )
        agg = rebuilt.get_dset("Aggregated")
        expected = dict(zip(agg.ucode, agg.col("Index"), strict=True))
        for i, unit in enumerate(engine.ucode):
            want = expected.get(unit, np.nan)
            if np.isnan(want):
                assert np.isnan(scores[r, i])
            else:
                assert scores[r, i] == pytest.approx(want, abs=1e-9)


def test_the_factors_and_their_alternatives(engine: UAEngine) -> None:
    assert [f.name for f in engine.factors] == [
        "impute",
        "winmax",
        "normalise",
        "aggregate",
        "weights_L2",
        "weights_L3",
    ]
    assert engine.stack.shape == (2 * 5 * 2, 51, 49)  # every discrete combination, once
    pool = engine.pools[2]
    assert pool.shape[1] == 8 and pool.min() >= 0.75 and pool.max() <= 1.25


def test_rank_summary_and_sobol_indices(coin_a: Coin) -> None:
    res = run_uncertainty(coin_a, PLAN, runs=800, seed=3, n_boot=50)
    summary = res.rank_summary()
    assert len(res.mars) == 800 // 8 * 8
    assert summary.loc[0, "uCode"] == "CHE" and summary.loc[0, "Nominal"] == 1
    assert (summary["Q5"] <= summary["Median"]).all()
    assert (summary["Median"] <= summary["Q95"]).all()
    mars = res.sobol_mars.set_index("factor")
    assert (mars["ST_lo"] <= mars["ST"]).all() and (mars["ST"] <= mars["ST_hi"]).all()
    # switching arithmetic to geometric mean moves ranks most (as in COINr's vignette)
    assert mars["ST"].idxmax() == "aggregate"
    units = res.sobol_units
    assert set(units["output"]) == set(res.ucode)
    assert len(units) == 51 * 6


def test_plain_monte_carlo_without_sobol(coin_a: Coin) -> None:
    res = run_uncertainty(coin_a, PLAN, runs=300, seed=1, sobol=False)
    assert res.ranks.shape == (300, 51) and res.sobol_mars is None
    assert list(res.design.columns) == [f.name for f in UAEngine(coin_a, PLAN).factors]


def test_sobol_estimators_on_a_linear_model_with_known_indices() -> None:
    """Y = 4 X1 + 2 X2 + X3 with X uniform: S_i = a_i^2 / sum a^2 and ST_i = S_i."""
    u, layout = saltelli_design(4096, 3, seed=5)
    y = (u @ np.array([4.0, 2.0, 1.0]))[:, None]
    table = sobol_indices(y, layout, ["X1", "X2", "X3"], ["Y"], n_boot=100, seed=5)
    expected = np.array([16.0, 4.0, 1.0]) / 21.0
    np.testing.assert_allclose(table["S1"], expected, atol=0.02)
    np.testing.assert_allclose(table["ST"], expected, atol=0.02)
    assert ((table["S1_lo"] <= expected + 0.02) & (expected - 0.02 <= table["S1_hi"])).all()


def test_sobol_total_index_captures_an_interaction() -> None:
    """Y = X1 X2: each factor has S1 = 3/7 and ST = 4/7 for X uniform on [0, 1]."""
    u, layout = saltelli_design(8192, 2, seed=2)
    y = (u[:, 0] * u[:, 1])[:, None]
    table = sobol_indices(y, layout, ["X1", "X2"], ["Y"], n_boot=20, seed=2)
    np.testing.assert_allclose(table["S1"], [3 / 7, 3 / 7], atol=0.03)
    np.testing.assert_allclose(table["ST"], [4 / 7, 4 / 7], atol=0.03)
