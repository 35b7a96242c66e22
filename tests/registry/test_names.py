"""Stems and English names: one rule for every division and zone name."""

from __future__ import annotations

from zonemetrics.registry.names import division_name_en, short_forms, stem, zone_name_en


def test_stems_drop_level_words_and_ethnic_groups():
    assert stem("宁乡市") == "宁乡"
    assert stem("恩施土家族苗族自治州") == "恩施"
    assert stem("新疆维吾尔自治区") == "新疆"
    assert stem("内蒙古自治区") == "内蒙古"  # 蒙古 is part of the place's own name here
    assert stem("城区") == "城区"  # one character would name no place


def test_english_names_read_places_in_pinyin_and_translate_the_zone_term():
    assert division_name_en("宁乡市") == "Ningxiang City"
    assert division_name_en("湘西土家族苗族自治州") == "Xiangxi Autonomous Prefecture"
    places = frozenset({"湖南", "宁乡", "长沙"})
    assert (
        zone_name_en("湖南宁乡经济技术开发区", places)
        == "Hunan Ningxiang Economic and Technological Development Zone"
    )


def test_short_forms_of_zone_terms():
    assert short_forms("长沙高新技术产业开发区") == ["长沙高新区"]
    assert short_forms("高新技术产业开发区") == []
