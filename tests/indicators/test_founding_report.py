"""The founding report's figures, computed from the bundled ledger with receipts."""

from __future__ import annotations

import pytest

from zonemetrics.indicators.derive import compute, derived_values
from zonemetrics.indicators.rank import rank_with_reported
from zonemetrics.indicators.receipts import receipt_details
from zonemetrics.indicators.thresholds import threshold_crossing


def _derived(store, code, zone="xiangjiang", period=None):
    values = compute(store, code)
    values = values.filter(values.zone_id == zone)
    if period is not None:
        values = values.filter(values.period == period)
    return values.to_pyarrow().to_pylist()


def test_gdp_2023_ranking_puts_pudong_first_among_the_19(bundle_store):
    ranking = rank_with_reported(bundle_store, "gdp", 2023, "new_areas")
    assert ranking.rows[0]["zone"] == "pudong" and ranking.rows[0]["rank"] == 1
    assert ranking.of == 19
    assert ranking.with_data == sum(1 for r in ranking.rows if r["rank"] is not None)
    assert ranking.with_data + len(ranking.bound_only) + len(ranking.missing) == 19
    assert ranking.mixed_calibers  # district, city and unstated calibers are compared
    xiangjiang = next(r for r in ranking.rows if r["zone"] == "xiangjiang")
    assert xiangjiang["reported_rank"] == 5  # what the 2023 ranking article says
    assert xiangjiang["source_ids"] == ["seed-prnewswire-2024-03-21"]


def test_xiangjiang_gdp_multiple_and_cagr_2015_2023_with_receipts(bundle_store):
    [multiple] = _derived(bundle_store, "gdp_multiple", period="2015-2023")
    [cagr] = _derived(bundle_store, "gdp_cagr", period="2015-2023")
    assert multiple["value"] == pytest.approx(4500 / 1600)
    assert cagr["value"] == pytest.approx(((4500 / 1600) ** (1 / 8) - 1) * 100)
    receipt = receipt_details(bundle_store, sorted(multiple["receipt"]))
    assert {(r["period"], r["original_text"], r["source_id"]) for r in receipt} == {
        ("2015", "160 billion yuan", "seed-prnewswire-2024-03-21"),
        ("2023", "450 billion yuan", "seed-prnewswire-2024-03-21"),
    }
    # the 2015 input is not alone: the receipt says what stands beside it
    assert next(r for r in receipt if r["period"] == "2015")["conflicts"] == 1


def test_xiangjiang_share_of_hunan_land_for_each_area_definition(bundle_store):
    shares = {
        row["caliber"].split("/")[0]: row["value"]
        for row in _derived(bundle_store, "share_of_province_land_computed")
    }
    assert shares["core_area"] == pytest.approx(490 / 211800 * 100)  # 0.23%
    assert shares["planning_area"] == pytest.approx(1200 / 211800 * 100)  # 0.57%
    assert round(shares["core_area"], 2) == 0.23
    assert round(shares["planning_area"], 2) == 0.57


def test_a_bound_gives_a_bound(bundle_store):
    # Jinpu's 2023 GDP is known only as '>2000亿': its share of Liaoning is a lower bound
    [share] = _derived(bundle_store, "share_of_province_gdp_computed", "jinpu", "2023")
    assert (share["qualifier"], share["value_high"]) == ("lower_bound", None)
    assert share["value"] == pytest.approx(2000 / 30209.40 * 100)


def test_r_and_d_intensity_above_five_percent_is_a_bound_and_the_crossing_is_not_established(
    bundle_store,
):
    crossing = threshold_crossing(bundle_store, "rd_intensity", "xiangjiang", 5.0)
    assert crossing["first_year_known_above"] == 2023
    assert crossing["established"] is False  # the ledger holds no 2022 value to compare


def test_derived_values_come_with_expanded_receipts(bundle_store):
    [share] = [
        r
        for r in derived_values(bundle_store, "share_of_province_land_computed", "xiangjiang")
        if r["caliber"].startswith("planning_area")
    ]
    assert {(x["original_text"], x["tier"]) for x in share["receipt"]} == {
        ("1200 km2", "major_media"),
        ("211800 km2", "official"),
    }
