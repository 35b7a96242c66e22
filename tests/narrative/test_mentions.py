"""Quantities as texts write them, in the project's own example sentences."""

from __future__ import annotations

import pytest

from zonemetrics.narrative.mentions import chinese_quantities, english_quantities


def values(found):
    return [(q.value, q.unit) for q in found]


def test_english_amounts_keep_magnitude_currency_and_rounding():
    found = english_quantities(
        "Output rose to 2.4 trillion yuan ($331 billion), CNY 98.5 billion and 1,250 million yuan."
    )
    assert values(found) == [
        (2.4e12, "CNY"),
        (331e9, "USD"),
        (98.5e9, "CNY"),
        (1250e6, "CNY"),
    ]
    assert found[0].rounding == pytest.approx(0.05e12)
    assert found[3].rounding == pytest.approx(5e6)  # "1,250 million": to the ten million


def test_english_number_words_percentages_and_areas():
    found = english_quantities("It holds nine percent of the land, about 730 square kilometres.")
    assert values(found) == [(9.0, "%"), (730.0, "km2")]


def test_years_dates_durations_and_ordinals_are_not_quantities():
    sentence = (
        "Approved on May 3, 2016, the 14th such area grew for the past three years "
        "and reported 12 percent growth year-on-year."
    )
    assert values(english_quantities(sentence)) == [(12.0, "%")]


def test_chinese_magnitudes_counters_and_numerals():
    found = chinese_quantities(
        "全年实现产值2.35万亿元，引进外资3.1亿美元，新增企业1200余家，拥有五个平台，占百分之七。"
    )
    assert values(found) == [
        (2.35e12, "CNY"),
        (3.1e8, "USD"),
        (1200.0, "count"),
        (5.0, "count"),
        (7.0, "%"),
    ]
    assert found[2].approx_suffix  # 余 makes it a lower bound


def test_chinese_dates_durations_and_slogans_are_skipped():
    found = chinese_quantities(
        "3月8日，近5年来，围绕“1+3”体系，第二批名单公布，面积达到85.6平方公里。"
    )
    assert values(found) == [(85.6, "km2")]


def test_fractions_are_read_as_the_percentages_they_state():
    found = chinese_quantities("园区三分之二的企业从事制造，近四成来自外省。")
    assert values(found) == [(66.67, "%"), (40.0, "%")]
    found = english_quantities("Two thirds of the firms export, and half of them are new.")
    assert values(found) == [(66.67, "%"), (50.0, "%")]


def test_a_part_of_the_year_is_not_a_fraction():
    assert english_quantities("In the first three quarters sales rose 4 percent.") == [
        q
        for q in english_quantities("In the first three quarters sales rose 4 percent.")
        if q.unit == "%" and q.value == 4.0
    ]


def test_multiples_and_doublings_are_their_factor():
    assert values(chinese_quantities("营收是五年前的2.5倍，利润实现翻番。")) == [
        (2.5, "times"),
        (2.0, "times"),
    ]
    assert values(english_quantities("Exports tripled, and imports were four times as large.")) == [
        (3.0, "times"),
        (4.0, "times"),
    ]


def test_approximate_magnitudes_and_nearly_are_figures():
    found = chinese_quantities("引进企业近300家，带动就业1.5余万人。")
    assert values(found) == [(300.0, "count"), (15000.0, "persons")]
    assert english_quantities("nearly 40 clinics")[0].value == 40.0


def test_names_and_codes_are_not_figures():
    assert english_quantities("It built 5G stations for Fortune Global 500 tenants.") == []


def test_doublings_and_folds_written_with_particles():
    assert [(q.value, q.unit) for q in chinese_quantities("工业产值翻了一番")] == [(2.0, "times")]
    assert [(q.value, q.unit) for q in english_quantities("Exports rose threefold.")] == [
        (3.0, "times")
    ]


def test_english_currency_after_the_amount_and_percent_points():
    found = english_quantities(
        "Sales hit 10.2 trillion RMB and 3 billion US dollars, 2 percent points up."
    )
    assert values(found) == [(10.2e12, "CNY"), (3e9, "USD"), (2.0, "pp")]
