"""Verdicts on sentences written for these tests, against the bundled ledger."""

from __future__ import annotations

import pytest

from zonemetrics.narrative.check import Checker


def only(result: dict) -> dict:
    (claim,) = [c for c in result["claims"] if c["kind"] != "conversion"]
    return claim


def test_a_figure_other_sources_give_is_supported(checker: Checker):
    claim = only(
        checker.check("Hunan Xiangjiang New Area's GDP reached 428.2 billion yuan in 2022.")
    )
    assert claim["verdict"] == "supported"
    assert "rednet-1xinli-2022" in {e.get("source_id") for e in claim["evidence"]}


def test_a_wrong_figure_is_contradicted_with_the_ledger_value(checker: Checker):
    claim = only(checker.check("2022年，湖南湘江新区地区生产总值达到3150亿元。"))
    assert claim["verdict"] == "contradicted"
    assert "4282.3亿元" in claim["explanation"]


def test_a_bound_does_not_confirm_a_number(checker: Checker):
    claim = only(checker.check("In 2023, Hunan Xiangjiang New Area's GDP was 470 billion yuan."))
    assert claim["verdict"] in ("not_checkable", "supported")
    if claim["verdict"] == "not_checkable":
        assert "bound" in claim["explanation"]


def test_a_claim_about_an_unknown_indicator_is_not_checkable(checker: Checker):
    claim = only(checker.check("In 2021, Pudong New Area's retail sales reached 330 billion yuan."))
    assert claim["verdict"] == "not_checkable"


def test_a_reported_rank_supports_a_rank_claim(checker: Checker):
    result = checker.check("2022年，湖南湘江新区地区生产总值在19个国家级新区中排名第6位。")
    (rank,) = [c for c in result["claims"] if c["kind"] == "rank"]
    assert (rank["rank"], rank["peer_set"], rank["verdict"]) == (6, "new_areas", "supported")


def test_a_conversion_at_the_years_average_rate_is_supported(checker: Checker):
    result = checker.check(
        "Hunan Xiangjiang New Area's GDP reached 428.23 billion yuan ($63.67 billion) in 2022."
    )
    (conversion,) = [c for c in result["claims"] if c["kind"] == "conversion"]
    assert conversion["verdict"] == "supported"
    assert conversion["arithmetic"]["implied_rate"] == round(428.23 / 63.67, 4)


def test_a_growth_rate_is_checked_against_its_own_endpoints(checker: Checker):
    text = "湖南湘江新区地区生产总值从2020年的2511亿元增加至2021年的3674.2亿元，年均增长46.3%。"
    result = checker.check(text)
    (check,) = [c for c in result["internal_checks"] if c["check"] == "growth_vs_endpoints"]
    assert check["implied_cagr_percent"] == 46.32
    assert check["consistent"]


def test_an_empty_ledger_checks_nothing_and_says_why(empty_store):
    from zonemetrics.narrative.check import Checker as FreshChecker

    result = FreshChecker(empty_store).check(
        "In 2022, Pudong New Area's GDP reached 1.6 trillion yuan."
    )
    (claim,) = result["claims"]
    assert claim["verdict"] == "not_checkable"
    assert claim["explanation"] == "zone not resolved to a zone of the ledger"


def test_a_rank_or_share_in_a_short_sentence_takes_the_indicator_it_names(checker: Checker):
    result = checker.check(
        "In 2023, Xiangjiang New Area's GDP was 450 billion yuan, or 12 percent of Hunan's "
        "GDP. Its R&D intensity ranked first among the new areas."
    )
    (share,) = [c for c in result["claims"] if c["unit"] == "%"]
    (rank,) = [c for c in result["claims"] if c["kind"] == "rank"]
    assert (share["zone"], share["indicator"], share["period"]) == (
        "xiangjiang",
        "share_of_province_gdp",
        "2023",
    )
    assert (rank["zone"], rank["indicator"], rank["rank"], rank["peer_set"]) == (
        "xiangjiang",
        "rd_intensity",
        1,
        "new_areas",
    )
    chinese = checker.check("湖南湘江新区2022年经济稳步增长。地区生产总值在国家级新区中排名第三。")
    (rank,) = [c for c in chinese["claims"] if c["kind"] == "rank"]
    assert (rank["zone"], rank["indicator"], rank["rank"]) == ("xiangjiang", "gdp", 3)


def test_the_texts_own_arithmetic_is_checked_before_the_evidence(checker: Checker):
    """12 percent beside the text's own 450 billion yuan: Hunan's 2023 GDP in the ledger
    makes that 9.0%, whatever independent sources say about the share."""
    result = checker.check(
        "In 2023, Xiangjiang New Area's GDP was 450 billion yuan, or 12 percent of Hunan's GDP."
    )
    (check,) = result["internal_checks"]
    assert check["check"] == "share_from_own_figures" and check["consistent"] is False
    assert check["implied_percent"] == pytest.approx(9.0, abs=0.05)
    assert check["explanation"].endswith("is 9.0%, not 12 percent")
    assert check["explanation_zh"].endswith("为9.0%，而非12 percent")
    share = result["claims"][check["claims"][-1] - 1]
    assert share["internal_arithmetic"] == [check["explanation"]]
    assert share["internal_arithmetic_zh"] == [check["explanation_zh"]]


def test_an_undated_figure_cites_only_the_years_it_fits(checker: Checker):
    # no year in the text: the figure can mean only the year whose figure it matches
    claim = only(checker.check("Hunan Xiangjiang New Area's GDP reached 450 billion yuan."))
    assert claim["period"] is None
    assert claim["verdict"] == "supported"
    assert "2023" in claim["explanation"] and "2015" not in claim["explanation"]
    assert "no year" in claim["explanation"] and "未写明年份" in claim["explanation_zh"]


def test_an_undated_figure_that_fits_no_year_is_not_refuted(checker: Checker):
    # which year the text means is unknown, so no single year's figure refutes it
    claim = only(checker.check("Hunan Xiangjiang New Area's GDP reached 123 billion yuan."))
    assert claim["verdict"] == "not_checkable"
    assert "fits no year" in claim["explanation"]
