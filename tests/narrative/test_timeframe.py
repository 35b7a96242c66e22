"""Periods as texts write them: years, ranges, five-year plans, and comparison bases."""

from __future__ import annotations

from zonemetrics.narrative.timeframe import plan_span, years_in


def periods(sentence: str) -> list[str]:
    return [p for _, p in years_in(sentence)]


def test_ranges_and_plans_are_kept_whole():
    assert periods("2011-2015年，园区产值年均增长12%") == ["2011-2015"]
    assert periods("“十二五”期间累计投资800亿元") == ["2011-2015"]
    assert periods("during the 15th Five-Year Plan") == ["2026-2030"]
    assert periods("between 2017 and 2019 it doubled") == ["2017-2019"]
    assert plan_span(13) == "2016-2020"


def test_a_comparison_base_is_never_a_period():
    assert periods("2021年产值较2019年增长30%") == ["2021"]
    assert periods("Sales in 2024 were 8% higher than in 2023.") == ["2024"]
    assert periods("企业数量是2016年的4倍") == []


def test_a_span_opened_by_between_is_kept_whole():
    assert periods("Between 2018 and 2022, exports doubled.") == ["2018-2022"]
