"""COINr's analysis functions on a four-unit coin whose answers are worked out by hand
from COINr's documented formulas, then on ASEM.

The small coin (conftest.build_small_coin), normalised min-max [0, 100] and averaged:
x1 = [0, 25, 75, 100], x2 = [0, -, 100, 50], x3 (Direction -1) = [33.3, 100, 66.7, 0];
P1 = [0, 25, 87.5, 75], P2 = [33.3, 100, 66.7, 0]; Index = [16.7, 62.5, 77.1, 37.5]
for A, B, C, D, so the ranks are C 1, B 2, D 3, A 4.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zonemetrics.index import Coin
from zonemetrics.index.analysis import (
    compare_coins,
    compare_coins_corr,
    compare_coins_multi,
    get_data_avail,
    get_denom_corr,
    get_results,
    get_str_weak,
    get_trends,
    get_unit_summary,
    remove_elements,
)


@pytest.fixture
def small(small_coin) -> Coin:  # type: ignore[no-untyped-def]
    coin = small_coin()
    coin.idata["grp"] = ["g1", "g1", "g2", "g2"]
    return coin.normalise(f_n="n_minmax", l_u=[0, 100]).aggregate(f_ag="a_amean")


def test_get_results_summary_and_group_ranks(small: Coin) -> None:
    summ = get_results(small)
    assert summ["uCode"].tolist() == ["C", "B", "D", "A"]
    assert summ["Rank"].tolist() == [1, 2, 3, 4]
    assert summ["Index"].tolist() == pytest.approx([77.08, 62.5, 37.5, 16.67], abs=0.01)
    grp = get_results(small, tab_type="Aggs", use="groupranks", use_group="grp")
    ranks = grp.set_index("uCode")
    # within g1 (A, B) B is first on every aggregate; within g2 (C, D) D wins on none
    assert ranks.loc["B", ["Index", "P1", "P2"]].tolist() == [1, 1, 1]
    assert ranks.loc["C", ["Index", "P1", "P2"]].tolist() == [1, 1, 1]
    assert ranks.loc["D", "Index"] == 2 and grp["grp"].tolist() == ["g1", "g1", "g2", "g2"]


def test_get_unit_summary(small: Coin) -> None:
    table = get_unit_summary(small, "C", levels=[2, 3])
    assert table["Code"].tolist() == ["Index", "P1", "P2"]
    assert table["Score"].tolist() == pytest.approx([77.08, 87.5, 66.67], abs=0.01)
    assert table["Rank"].tolist() == [1, 1, 2]


def test_get_str_weak_by_hand(small: Coin) -> None:
    """B on Raw data: x1 = 2 ranks 3rd; x2 is missing; x3 = 1 with Direction -1 ranks 1st."""
    result = get_str_weak(small, "B", topN=1, bottomN=1)
    strong, weak = result["Strengths"], result["Weaknesses"]
    assert strong.to_dict("records") == [
        {"Code": "x3", "Name": "x3", "Level 2": "P2", "Rank": 1.0, "Value": 1.0}
    ]
    assert weak[["Code", "Rank", "Value"]].to_dict("records") == [
        {"Code": "x1", "Rank": 3.0, "Value": 2.0}
    ]
    # D ranks last on x3: discarded as COINr's min_discard does, unless asked to keep it
    d = get_str_weak(small, "D", topN=1, bottomN=1)
    assert d["Strengths"]["Code"].tolist() == ["x1"] and d["Weaknesses"]["Code"].tolist() == ["x2"]
    d_all = get_str_weak(small, "D", topN=1, bottomN=1, min_discard=False)
    assert d_all["Weaknesses"]["Code"].tolist() == ["x3"]


def test_remove_elements_by_hand(small: Coin) -> None:
    """Without P1 the index is P2 (ranks A 3, B 1, C 2, D 4): each unit moves one place.
    Without P2 it is P1 (A 4, B 3, C 1, D 2): B and D move one place, mean 0.5."""
    out = remove_elements(small, level=2)
    assert out["MeanAbsDiff"].to_dict() == {"Nominal": 0.0, "P1": 1.0, "P2": 0.5}
    diffs = out["RankDiffs"].set_index("uCode")
    assert diffs["P1"].to_dict() == {"A": 1, "B": 1, "C": -1, "D": -1}
    np.testing.assert_allclose(out["Scores"]["P2"], small.get_dset("Aggregated").col("P1"))


def test_compare_two_and_many_coins(small: Coin) -> None:
    no_p2 = small.regen({"aggregate": {"w": {"P2": 0.0}}})
    table = compare_coins(small, no_p2).set_index("uCode")
    assert table["coin.1"].to_dict() == {"A": 4, "B": 2, "C": 1, "D": 3}
    assert table["Diff"].to_dict() == {"A": 0, "B": -1, "C": 0, "D": 1}
    assert table["Abs.diff"].sum() == 2
    scores = compare_coins(small, no_p2, compare_by="scores").set_index("uCode")
    assert scores.loc["C", "Diff"] == pytest.approx(77.083333 - 87.5)
    # ranks [4, 2, 1, 3] against [4, 3, 1, 2]: Pearson r = 4 / sqrt(5 x 5) = 0.8
    corr = compare_coins_corr(small, no_p2, iCodes=["Index", "P1"])
    assert corr.set_index("iCode")["Correlation"].to_dict() == pytest.approx(
        {"Index": 0.8, "P1": 1.0}
    )
    no_p1 = small.regen({"aggregate": {"w": {"P1": 0.0}}})
    multi = compare_coins_multi({"nominal": small, "no P2": no_p2, "no P1": no_p1}, tabtype="Diffs")
    assert list(multi.columns) == ["uCode", "nominal", "no P2", "no P1"]
    assert multi["nominal"].eq(0).all()
    values = compare_coins_multi({"nominal": small, "no P2": no_p2, "no P1": no_p1})
    assert values["uCode"].tolist() == ["C", "B", "D", "A"]  # by the base coin's rank
    assert multi.set_index("uCode")["no P1"].to_dict() == {"C": 1, "B": -1, "D": 1, "A": -1}


def test_trends_cagr_and_percent_change(small_coin) -> None:  # type: ignore[no-untyped-def]
    base = small_coin()
    rows = []
    for year, (x1, x2) in zip(
        (2018, 2019, 2020), ((100.0, 100.0), (np.nan, 110.0), (121.0, 120.0)), strict=True
    ):
        rows.append({"uCode": "A", "Time": year, "x1": x1, "x2": x2, "x3": 1.0})
        rows.append({"uCode": "B", "Time": year, "x1": 1.0, "x2": 1.0, "x3": 1.0})
    panel = Coin(pd.DataFrame(rows), base.imeta, panel=True)
    trends = get_trends(panel).set_index(["uCode", "iCode"])
    # x1 of A: 100 -> 121 over two years (2019 missing): (121 / 100)^(1/2) - 1 = 0.1
    assert trends.loc[("A", "x1"), "Trend"] == pytest.approx(0.1)
    assert trends.loc[("A", "x1"), "Avail"] == pytest.approx(2 / 3)
    assert trends.loc[("B", "x1"), "Trend"] == 0.0
    prc = get_trends(panel, iCodes=["x2"], f_trend="prc_change").set_index("uCode")
    # 100, 110, 120: the fitted line rises 10 a year from 100 at the first year: 10 %
    assert prc.loc["A", "Trend"] == pytest.approx(10.0)
    latest = get_trends(panel, iCodes=["x2"], use_latest=2).set_index("uCode")
    assert latest.loc["A", "Trend"] == pytest.approx(120 / 110 - 1)


def test_denominator_correlations_and_data_availability(small_coin) -> None:  # type: ignore[no-untyped-def]
    base = small_coin()
    idata = base.idata.assign(pop=[2.0, 4.0, 8.0, 10.0])
    imeta = pd.concat(
        [base.imeta, pd.DataFrame([{"iCode": "pop", "Type": "Denominator"}])], ignore_index=True
    )
    coin = Coin(idata, imeta)
    table = get_denom_corr(coin).set_index("Ind")
    # x1 = pop / 2 exactly; x2 against pop over A, C, D: r = 60 / sqrt(200 x 34.67) = 0.72;
    # x3 gives r = 0.42, under the 0.6 threshold
    assert table["Corr"].to_dict() == {"x1": 1.0, "x2": 0.72}
    avail = get_data_avail(coin)
    summary = avail["Summary"].set_index("uCode")
    assert summary.loc["B", "N_missing"] == 1 and summary.loc["B", "Dat_Avail"] == pytest.approx(
        2 / 3
    )
    groups = avail["ByGroup"].set_index("uCode")
    assert groups.loc["B", ["P1", "P2", "Index"]].tolist() == pytest.approx([0.5, 1.0, 2 / 3])


def test_on_asem(coin_a: Coin) -> None:
    removed = remove_elements(coin_a, level=2)
    assert len(removed["MeanAbsDiff"]) == 9  # Nominal and the eight pillars
    assert (removed["MeanAbsDiff"].drop("Nominal") > 0).all()
    same = compare_coins(coin_a, coin_a.regen())
    assert same["Abs.diff"].eq(0).all() and len(same) == 51
    sw = get_str_weak(coin_a, "CHN")
    assert len(sw["Strengths"]) == 5 and len(sw["Weaknesses"]) == 5
    assert sw["Strengths"]["Rank"].max() <= sw["Weaknesses"]["Rank"].min()
