"""Uncertainty and sensitivity analysis: the vectorised engine gives the same index as
rebuilding each run's pipeline, and the Sobol estimators recover known indices."""

from __future__ import annotations

import numpy as np
import pytest

from zonemetrics.index import Coin, IndexSpecError
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
        agg = engine.rebuild(ch, r).get_dset("Aggregated")
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
    pool = engine.pools["weights_L2"][2]
    assert pool.shape[1] == 8 and pool.min() >= 0.75 and pool.max() <= 1.25


def test_rank_summary_and_sobol_indices(coin_a: Coin) -> None:
    res = run_uncertainty(coin_a, PLAN, n=100, seed=3, n_boot=50)
    summary = res.rank_summary()
    assert len(res.mars) == 100 * (6 + 2)  # COINr's N (k + 2)
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
    res = run_uncertainty(coin_a, PLAN, n=300, seed=1, sobol=False)
    assert res.ranks.shape == (300, 51) and res.sobol_mars is None
    assert list(res.design.columns) == [f.name for f in UAEngine(coin_a, PLAN).factors]


def test_sobol_estimators_on_a_linear_model_with_known_indices() -> None:
    """Y = 4 X1 + 2 X2 + X3 with X uniform: S_i = a_i^2 / sum a^2 and ST_i = S_i."""
    u, layout = saltelli_design(4096, 3, seed=5, sampler="sobol")
    y = (u @ np.array([4.0, 2.0, 1.0]))[:, None]
    table = sobol_indices(y, layout, ["X1", "X2", "X3"], ["Y"], n_boot=100, seed=5)
    expected = np.array([16.0, 4.0, 1.0]) / 21.0
    np.testing.assert_allclose(table["S1"], expected, atol=0.02)
    np.testing.assert_allclose(table["ST"], expected, atol=0.02)
    assert ((table["S1_lo"] <= expected + 0.02) & (expected - 0.02 <= table["S1_hi"])).all()


def test_sobol_total_index_captures_an_interaction() -> None:
    """Y = X1 X2: each factor has S1 = 3/7 and ST = 4/7 for X uniform on [0, 1]."""
    u, layout = saltelli_design(8192, 2, seed=2, sampler="sobol")
    y = (u[:, 0] * u[:, 1])[:, None]
    table = sobol_indices(y, layout, ["X1", "X2"], ["Y"], n_boot=20, seed=2)
    np.testing.assert_allclose(table["S1"], [3 / 7, 3 / 7], atol=0.03)
    np.testing.assert_allclose(table["ST"], [4 / 7, 4 / 7], atol=0.03)


# -- general factors: any step argument, ranges, weight sets and grouped noise ----------------


def small_aggregated(small_coin):  # type: ignore[no-untyped-def]
    return small_coin().normalise(f_n="n_minmax", l_u=[0, 100]).aggregate(f_ag="a_amean")


def test_a_continuous_weight_is_sampled_uniformly_in_its_range(small_coin) -> None:
    """weights.P2 in [0, 2]: u = 0.25 gives 0.5, u = 0.75 gives 1.5, as COINr's
    sample_2_para maps [0, 1] onto the range; the index is (P1 + w P2) / (1 + w)."""
    coin = small_aggregated(small_coin)
    plan = plan_from_sequences(factors=[{"address": "weights.P2", "range": [0, 2]}])
    eng = UAEngine(coin, plan)
    scores = eng.evaluate(np.array([[0.25], [0.75]]))
    agg = coin.get_dset("Aggregated")
    p1, p2 = agg.col("P1"), agg.col("P2")
    np.testing.assert_allclose(scores[0], (p1 + 0.5 * p2) / 1.5)
    np.testing.assert_allclose(scores[1], (p1 + 1.5 * p2) / 2.5)


