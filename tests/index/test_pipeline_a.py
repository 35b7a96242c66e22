"""COINr's pipeline A on the ASEM data, reproduced stage by stage to 1e-9."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zonemetrics.index import Coin

TOL = 1e-9


def assert_same_table(ours: pd.DataFrame, ref: pd.DataFrame) -> None:
    """Same units, same columns, same values (and the same missing cells) to TOL."""
    ref = ref.set_index("uCode")
    ours = ours.set_index("uCode").loc[ref.index, ref.columns]
    a, b = ours.to_numpy(float), ref.to_numpy(float)
    assert np.array_equal(np.isnan(a), np.isnan(b))
    np.testing.assert_allclose(a, b, rtol=TOL, atol=TOL, equal_nan=True)


@pytest.mark.parametrize(
    "stage", ["Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]
)
def test_every_stage_equals_coinr(coin_a: Coin, reference, stage: str) -> None:
    assert_same_table(coin_a.dsets[stage].to_frame(), reference(f"dset_{stage}"))


def test_denominated_divides_by_the_imeta_denominator(coin_a: Coin) -> None:
    raw, den = coin_a.dsets["Raw"], coin_a.dsets["Denominated"]
    population = coin_a.row_values(raw, "Population")
    np.testing.assert_allclose(den.col("Flights"), raw.col("Flights") / population)
    np.testing.assert_array_equal(den.col("LPI"), raw.col("LPI"))  # no denominator


def test_imputation_fills_every_missing_value(coin_a: Coin) -> None:
    assert np.isnan(coin_a.dsets["Raw"].values).sum() == 63
    # two more cells go missing where a denominator is missing
    assert np.isnan(coin_a.dsets["Denominated"].values).sum() == 65
    assert np.isnan(coin_a.dsets["Imputed"].values).sum() == 0
    assert coin_a.details["Imputed"] == 65


def test_screening_keeps_all_51_units(coin_a: Coin) -> None:
    table = coin_a.details["Screened"]
    assert table["Included"].all()
    assert coin_a.dsets["Screened"].n_rows == 51


def test_treatment_details_match_coinr(coin_a: Coin, reference) -> None:
    ref = reference("treat_details").set_index("iCode")
    ours = coin_a.details["Treated"].set_index("iCode").loc[ref.index]
    np.testing.assert_allclose(ours["skew0"], ref["check_SkewKurt0.Skew"], rtol=1e-9)
    np.testing.assert_allclose(ours["kurt0"], ref["check_SkewKurt0.Kurt"], rtol=1e-9)
    treated = ref["winsorise.nwin"].notna()
    assert list(ours.index[ours["nwin"].notna()]) == list(ref.index[treated])
    np.testing.assert_array_equal(
        ours.loc[treated, "nwin"].astype(int), ref.loc[treated, "winsorise.nwin"].astype(int)
    )
    np.testing.assert_allclose(
        ours.loc[treated, "skew1"].astype(float),
        ref.loc[treated, "check_SkewKurt1.Skew"],
        rtol=1e-9,
    )
    assert ref.loc["Services", "winsorise.nwin"] == 4  # the most winsorised indicator


def test_index_scores_and_ranks_match_coinr(coin_a: Coin, reference) -> None:
    ref = reference("index_scores_ranks").set_index("uCode")
    scores = coin_a.scores().set_index("uCode").loc[ref.index]
    np.testing.assert_allclose(scores["Index"], ref["Index"], rtol=TOL, atol=TOL)
    np.testing.assert_array_equal(scores["Rank"].astype(int), ref["Rank"])
    top = coin_a.scores().sort_values("Rank").head(3)
    assert top["uCode"].tolist() == ["CHE", "NLD", "DNK"]
    assert top["Index"].round(4).tolist() == [68.3837, 64.8195, 64.8041]


def test_every_aggregate_matches_coinr(coin_a: Coin, reference) -> None:
    ref = reference("results_aggs").set_index("uCode")
    scores = coin_a.scores().set_index("uCode").loc[ref.index]
    for code in [
        "Conn",
        "Sust",
        "Physical",
        "ConEcFin",
        "Political",
        "Instit",
        "P2P",
        "Environ",
        "Social",
        "SusEcFin",
    ]:
        np.testing.assert_allclose(scores[code], ref[code], rtol=TOL, atol=TOL, err_msg=code)
