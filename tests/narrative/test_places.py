"""Places beyond the ledger's zones: catalogue zones with the short forms texts use,
divisions, pinyin names and zones named by a zone word."""

from __future__ import annotations

from zonemetrics.narrative.gazetteer import Gazetteer
from zonemetrics.narrative.places import chinese_places, en_zone_names, zh_zone_names


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
