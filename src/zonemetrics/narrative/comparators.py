"""Comparator words: "exceeded", "more than", 超, 突破, 余 -> '>'; "about", 约 -> 'about';
"surpassed ... for the first time", 首次突破, 迈入 -> 'first_time_above'."""

from __future__ import annotations

import re

from zonemetrics.narrative.mentions import Quantity

_EN_BEFORE = (
    (re.compile(r"(?:for the first time|first time)\b.{0,40}$", re.I), None),
    (re.compile(r"\b(?:at least|no less than)\s*$", re.I), ">="),
    (re.compile(r"\b(?:at most|no more than|up to)\s*$", re.I), "<="),
    (
        re.compile(
            r"\b(?:more than|over|exceed(?:ed|ing|s)?|surpass(?:ed|ing|es)?|above|topp(?:ed|ing)"
            r"|in excess of|beyond)\s*$",
            re.I,
        ),
        ">",
    ),
    (re.compile(r"\b(?:less than|under|below|fewer than)\s*$", re.I), "<"),
    (
        re.compile(
            r"\b(?:about|around|approximately|nearly|almost|roughly|some|~)\s*$", re.I
        ),
        "about",
    ),
)
_ZH_BEFORE = (
    (re.compile(r"(?:首次突破|首次超过|首次迈上|迈入“?|跻身“?)$"), "first_time_above"),
    (re.compile(r"(?:超过|突破|超|逾|高于|多于)$"), ">"),
    (re.compile(r"(?:不低于|至少)$"), ">="),
    (re.compile(r"(?:不到|低于|不足)$"), "<"),
    (re.compile(r"(?:约|近|大约|将近)(?:为|是|有|达)?$"), "about"),
)


def comparator(sentence: str, q: Quantity, lang: str) -> str:
    """The comparator a sentence puts on a quantity ('=' when none)."""
    before = sentence[max(0, q.start - 40) : q.start]
    after = sentence[q.end : q.end + 30]
    if lang == "en":
        first_time = re.search(r"for the first time", after[:30] + before, re.I)
        for pattern, result in _EN_BEFORE[1:]:
            if pattern.search(before):
                if result == ">" and first_time:
                    return "first_time_above"
                return result
        return "="
    if q.approx_suffix:
        return ">"
    for pattern, result in _ZH_BEFORE:
        if pattern.search(before):
            return result
    if re.match(r"^(?:以上|多)", after):
        return ">"
    if after.startswith("左右"):
        return "about"
    return "="