def test_grouped_weight_noise_is_one_factor_over_two_levels(small_coin) -> None:
    """noise {1: 0.2, 2: 0.5} varies the indicators' and the pillars' weights together:
    one factor, one draw per run for both levels, each weight within w (1 +- f)."""
    coin = small_aggregated(small_coin)
    plan = plan_from_sequences(factors=[{"address": "weights", "noise": {1: 0.2, 2: 0.5}}])
    eng = UAEngine(coin, plan, seed=3)
    assert [f.name for f in eng.factors] == ["weights"]
    u = np.random.default_rng(0).random((50, 1))
    ch = eng.choices(u)
    scores = eng.evaluate(u)
    for r in range(5):
        w = eng.run_weights(ch, r)
        assert all(0.8 <= w[c] <= 1.2 for c in ("x1", "x2", "x3"))
        assert all(0.5 <= w[c] <= 1.5 for c in ("P1", "P2"))
        got = eng.rebuild(ch, r).get_dset("Aggregated").col("Index")
        np.testing.assert_allclose(scores[r], got, atol=1e-12)


def test_alternative_weight_sets_and_any_step_argument(small_coin) -> None:
    """Discrete alternatives of one argument (l_u), of a whole set of weights, and a
    continuous range of a pre-aggregation argument each equal a rebuilt pipeline."""
    coin = small_coin().treat(winmax=1).normalise(f_n="n_minmax", l_u=[0, 100]).aggregate()
    plan = plan_from_sequences(
        factors=[
            {"address": "steps.normalise.l_u", "values": [[0, 100], [1, 10]]},
            {"address": "weights", "values": ["Original", {"P2": 3}]},
            {"address": "steps.treat.skew_thresh", "range": [0.1, 3.0]},
        ]
    )
    eng = UAEngine(coin, plan)
    u = np.random.default_rng(5).random((8, 3))
    ch = eng.choices(u)
    scores = eng.evaluate(u)
    for r in range(len(u)):
        rebuilt = eng.rebuild(ch, r)
        np.testing.assert_allclose(scores[r], rebuilt.get_dset("Aggregated").col("Index"))
    heavy = ch["weights"] == 1
    assert heavy.any() and (~heavy).any()
    design = eng.design_frame(u)
    assert set(design["weights"]) == {"Original", "P2=3"}
    assert ((design["treat.skew_thresh"] >= 0.1) & (design["treat.skew_thresh"] <= 3.0)).all()


def test_factor_addresses_are_checked(small_coin) -> None:
    coin = small_aggregated(small_coin)
    bad = [
        ({"address": "steps.impute.f_i", "values": ["i_mean", "i_median"]}, "no impute step"),
        ({"address": "weights.P9", "range": [0, 1]}, "no such iCode"),
        ({"address": "weights", "noise": {3: 0.2}}, "no weights to vary at level"),
        ({"address": "steps.normalise.l_u", "range": [5, 1]}, "lower < upper"),
        ({"address": "treat.winmax", "values": [1, 2]}, "must be steps.STEP"),
    ]
    for entry, message in bad:
        with pytest.raises(IndexSpecError, match=message):
            UAEngine(coin, plan_from_sequences(factors=[entry]))


def test_sobol_design_has_n_times_k_plus_2_runs_and_summaries_use_a_and_b(coin_a: Coin) -> None:
    res = run_uncertainty(coin_a, PLAN, n=16, seed=2, n_boot=10, level=0.8)
    assert res.total_runs == 16 * (6 + 2) and res.n_base == 16
    summary = res.rank_summary().set_index("uCode")
    first_2n = res.ranks[: 2 * 16]
    che = list(res.ucode).index("CHE")
    assert summary.loc["CHE", "Q10"] == pytest.approx(np.nanquantile(first_2n[:, che], 0.1))


def test_the_random_design_coinr_uses_recovers_the_same_indices() -> None:
    """COINr draws A and B uniformly at random; with enough runs the estimators agree."""
    u, layout = saltelli_design(20000, 3, seed=9)
    assert u.shape == (20000 * 5, 3)
    y = (u @ np.array([4.0, 2.0, 1.0]))[:, None]
    table = sobol_indices(y, layout, ["X1", "X2", "X3"], ["Y"], n_boot=20, seed=9)
    np.testing.assert_allclose(table["ST"], np.array([16.0, 4.0, 1.0]) / 21.0, atol=0.03)
