"""The word for a provincial-level unit: 全市 for the municipalities (issue 11, item 7)."""

from __future__ import annotations

import pytest

from zonemetrics.narrative import grammar


@pytest.mark.parametrize(
    ("province", "whole", "word"),
    [
        (("Chongqing", "重庆市"), "全市", "municipality"),
        (("Shanghai", "上海市"), "全市", "municipality"),
        (("Hunan", "湖南省"), "全省", "province"),
        (("Guangxi", "广西壮族自治区"), "全区", "autonomous region"),
    ],
)
def test_the_whole_of_a_provincial_unit_is_named_by_its_kind(province, whole, word):
    assert grammar.whole_of(province) == whole
    assert grammar.provincial_unit(province) == word


def test_a_share_of_chongqings_gdp_is_a_share_of_the_whole_municipality():
    text = grammar.share_gdp("重庆两江新区", ("Chongqing", "重庆市"), "2023", 20.0, "zh", None)
    assert "占全市的" in text and "全省" not in text
    english = grammar.share_platforms("Liangjiang", ("Chongqing", "重庆市"), 30.0, "en", None)
    assert english.endswith("of the total in Chongqing municipality.")
