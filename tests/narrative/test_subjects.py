"""Which zone a figure belongs to: examples of each attribution rule, on short texts
written for these tests (a small ledger of two new areas, a province and the country,
plus the bundled catalogue and divisions)."""

from __future__ import annotations

import pytest

from zonemetrics.narrative.extract import Extractor
from zonemetrics.narrative.gazetteer import Gazetteer, Place
from zonemetrics.narrative.subjects import is_locator, is_peer_set, passage_subject
from zonemetrics.narrative.timeframe import TextInfo

TIANFU = Place("tianfu", "Sichuan Tianfu New Area", "new_area")
XIANGJIANG = Place("xiangjiang", "Hunan Xiangjiang New Area", "new_area")
HUNAN = Place("hunan", "Hunan", "province")
CHINA = Place("china", "China", "country")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    aliases = {
        "天府新区": TIANFU,
        "Tianfu New Area": TIANFU,
        "湘江新区": XIANGJIANG,
        "Xiangjiang New Area": XIANGJIANG,
        "湖南省": HUNAN,
        "Hunan": HUNAN,
        "全国": CHINA,
        "China": CHINA,
    }
    return Gazetteer(aliases, province_of={"xiangjiang": "hunan"})


@pytest.fixture(scope="module")
def reader(gazetteer: Gazetteer) -> Extractor:
    return Extractor(gazetteer)


def zones_of(reader: Extractor, text: str) -> dict[float, tuple[str | None, str | None]]:
    """Each figure's value -> (the zone as written, the zone's name)."""
    claims = reader.extract(text, TextInfo(date="2024-06-01"))
    return {c.value if c.value is not None else -c.rank: (c.zone_text, c.zone_name) for c in claims}


def test_a_sentence_without_a_zone_belongs_to_the_passage_subject_not_its_locator(reader):
    # the province is the park's locator ("Hubei's"); the next sentence names no place
    text = (
        "High-tech firms in Hubei's Donghu Science Park earned 500 billion yuan in 2023. "
        "Their R&D spending reached 40 billion yuan."
    )
    found = zones_of(reader, text)
    assert found[500e9] == ("Donghu Science Park", "Donghu Science Park")
    assert found[40e9][1] == "Donghu Science Park"


def test_the_subject_is_found_even_when_a_reference_comes_before_its_name(reader):
    text = "A new area in central China grew 7.5% in 2023, Xiangjiang New Area said."
    assert zones_of(reader, text)[7.5] == ("A new area", "Hunan Xiangjiang New Area")


def test_a_zone_called_by_its_short_form_before_and_after_its_full_name(reader):
    text = (
        "From January to June, Nanhu Bay drew 40 projects. "
        "Nanhu Bay New District is a young zone. In June Nanhu Bay signed 12 more."
    )
    found = zones_of(reader, text)
    assert found[40] == ("Nanhu Bay", "Nanhu Bay New District")
    assert found[12] == ("Nanhu Bay", "Nanhu Bay New District")


def test_a_chinese_district_is_called_by_its_name_without_its_suffix(reader):
    found = zones_of(reader, "天河上半年新增企业3000家。天河区是广州的中心城区。")
    assert found[3000] == ("天河", "天河区")


def test_a_province_compared_against_is_a_base_not_the_owner(reader):
    text = "湖南省发布数据。长沙高新区营业收入增长8.1%,高于全省2.3个百分点。"
    found = zones_of(reader, text)
    assert found[8.1][0] == "长沙高新区"
    assert found[2.3][0] == "长沙高新区"


def test_a_province_whose_total_the_figure_is_takes_it(reader):
    found = zones_of(reader, "湘江新区发展良好。全省地区生产总值增长4.6%。")
    assert found[4.6] == ("全省", "Hunan")


def test_a_share_of_the_nation_written_before_the_percentage_stays_with_the_zone(reader):
    found = zones_of(reader, "长沙高新区集聚了全国3%的高新技术企业。")
    assert found[3][0] == "长沙高新区"


def test_this_zone_means_the_zone_named_last_the_whole_area_the_subject(reader):
    text = (
        "天府新区2023年地区生产总值增长6%。据成都高新区统计,该区新增企业1200家。"
        "全区工业增加值增长7%。"
    )
    found = zones_of(reader, text)
    assert found[1200] == ("该区", "成都高新技术产业开发区")
    assert found[7] == ("全区", "Sichuan Tianfu New Area")


