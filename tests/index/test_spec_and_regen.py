"""The YAML spec runner, its outputs, panels, and regeneration with one change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zonemetrics.index import Coin, IndexSpecError, run_spec, write_outputs


def test_spec_reproduces_pipeline_a_and_writes_every_data_set(
    spec_a: Path, tmp_path: Path, reference
) -> None:
    coin = run_spec(spec_a)
    written = write_outputs(coin, tmp_path / "out")
    names = sorted(p.name for p in written)
    assert names == sorted(
        [
            "scores.csv",
            "Raw.csv",
            "Denominated.csv",
            "Imputed.csv",
            "Screened.csv",
            "Treated.csv",
            "Normalised.csv",
            "Aggregated.csv",
            "Screened_details.csv",
            "Treated_details.csv",
        ]
    )
    scores = pd.read_csv(tmp_path / "out" / "scores.csv")
    assert list(scores.columns) == [
        "uCode",
        "Physical",
        "ConEcFin",
        "Political",
        "Instit",
        "P2P",
        "Environ",
        "Social",
        "SusEcFin",
        "Conn",
        "Sust",
        "Index",
        "Rank",
    ]
    ref = reference("index_scores_ranks").set_index("uCode")
    got = scores.set_index("uCode").loc[ref.index]
    np.testing.assert_allclose(got["Index"], ref["Index"], rtol=1e-12)
    assert (got["Rank"] == ref["Rank"]).all()
    treated = pd.read_csv(tmp_path / "out" / "Treated.csv")
    assert treated.shape == (51, 50)


def test_time_selects_one_year_of_the_panel(spec_a: Path) -> None:
    text = spec_a.read_text().replace("ASEM_iData.csv", "ASEM_iData_p.csv")
    spec_a.write_text("time: 2020\n" + text)
    coin = run_spec(spec_a)
    scores = coin.scores()
    assert len(scores) == 51 and "Time" not in scores.columns
    assert sorted(scores["Rank"]) == list(range(1, 52))


def test_panel_with_global_normalisation_ranks_each_year(spec_a: Path) -> None:
    text = spec_a.read_text().replace("ASEM_iData.csv", "ASEM_iData_p.csv")
    text = text.replace("l_u: [0, 100]}", "l_u: [0, 100], global: true}")
    spec_a.write_text("panel: true\n" + text)
    coin = run_spec(spec_a)
    scores = coin.scores()
    assert list(scores.columns[:2]) == ["uCode", "Time"]
    assert scores.groupby("Time").size().to_dict() == {t: 51 for t in range(2018, 2023)}
    for _, year in scores.groupby("Time"):
        assert sorted(year["Rank"]) == list(range(1, 52))
    norm = coin.dsets["Normalised"]
    # global: the 0-100 range is spanned across all years together, not within each
    lpi = norm.col("LPI")
    assert np.nanmin(lpi) == 0.0 and np.nanmax(lpi) == 100.0
    per_year = [np.nanmax(lpi[norm.time == t]) for t in range(2018, 2023)]
    assert min(per_year) < 100.0


def test_regen_with_one_argument_changed_equals_building_it_directly(coin_a: Coin) -> None:
    zscored = coin_a.regen({"normalise": {"f_n": "n_zscore", "m_sd": [10, 2]}})
    direct = (
        Coin(coin_a.idata, coin_a.imeta)
        .denominate()
        .impute(f_i="i_mean_grp", use_group="EurAsia_group")
        .screen(unit_screen="byNA", dat_thresh=0.9)
        .treat(winmax=5)
        .normalise(f_n="n_zscore", m_sd=[10, 2])
        .aggregate(f_ag="a_amean")
    )
    np.testing.assert_array_equal(
        zscored.get_dset("Aggregated").values, direct.get_dset("Aggregated").values
    )
    assert [c.name for c in zscored.log] == [c.name for c in coin_a.log]
    assert zscored.log[4].args["f_n"] == "n_zscore"
    assert coin_a.log[4].args["f_n"] == "n_minmax"  # the original is untouched


def test_regen_without_imputation_screens_out_units_with_gaps(coin_a: Coin) -> None:
    no_imp = coin_a.regen(remove=["impute"])
    assert "Imputed" not in no_imp.dsets
    screened = no_imp.details["Screened"]
    dropped = sorted(screened.loc[~screened["Included"], "uCode"])
    assert len(dropped) == 5
    assert (screened.loc[~screened["Included"], "Dat_Avail"] < 0.9).all()
    treated = no_imp.get_dset("Treated")
    assert treated.n_rows == 46 and np.isnan(treated.values).sum() == 25
    scores = no_imp.scores()
    assert not scores["Index"].isna().any()
    assert set(dropped).isdisjoint(scores["uCode"])


def test_aggregation_methods_and_weights_through_the_coin(coin_a: Coin) -> None:
    geo = coin_a.regen({"normalise": {"l_u": [1, 100]}, "aggregate": {"f_ag": "a_gmean"}})
    ari = coin_a.regen({"normalise": {"l_u": [1, 100]}})
    g, a = geo.get_dset("Aggregated"), ari.get_dset("Aggregated")
    assert (g.col("Index") <= a.col("Index") + 1e-12).all()  # AM-GM inequality
    heavy = coin_a.regen({"aggregate": {"w": {"Conn": 3.0}}})
    conn, sust = heavy.get_dset("Aggregated").col("Conn"), heavy.get_dset("Aggregated").col("Sust")
    np.testing.assert_allclose(heavy.get_dset("Aggregated").col("Index"), (3 * conn + sust) / 4)
    cope = coin_a.regen({"aggregate": {"f_ag": "a_copeland"}})
    assert cope.scores()["Index"].abs().max() <= 50


def test_equal_and_optimised_weights(coin_a: Coin) -> None:
    coin = coin_a.regen()
    coin.set_weights(w="optimise", Level=2)
    w = coin.weights["Opt_L2"]
    assert coin.active_weights == "Opt_L2"
    agg = coin.get_dset("Aggregated")
    pillars = coin.framework.codes_at(2)
    corr = [np.corrcoef(agg.col(p), agg.col("Index"))[0, 1] for p in pillars]
    share = np.array(corr) / sum(corr)
    before = coin_a.get_dset("Aggregated")
    corr0 = [np.corrcoef(before.col(p), before.col("Index"))[0, 1] for p in pillars]
    share0 = np.array(corr0) / sum(corr0)
    target = 1 / len(pillars)
    # the correlation shares move much closer to equal (0.039 -> 0.011 squared distance)
    assert ((share - target) ** 2).sum() < ((share0 - target) ** 2).sum() / 3
    assert all(w[p] > 0 for p in pillars)


def test_infomax_weights_raise_the_components_correlation_with_the_index(coin_a: Coin) -> None:
    """COINr's optype = "infomax": the sum of the pillars' correlations with the index is
    larger under the optimised weights than under the original (equal) ones."""
    coin = coin_a.regen()
    coin.set_weights(w="optimise", Level=2, optype="infomax")
    pillars = coin.framework.codes_at(2)

    def corr_sum(c: Coin) -> float:
        agg = c.get_dset("Aggregated")
        return sum(np.corrcoef(agg.col(p), agg.col("Index"))[0, 1] for p in pillars)

    assert corr_sum(coin) > corr_sum(coin_a)
    assert all(coin.weights["Opt_L2"][p] > 0 for p in pillars)


def test_bad_specs_say_what_is_wrong(tmp_path: Path, spec_a: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(spec_a.read_text().replace("treat: {winmax: 5}", "trim: {}"))
    with pytest.raises(IndexSpecError, match="unknown step 'trim'"):
        run_spec(bad)
    bad.write_text(spec_a.read_text().replace("n_minmax", "n_minimax"))
    with pytest.raises(IndexSpecError, match="f_n must be one of"):
        run_spec(bad)
    bad.write_text(spec_a.read_text().replace("ASEM_iData.csv", "ASEM_iData_p.csv"))
    with pytest.raises(IndexSpecError, match="several Time values"):
        run_spec(bad)


def test_panel_imputation_along_time_then_by_group(spec_a: Path) -> None:
    """Blank AUT's LPI in 2019-2020: linear panel imputation draws the line from 2018 to
    2021; the gaps every year shares (same units, same indicators) go to the group mean."""
    panel_csv = spec_a.parent / "ASEM_iData_p.csv"
    panel = pd.read_csv(panel_csv)
    aut = panel["uCode"] == "AUT"
    lpi = panel.loc[aut].set_index("Time")["LPI"]
    panel.loc[aut & panel["Time"].isin([2019, 2020]), "LPI"] = np.nan
    panel.to_csv(panel_csv, index=False)
    text = spec_a.read_text().replace("ASEM_iData.csv", "ASEM_iData_p.csv")
    text = text.replace(
        "  - impute: {f_i: i_mean_grp",
        "  - impute: {f_i: impute_panel, imp_type: linear, write_to: PanelImputed}\n"
        "  - impute: {f_i: i_mean_grp",
    )
    text = text.replace("treat: {winmax: 5}", "treat: {winmax: 5, global: true}")
    spec_a.write_text("panel: true\n" + text)
    coin = run_spec(spec_a)
    along_time = coin.dsets["PanelImputed"]
    rows = along_time.ucode == "AUT"
    got = dict(zip(along_time.time[rows], along_time.col("LPI")[rows], strict=True))
    step = (lpi[2021] - lpi[2018]) / 3
    assert got[2019] == pytest.approx(lpi[2018] + step, rel=1e-12)
    assert got[2020] == pytest.approx(lpi[2018] + 2 * step, rel=1e-12)
    assert np.isnan(along_time.values).sum() == 65 * 5  # the shared gaps remain
    assert np.isnan(coin.dsets["Imputed"].values).sum() == 0
    details = coin.details["Treated"]
    assert "Time" not in details.columns and len(details) == 49  # one pooled treatment each
