"""Each normalisation, aggregation, imputation, screening and treatment method on small
data whose answers are worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from zonemetrics.index.aggregate import a_copeland, aggregate_group, outrank_matrix
from zonemetrics.index.dataset import Dataset
from zonemetrics.index.impute import impute_cross_section, impute_panel
from zonemetrics.index.normalise import normalise_block
from zonemetrics.index.screen import screen_units
from zonemetrics.index.stats import kurt, rank_desc_rows, skew
from zonemetrics.index.treat import log_ct, treat_vector

X = np.array([[1.0], [2.0], [4.0], [5.0]])
UP, DOWN = np.array([1.0]), np.array([-1.0])


@pytest.mark.parametrize(
    ("f_n", "params", "expected"),
    [
        ("n_minmax", {"l_u": [0, 100]}, [0, 25, 75, 100]),
        ("n_minmax", {"l_u": [1, 10]}, [1, 3.25, 7.75, 10]),
        (
            "n_zscore",
            {"m_sd": [10, 2]},
            [
                10 - 2 * 2 / np.sqrt(10 / 3),
                10 - 2 / np.sqrt(10 / 3),
                10 + 2 / np.sqrt(10 / 3),
                10 + 2 * 2 / np.sqrt(10 / 3),
            ],
        ),
        ("n_scaled", {"npara": [0, 10]}, [10, 20, 40, 50]),
        ("n_rank", {}, [1, 2, 3, 4]),
        ("n_borda", {}, [0, 1, 2, 3]),
        ("n_prank", {}, [0, 1 / 3, 2 / 3, 1]),
        ("n_dist2max", {}, [0, 0.25, 0.75, 1]),
        ("n_fracmax", {}, [0.2, 0.4, 0.8, 1]),
        ("n_dist2ref", {"iref": 3}, [0, 1 / 3, 1, 4 / 3]),
        ("n_dist2ref", {"iref": 3, "cap_max": True}, [0, 1 / 3, 1, 1]),
        ("n_dist2targ", {"targ": [3.0]}, [0, 0.5, 1.5, 2]),
        ("n_dist2targ", {"targ": [3.0], "cap_max": True}, [0, 0.5, 1, 1]),
        ("n_goalposts", {"gposts": [2, 4, 100]}, [0, 0, 100, 100]),
        ("n_goalposts", {"gposts": [0, 10, 1], "trunc2posts": False}, [0.1, 0.2, 0.4, 0.5]),
    ],
)
def test_normalisation_of_a_positive_indicator(f_n: str, params: dict, expected: list) -> None:
    out = normalise_block(X, UP, f_n, params)[:, 0]
    np.testing.assert_allclose(out, expected, atol=1e-12)


def test_direction_is_applied_before_normalising() -> None:
    np.testing.assert_allclose(
        normalise_block(X, DOWN, "n_minmax", {"l_u": [0, 100]})[:, 0], [100, 75, 25, 0]
    )
    # goalposts of a negative indicator measure from the upper post down: (x - 4) / (2 - 4)
    out = normalise_block(X, DOWN, "n_goalposts", {"gposts": [2, 4, 1], "trunc2posts": False})
    np.testing.assert_allclose(out[:, 0], [1.5, 1, 0, -0.5])
    # distance to a low target for a negative indicator: (max - x) / (max - target)
    out = normalise_block(X, DOWN, "n_dist2targ", {"targ": [2.0]})
    np.testing.assert_allclose(out[:, 0], [4 / 3, 1, 1 / 3, 0])


ROW = np.array([[1.0, 4.0, np.nan, 16.0]])
W = np.array([1.0, 1.0, 5.0, 2.0])


@pytest.mark.parametrize(
    ("f_ag", "params", "expected"),
    [
        ("a_amean", {}, (1 + 4 + 32) / 4),
        ("a_gmean", {}, np.exp((np.log(1) + np.log(4) + 2 * np.log(16)) / 4)),
        ("a_hmean", {}, 4 / (1 + 1 / 4 + 2 / 16)),
        ("a_genmean", {"p": 2}, np.sqrt((1 + 16 + 2 * 256) / 4)),
        ("a_wmedian", {}, 10.0),  # cumulative weight reaches exactly 1/2 at 4: (4 + 16) / 2
    ],
)
def test_aggregation_skips_missing_values_and_renormalises(f_ag, params, expected) -> None:
    out = aggregate_group(ROW, W, f_ag, **params)
    assert out[0] == pytest.approx(expected)


def test_weighted_median_without_a_tie_at_one_half() -> None:
    out = aggregate_group(np.array([[3.0, 1.0, 2.0]]), np.array([1.0, 1.0, 3.0]), "a_wmedian")
    assert out[0] == 2.0


def test_geometric_mean_of_a_group_with_a_zero_is_missing() -> None:
    out = aggregate_group(np.array([[0.0, 4.0], [1.0, 4.0]]), np.array([1.0, 1.0]), "a_gmean")
    assert np.isnan(out[0])
    assert out[1] == pytest.approx(2.0)


def test_data_threshold_blanks_units_with_too_few_values() -> None:
    x = np.array([[1.0, np.nan, np.nan], [1.0, 2.0, np.nan]])
    out = aggregate_group(x, np.ones(3), "a_amean", dat_thresh=0.5)
    assert np.isnan(out[0])
    assert out[1] == 1.5


def test_copeland_counts_weighted_pairwise_wins_minus_losses() -> None:
    x = np.array([[3.0, 1.0], [2.0, 2.0], [1.0, 3.0]])
    orm = outrank_matrix(x, np.array([2.0, 1.0]))
    np.testing.assert_allclose(orm, [[0, 2 / 3, 2 / 3], [1 / 3, 0, 2 / 3], [1 / 3, 1 / 3, 0]])
    np.testing.assert_array_equal(a_copeland(x, np.array([2.0, 1.0])), [2, 0, -2])
    np.testing.assert_array_equal(a_copeland(x, np.array([1.0, 1.0])), [0, 0, 0])


def _ds(values, ucode=None, time=None) -> Dataset:
    values = np.asarray(values, dtype=float)
    ucode = np.array(ucode or [f"U{i}" for i in range(values.shape[0])])
    return Dataset(
        ucode,
        None if time is None else np.array(time),
        tuple(f"i{j}" for j in range(values.shape[1])),
        values,
    )


def test_group_mean_imputation_uses_the_units_own_group() -> None:
    ds = _ds([[1.0], [3.0], [np.nan], [10.0], [np.nan]])
    groups = np.array(["a", "a", "a", "b", "b"])
    np.testing.assert_allclose(
        impute_cross_section(ds, "i_mean_grp", groups)[:, 0], [1, 3, 2, 10, 10]
    )
    np.testing.assert_allclose(impute_cross_section(ds, "i_median", None)[:, 0], [1, 3, 3, 10, 3])


def test_panel_imputation_latest_constant_and_linear() -> None:
    ds = _ds(
        [[np.nan], [2.0], [np.nan], [6.0], [np.nan]],
        ucode=["A"] * 5,
        time=[2018, 2019, 2020, 2021, 2022],
    )
    np.testing.assert_allclose(impute_panel(ds, "latest")[:, 0], [np.nan, 2, 2, 6, 6])
    np.testing.assert_allclose(impute_panel(ds, "constant")[:, 0], [2, 2, 2, 6, 6])
    np.testing.assert_allclose(impute_panel(ds, "linear")[:, 0], [2, 2, 4, 6, 6])
    np.testing.assert_allclose(
        impute_panel(ds, "latest", max_time=0)[:, 0], [np.nan, 2, np.nan, 6, np.nan]
    )


def test_screening_by_missing_data_and_by_zeros() -> None:
    x = np.array([[1.0, 2.0, np.nan], [0.0, 0.0, 1.0], [np.nan, np.nan, 1.0]])
    assert screen_units(x, "byNA", dat_thresh=0.6).keep.tolist() == [True, True, False]
    assert screen_units(x, "byzeros", nonzero_thresh=0.5).keep.tolist() == [True, False, False]
    assert screen_units(x, "byBoth", 0.6, 0.5).keep.tolist() == [True, False, False]


def test_skew_and_kurtosis_are_the_bias_adjusted_estimators() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 30.0, 100.0])
    n = x.size
    z = (x - x.mean()) / x.std(ddof=1)
    g1 = n / ((n - 1) * (n - 2)) * (z**3).sum()
    g2 = n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * (z**4).sum() - 3 * (n - 1) ** 2 / (
        (n - 2) * (n - 3)
    )
    assert skew(x) == pytest.approx(g1, rel=1e-12)
    assert kurt(x) == pytest.approx(g2, rel=1e-12)
    assert (round(skew(x), 4), round(kurt(x), 4)) == (3.0632, 9.7414)


def test_winsorisation_moves_the_extreme_point_inwards_until_the_rule_passes() -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 30.0, 100.0])
    y, det = treat_vector(x, "x", winmax=5)
    assert det.nwin == 1 and det.pass1 and det.treatment == "winsorise"
    np.testing.assert_array_equal(y, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 30])


THREE_OUTLIERS = np.r_[np.arange(1.0, 21.0), 1000.0, 1100.0, 1200.0]


def test_log_ct_applies_to_the_original_values_when_winsorisation_fails() -> None:
    y, det = treat_vector(THREE_OUTLIERS, "x", winmax=2)
    assert det.treatment == "log_CT" and det.nwin == 2
    spread = 1200.0 - 1.0
    np.testing.assert_allclose(y, np.log(THREE_OUTLIERS - 1.0 + 0.01 * spread))
    np.testing.assert_allclose(y, log_ct(THREE_OUTLIERS))
    # with one more point allowed, winsorisation alone is enough
    y3, det3 = treat_vector(THREE_OUTLIERS, "x", winmax=3)
    assert det3.treatment == "winsorise" and det3.nwin == 3
    assert y3.max() == 20.0


def test_boxcox_fallback() -> None:
    y, det = treat_vector(THREE_OUTLIERS, "x", winmax=1, f2="boxcox", boxcox_lambda=0.5)
    assert det.treatment == "boxcox"
    shifted = THREE_OUTLIERS - 1.0 + 1.0  # makepos: the minimum moves to 1
    np.testing.assert_allclose(y, (np.sqrt(shifted) - 1) / 0.5)


def test_ranks_of_many_runs_at_once_share_the_best_rank_on_ties() -> None:
    scores = np.array([[3.0, 1.0, 3.0, np.nan], [1.0, 2.0, 3.0, 4.0]])
    np.testing.assert_array_equal(rank_desc_rows(scores), [[1, 3, 1, np.nan], [4, 3, 2, 1]])
