"""Explanations as phrases: one key and its values, written in English or Chinese from
the one catalogue, so both reports say the same thing."""

from __future__ import annotations

from zonemetrics.narrative.formatting import (
    Amount,
    Period,
    Words,
    cited_source,
    joined,
    render,
    say,
    tier_words,
    verdict_words,
)


def test_a_phrase_is_written_in_either_language_with_its_values():
    why = say(
        "why_agrees",
        value="450 billion yuan",  # the text's own words are quoted as they are
        cited=say(
            "cite_period",
            period=Period("2023"),
            items=say("cite_item", text=Amount(4.5e11, "CNY"), who=cited_source("src", "official")),
        ),
    )
    assert render(why, "en") == (
        "450 billion yuan agrees with 2023 (450 billion yuan, src [official])"
    )
    assert render(why, "zh") == "450 billion yuan与2023年（4500亿元，src [官方]）相符"


def test_names_periods_and_lists_take_the_languages_forms():
    assert render(Words("Hunan", "湖南省"), "zh") == "湖南省"
    assert render(Words("other:new_parks"), "zh") == "other:new_parks"  # no Chinese name held
    assert [Period(p).render("zh") for p in ("2023", "2021-2025", "2024-03", "2023Q1")] == [
        "2023年",
        "2021-2025年",
        "2024年3月",
        "2023Q1",
    ]
    assert render(joined(["a", "b"]), "en") == "a, b"
    assert render(joined(["a", "b"], "clause_sep"), "zh") == "a；b"
    assert render(Amount(5.0, "%", "lower_bound"), "zh") == "超过5%"


def test_every_tier_and_verdict_has_words_and_an_unknown_tier_says_so():
    assert [render(tier_words(t), "zh") for t in ("official", "major_media", "repost", "blog")] == [
        "官方",
        "主流媒体",
        "转载",
        "博客",
    ]
    assert render(tier_words(None), "en") == "tier unknown"
    assert render(verdict_words("supported_other_period"), "en") == "supported for another period"
    assert render(verdict_words("not_checkable"), "zh") == "无法核查"
