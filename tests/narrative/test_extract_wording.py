"""More ways news texts word the same claims (texts written for these tests)."""

from __future__ import annotations

from zonemetrics.narrative.check import Checker
from zonemetrics.narrative.extract import Extractor
from zonemetrics.narrative.timeframe import TextInfo


def table(claims) -> list[tuple]:
    return [(c.kind, c.zone, c.indicator, c.period, c.value, c.comparator, c.rank) for c in claims]


def test_english_variants(extractor: Extractor):
    text = (
        "Tianjin Binhai New Area's regional GDP stood at 730 billion yuan last year, up 3.5 "
        "percent year on year. Foreign trade hit 780 billion yuan (about US$116 billion). "
        "The new area is home to more than 5,000 high-tech enterprises and 42 state-level "
        '"little giant" firms, ranking No. 2 among the country\'s new areas. '
        "The area accounts for roughly 45 percent of Tianjin's economy. "
        "It covers 2,270 square kilometers and has a permanent population of 2.06 million."
    )
    claims = extractor.extract(text, TextInfo(date="2023-01-30"))
    rows = table(claims)
    for row in [
        ("level", "binhai", "gdp", "2022", 730e9, "=", None),
        ("growth", "binhai", "gdp_growth_real", "2022", 3.5, "=", None),
        ("level", "binhai", "foreign_trade", "2022", 780e9, "=", None),
        ("conversion", "binhai", "foreign_trade_usd", "2022", 116e9, "=", None),
        ("count", "binhai", "high_tech_enterprises", "2023", 5000.0, ">", None),
        ("count", "binhai", "little_giants", "2023", 42.0, "=", None),
        ("level", "binhai", "land_area", None, 2270.0, "=", None),
        ("count", "binhai", "population", "2023", 2.06e6, "=", None),
    ]:
        assert row in rows
    assert ("rank", "binhai", "little_giants", "2023", None, "=", 2) in rows
    assert ("share", "binhai", "share_of_province_gdp", "2022", 45.0, "about", None) in rows
    assert claims[-1].unit == "persons"


def test_rd_spending_as_a_share_of_its_gdp_is_rd_intensity(extractor: Extractor):
    text = "Pudong's R&D spending was equivalent to 4.4 percent of its GDP in 2022."
    (claim,) = extractor.extract(text)
    assert (claim.indicator, claim.value, claim.period) == ("rd_intensity", 4.4, "2022")


def test_chinese_variants(extractor: Extractor):
    text = (
        "2023年，重庆两江新区实现地区生产总值4654.8亿元，同比增长6.1%，占全市经济总量的15.5%。"
        "去年，新区新增国家级专精特新“小巨人”企业21家，累计达到66家，在国家级新区中位居第三。"
    )
    claims = extractor.extract(text, TextInfo(date="2024-02-05"))
    rows = table(claims)
    assert ("level", "liangjiang", "gdp", "2023", 4654.8e8, "=", None) in rows
    assert ("growth", "liangjiang", "gdp_growth_real", "2023", 6.1, "=", None) in rows
    # 全市 is the province for a new area in Chongqing municipality
    assert ("share", "liangjiang", "share_of_province_gdp", "2023", 15.5, "=", None) in rows
    assert ("count", "liangjiang", "other:new_little_giants", "2023", 21.0, "=", None) in rows
    assert ("count", "liangjiang", "little_giants", "2023", 66.0, "=", None) in rows
    assert ("rank", "liangjiang", "little_giants", "2023", None, "=", 3) in rows


def test_a_first_crossing_contradicted_by_the_year_itself(checker: Checker):
    result = checker.check(
        "滇中新区2021年地区生产总值首次突破千亿元大关，增速位居全国19个国家级新区第二位。"
    )
    crossing, rank = result["claims"]
    assert (crossing["comparator"], crossing["value"]) == ("first_time_above", 1e11)
    assert crossing["verdict"] == "contradicted"
    assert "929.2亿元 in 2021" in crossing["explanation"]
    assert (rank["indicator"], rank["rank"], rank["peer_count"]) == ("gdp_growth_real", 2, 19)
