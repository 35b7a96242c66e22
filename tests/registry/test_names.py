"""Stems and English names: one rule for every division and zone name."""

from __future__ import annotations

import csv
from collections import Counter
from importlib.resources import files

from zonemetrics.registry.names import (
    ROMANISATION_TABLE,
    ascii_spellings,
    division_name_en,
    id_slug,
    orthographic,
    short_forms,
    stem,
    zone_name_en,
)


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


def test_pinyin_follows_the_orthography_rules():
    # a syllable starting with a, o or e after another is marked off: 西安 is not 先
    assert orthographic(["xi", "an"]) == "xi'an"
    assert orthographic(["ha", "er", "bin"]) == "ha'erbin"
    assert orthographic(["lü", "liang"]) == "lüliang"
    assert division_name_en("六安市") == "Lu'an City"
    assert division_name_en("吕梁市") == "Lüliang City"


def test_place_names_take_their_place_name_reading_not_the_common_one():
    # 长 is zhang in 长大 but chang in place names; 朝 is chao in 朝阳; 单 is shan in 单县
    assert division_name_en("长治市") == "Changzhi City"
    assert division_name_en("朝阳市") == "Chaoyang City"
    assert division_name_en("单县") == "Shanxian"
    assert division_name_en("漯河市") == "Luohe City"


def test_official_romanisations_that_are_not_pinyin():
    assert division_name_en("陕西省") == "Shaanxi Province"  # told apart from 山西 Shanxi
    assert division_name_en("山西省") == "Shanxi Province"
    assert division_name_en("乌鲁木齐市") == "Ürümqi City"
    assert division_name_en("内蒙古自治区") == "Inner Mongolia Autonomous Region"
    assert division_name_en("呼和浩特市") == "Hohhot City"


def test_ids_stay_plain_ascii_pinyin_whatever_the_english_name():
    assert id_slug("内蒙古") == "neimenggu"
    assert id_slug("陕西") == "shanxi"
    assert id_slug("吕梁") == "lvliang"


def test_texts_that_drop_diacritics_and_apostrophes_still_spell_the_place():
    assert ascii_spellings("Ürümqi") >= {"Ürümqi", "Urumqi"}
    assert ascii_spellings("Lüliang") >= {"Luliang", "Lvliang"}
    assert ascii_spellings("Xi'an") >= {"Xi'an", "Xi\u2019an", "Xian"}


def test_every_romanisation_cites_a_source_and_names_one_place():
    path = files("zonemetrics.registry") / ROMANISATION_TABLE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["source"].strip() and row["english"].strip() for row in rows)
    assert not [text for text, n in Counter(row["text"] for row in rows).items() if n > 1]
