"""Verdicts on sentences written for these tests, against the bundled ledger."""

from __future__ import annotations

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
