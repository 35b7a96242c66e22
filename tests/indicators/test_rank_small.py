"""Rankings on a small hand-made ledger: ties, direction, bounds, missing peers."""

from __future__ import annotations

import pytest

from zonemetrics.indicators.rank import rank, rank_change, rank_with_reported
from zonemetrics.ingest.load import ingest_paths

SOURCES = """source_id,title,producer,published,tier
test-table,Test table of three new areas,zonemetrics tests,2024-01-01,official
"""
ZONES = """zone_id,name_zh,name_en,kind,parent,province
binhai,天津滨海新区,Binhai New Area,new_area,china,
pudong,上海浦东新区,Pudong New Area,new_area,china,
nansha,广州南沙新区,Nansha New Area,new_area,china,
"""
# Figures invented for the test only: they exercise ties, bounds and missing data.
OBSERVATIONS = """zone,indicator,period,value,unit,source,measure,peer_set
pudong,gdp,2030,300,亿元,test-table,,
binhai,gdp,2030,300,亿元,test-table,,
xiangjiang,gdp,2030,>250,亿元,test-table,,
nansha,gdp,2030,100,亿元,test-table,,
pudong,gdp,2030,2,rank,test-table,rank,new_areas
pudong,gdp,2029,100,亿元,test-table,,
binhai,gdp,2029,200,亿元,test-table,,
xiangjiang,gdp,2029,50,亿元,test-table,,
"""


@pytest.fixture
def ranked_store(tiny_store, tmp_path):
    for name, text in (("s.csv", SOURCES), ("z.csv", ZONES), ("o.csv", OBSERVATIONS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    # the invented figures break the plausibility rules (a 300亿元 Pudong); they are
    # imported flagged, as a user would with --accept-outliers, since ranks are the point
    _, errors = ingest_paths(tiny_store, [tmp_path], accept_outliers=True)
    assert not errors
    return tiny_store


def test_ties_share_the_best_rank_and_bounds_widen_the_others_ranks(ranked_store):
    ranking = rank(ranked_store, "gdp", 2030)
    by_zone = {r["zone"]: r for r in ranking.rows}
    assert (ranking.of, ranking.with_data, ranking.bound_only) == (4, 3, ["xiangjiang"])
    assert [by_zone[z]["rank"] for z in ("pudong", "binhai", "nansha")] == [1, 1, 3]
    # '>250' may lie above 300: the leaders' rank is 1 at best, 2 at worst.
    assert (by_zone["pudong"]["rank_best"], by_zone["pudong"]["rank_worst"]) == (1, 2)
    # '>250' is surely above 100: Nansha is 4th, whatever the true value.
    assert (by_zone["nansha"]["rank_best"], by_zone["nansha"]["rank_worst"]) == (4, 4)
    assert by_zone["xiangjiang"]["rank"] is None


def test_the_reported_rank_stands_beside_the_computed_one(ranked_store):
    ranking = rank_with_reported(ranked_store, "gdp", 2030)
    pudong = next(r for r in ranking.rows if r["zone"] == "pudong")
    assert (pudong["rank"], pudong["reported_rank"]) == (1, 2)
    assert pudong["reported_rank_source_id"] == "test-table"


def test_a_peer_without_data_is_listed_as_missing(ranked_store):
    ranking = rank(ranked_store, "gdp", 2015)
    assert ranking.with_data == 1
    assert ranking.missing == ["binhai", "nansha", "pudong"]


def test_a_rank_change_compares_the_same_peers_in_both_years(ranked_store):
    change = rank_change(ranked_store, "gdp", 2029, 2030)
    assert change["of"] == 2  # Pudong and Binhai have exact values in both years
    assert [(r["zone"], r["rank_2029"], r["rank_2030"], r["change"]) for r in change["rows"]] == [
        ("binhai", 1, 1, 0),
        ("pudong", 2, 1, 1),
    ]
    assert change["left_out"]["xiangjiang"] == "no exact value in 2030"  # only '>250'
    assert change["left_out"]["nansha"] == "no exact value in 2029"
