"""Places beyond the ledger's zones: catalogue zones with the short forms texts use,
divisions, pinyin names and zones named by a zone word."""

from __future__ import annotations

from zonemetrics.narrative.gazetteer import Gazetteer
from zonemetrics.narrative.places import (
    aggregate_names,
    chinese_places,
    en_zone_names,
    zh_zone_names,
)


def named(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.place.kind) for m in Gazetteer({}).find(text) if m.place is not None]


def test_catalogue_zones_answer_to_their_short_forms():
    places = chinese_places()
    assert places["宁波高新区"].name == "宁波高新技术产业开发区"
    assert places["宁波高新区"].kind == "national_high_tech_zone"
    assert places["湖南省"] is places["湖南"]


def test_the_most_specific_name_wins_over_the_city_inside_it():
    assert named("宁波高新区与江北区") == [
        ("宁波高新区", "national_high_tech_zone"),
        ("江北区", "district"),
    ]


def test_zones_named_by_a_zone_word():
    found = [(p.name, p.kind) for _, _, p in zh_zone_names("推动临港片区和滨江科创区发展")]
    assert found == [("临港片区", "sub_area"), ("滨江科创区", "sub_area")]
    english = [(p.name, p.kind) for _, _, p in en_zone_names("Its Zhuhai Free Trade Zone grew.")]
    assert english == [("Zhuhai Free Trade Zone", "pilot_free_trade_zone")]


def test_a_part_named_after_its_zone_is_a_zone_of_its_own():
    found = [(s, e) for s, e, _ in zh_zone_names("某某新区直管区GDP", taken=[(0, 4)])]
    assert found == [(0, 7)]


def test_pinyin_names_of_provinces_and_cities_in_english_texts():
    assert ("Ningbo", "city") in named("Ningbo's port grew, as did Zhejiang.")
    assert ("Zhejiang", "province") in named("Ningbo's port grew, as did Zhejiang.")


def test_a_zone_name_begins_at_the_place_it_is_named_after():
    # a preposition or a year before the name is not part of it
    found = [p.name for _, _, p in zh_zone_names("自苏州自由贸易试验区设立以来")]
    assert found == ["苏州自由贸易试验区"]
    found = [p.name for _, _, p in zh_zone_names("2019年南宁自贸区成立")]
    assert found == ["南宁自贸区"]


def test_an_english_zone_takes_the_kind_of_its_longest_zone_word():
    found = [(p.name, p.kind) for _, _, p in en_zone_names("Since then Jinshan New District grew.")]
    assert found == [("Jinshan New District", "new_area")]
    found = [(p.name, p.kind) for _, _, p in en_zone_names("Trade in the Tianjin FTZ rose.")]
    assert found == [("Tianjin FTZ", "pilot_free_trade_zone")]
    found = [(p.name, p.kind) for _, _, p in en_zone_names("Wuxi Industrial Zone ranked high.")]
    assert found == [("Wuxi Industrial Zone", "park")]


def test_classes_of_zones_are_named_as_a_whole():
    found = [(p.name, p.kind) for _, _, p in aggregate_names("全国国家级经开区和国家高新区")]
    assert found == [
        ("national ETDZs", "national_etdz_aggregate"),
        ("national high-tech zones", "national_high_tech_zone_aggregate"),
    ]
    english = "Reforms tried in the FTZs spread to national high-tech zones."
    assert [p.name for _, _, p in aggregate_names(english)] == [
        "pilot free trade zones",
        "national high-tech zones",
    ]


def test_a_free_trade_zone_by_its_official_name_with_the_province_in_brackets():
    found = [(p.name, p.kind) for _, _, p in aggregate_names("中国(湖北)自由贸易试验区武汉片区")]
    assert found == [("中国(湖北)自由贸易试验区武汉片区", "sub_area")]


def test_an_english_zone_named_by_its_zone_word_and_the_place_after_of():
    found = [(p.name, p.kind) for _, _, p in en_zone_names("The Development Zone of Dalian grew.")]
    assert ("Development Zone of Dalian", "development_zone") in found
    found = [(p.name, p.kind) for _, _, p in en_zone_names("Exports of China rose.")]
    assert found == []


def test_an_etdz_by_its_abbreviation_or_its_hyphenated_official_name():
    found = [(p.name, p.kind) for _, _, p in en_zone_names("The Hefei ETDZ grew fast.")]
    assert found == [("Hefei ETDZ", "national_etdz")]
    text = "Dalian Economic-Technological Development Area grew."
    found = [(p.name, p.kind) for _, _, p in en_zone_names(text)]
    assert found == [("Dalian Economic-Technological Development Area", "national_etdz")]