def test_zones_joined_as_one_subject_share_out_figures_respectively(reader):
    found = reader.extract("长沙高新区和株洲高新区分别新增企业120家和80家。")
    assert {(c.zone_text, c.value) for c in found} == {("长沙高新区", 120), ("株洲高新区", 80)}


def test_zones_joined_as_one_subject_each_take_a_shared_figure(reader):
    text = "In 2023 Tianfu New Area and Xiangjiang New Area each drew 50 projects."
    claims = reader.extract(text)
    assert {(c.zone, c.value) for c in claims} == {("tianfu", 50), ("xiangjiang", 50)}


def test_a_zone_named_after_the_figure_in_its_clause_takes_it(reader):
    text = (
        "Tianfu New Area grew 5% in 2023. "
        "That year 1,200 new firms registered in the Chengdu FTZ."
    )
    assert zones_of(reader, text)[1200][0] == "Chengdu FTZ"


def test_a_province_opening_a_clause_keeps_the_figures_of_the_clauses_after_it(reader):
    text = (
        "Xiangjiang New Area grew 8% in 2023. Under the plan, by 2025, Hunan should have "
        "2,000 provincial little giants, and 300 national ones."
    )
    found = zones_of(reader, text)
    assert found[8][1] == "Hunan Xiangjiang New Area"
    assert found[2000][1] == "Hunan"
    assert found[300][1] == "Hunan"


def test_the_class_of_zones_states_its_own_totals(reader):
    found = zones_of(reader, "2023年,国家高新区实现营业收入50万亿元。")
    assert found[50e12] == ("国家高新区", "national high-tech zones")


def test_a_class_of_zones_named_as_a_peer_set_or_a_locator_is_named_in_passing(gazetteer):
    text = "吉林省长春市长春高新区在国家高新区综合评价中位列第十。"
    mentions = gazetteer.find(text)
    by_text = {m.text: m for m in mentions}
    assert is_locator(by_text["吉林省"], mentions, text)
    assert not is_locator(by_text["长春高新区"], mentions, text)
    assert is_peer_set(by_text["国家高新区"], text)
    assert passage_subject(mentions, text).text == "长春高新区"


def test_a_zone_acted_on_in_an_earlier_clause_does_not_carry_to_the_next(reader):
    # the port area is the object of 推进 in the first clause; the routes are the subject's
    text = "天府新区2023年发展良好。天府新区积极推进港区二期建设,新开通货运航线6条。"
    assert zones_of(reader, text)[6][1] == "Sichuan Tianfu New Area"


def test_a_figure_counted_over_a_region_named_after_it_is_the_regions(reader):
    text = "Tianfu New Area grew 5% in 2023. Of the 50 best zones, 20 are in western China."
    assert zones_of(reader, text)[20] == ("western China", "western China")


def test_a_clause_that_opens_with_its_figure_continues_the_clause_before(reader):
    text = (
        "Tianfu New Area grew 5% in 2023. "
        "In 2023 Chengdu ran 900 freight trains, 12 percent more than a year before."
    )
    found = zones_of(reader, text)
    assert found[900][0] == "Chengdu"
    assert found[12][0] == "Chengdu"


def test_a_city_opening_its_own_clause_after_a_zone_takes_that_clause(reader):
    found = zones_of(reader, "2023年湘江新区地区生产总值增长8%,长沙市地区生产总值增长5%。")
    assert found[8][1] == "Hunan Xiangjiang New Area"
    assert found[5][0] == "长沙市"


def test_a_province_behind_possessive_locators_is_still_named_in_passing(reader):
    text = "The GDP of Tianfu New Area in Southwest China's Sichuan rose 9 percent in 2023."
    assert zones_of(reader, text)[9][1] == "Sichuan Tianfu New Area"


def test_a_new_area_named_as_a_whole_or_a_model_does_not_take_over_the_subject(reader):
    text = (
        "The Development Zone of Dalian in northeastern China earned 30 billion yuan in 2005. "
        "The zone is a core part of Hunan's Xiangjiang New Area, which is to become another "
        "Tianfu New Area. Its exports rose 12 percent."
    )
    found = zones_of(reader, text)
    assert found[30e9][0] == "Development Zone of Dalian"
    assert found[12][1] == "Development Zone of Dalian"
