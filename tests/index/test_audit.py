"""The audit of pipeline A against COINr's analysis outputs."""

from __future__ import annotations

import numpy as np
import pytest

from zonemetrics.index import Coin
from zonemetrics.index.audit import (
    corr_flags,
    get_corr,
    get_cronbach,
    get_eff_weights,
    get_pca,
    get_stats,
)


def test_cronbach_alpha_of_physical_matches_coinr(coin_a: Coin, reference) -> None:
    expected = reference("cronbach_physical").iloc[0, 0]
    alpha = get_cronbach(coin_a, dset="Normalised", icode="Physical", level=1)
    assert alpha == pytest.approx(expected, abs=1e-12)
    assert alpha == pytest.approx(0.663366008415326, abs=1e-12)


def test_effective_weights_match_coinr(coin_a: Coin, reference) -> None:
    ref = reference("effective_weights").set_index("iCode")
    ours = get_eff_weights(coin_a).set_index("iCode").loc[ref.index]
    np.testing.assert_allclose(ours["EffWeight"], ref["EffWeight"], atol=1e-12)
    np.testing.assert_array_equal(ours["Level"], ref["Level"])
    # an indicator in a pillar of eight, in a sub-index of five pillars: 1/8 * 1/5 * 1/2
    assert ours.loc["LPI", "EffWeight"] == pytest.approx(0.0125)


def test_pca_weights_match_coinr_up_to_the_sign_of_each_component(coin_a: Coin, reference) -> None:
    """A principal component's sign is arbitrary (it depends on the LAPACK build);
    within each group the loadings equal COINr's, all with the same sign flip or none."""
    ref = reference("pca_weights_L1").set_index("iCode")["Weight"]
    pca = get_pca(coin_a, dset="Normalised", level=1)
    for group, rows in pca.groupby("Group"):
        ours = rows.set_index("iCode")["Loading"]
        theirs = ref.loc[ours.index]
        sign = np.sign((ours * theirs).sum())
        np.testing.assert_allclose(ours * sign, theirs, atol=1e-12, err_msg=str(group))
    assert set(pca["iCode"]) == set(coin_a.framework.indicators)


def test_pca_weights_become_a_weight_set(coin_a: Coin) -> None:
    coin = coin_a.regen()
    coin.set_weights(w="pca", dset="Normalised", Level=1)
    assert coin.active_weights == "PCA_L1"
    assert coin.weights["PCA_L1"]["IGOs"] == pytest.approx(0.708821937648094, abs=1e-12)
    assert coin.weights["PCA_L1"]["Physical"] == 1.0  # other levels keep their weights


def test_indicator_parent_correlations_match_coinr(coin_a: Coin, reference) -> None:
    """Pearson correlations of indicators with their pillar; those not significant at
    5% are missing, as in COINr's get_corr(pval = 0.05)."""
    ref = reference("corr_L1_L2").set_index(["Var1", "Var2"])["Correlation"]
    ours = get_corr(coin_a, "Aggregated", (1, 2)).set_index(["Var1", "Var2"])["Correlation"]
    ours = ours.loc[ref.index]
    assert ours.isna().tolist() == ref.isna().tolist()
    np.testing.assert_allclose(ours.dropna(), ref.dropna(), atol=1e-12)
    assert ref.isna().sum() == 4  # Ship, Forest, NEET and RDExp


def test_indicator_statistics_match_coinr_to_its_three_digits(coin_a: Coin, reference) -> None:
    ref = reference("stats_raw").set_index("iCode")
    ours = get_stats(coin_a, "Raw").set_index("iCode").loc[ref.index]
    for col in ["Min", "Max", "Mean", "Median", "Std", "Skew", "Kurt"]:
        np.testing.assert_allclose(ours[col], ref[col], rtol=5e-3, atol=5e-3, err_msg=col)
    for col in ["N.Avail", "N.NonZero", "N.Unique", "N.Same"]:
        np.testing.assert_array_equal(ours[col], ref[col], err_msg=col)
    for col in ["Flag.Avail", "Flag.NonZero", "Flag.Unique", "Flag.SkewKurt"]:
        assert ours[col].tolist() == ref[col].tolist(), col


def test_correlation_flags_name_collinear_and_negative_pairs(coin_a: Coin) -> None:
    flags = corr_flags(coin_a, "Normalised", thresh_high=0.9, thresh_low=-0.4)
    assert set(flags["Flag"]) <= {"Collinear", "Negative"}
    for rec in flags.to_dict("records"):
        x = coin_a.dsets["Normalised"].col(rec["Ind1"])
        y = coin_a.dsets["Normalised"].col(rec["Ind2"])
        assert np.corrcoef(x, y)[0, 1] == pytest.approx(rec["Corr"])
        assert rec["Corr"] > 0.9 or rec["Corr"] < -0.4
