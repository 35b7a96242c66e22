"""Parts of a year in a text: 前三季度, 上半年, 1-9月, "in the first half", Q1-Q3.

Statistics bulletins publish cumulative figures through the year (the first quarter,
the first half, the first three quarters, January to November); a first-three-quarters
GDP filed as the year's would be a large, silent error. Each phrase gives the first and
last month it covers; `within_year` turns a year and those months into the ledger's
period form. A phrase that only compares with a part of the year (比上半年, "than in the
first quarter", 上年末) names no period of the figure and is skipped; so is the end of a
part (上半年末, 三季度末), which describes a stock at a date rather than a stretch.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from zonemetrics.ingest.periods import PARTS_OF_YEAR, kind_of, parse_period

Months = tuple[int, int]
WHOLE_YEAR: Months = (1, 12)

_ZH_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_ZH_NUMBERS |= {"八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_EN_NUMBERS |= {"nine": 9, "ten": 10, "eleven": 11}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
_EN_ORDINALS |= {"3rd": 3, "4th": 4}
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_MONTH = r"(?:十[一二]?|[一二两三四五六七八九]|1[0-2]|0?[1-9])"
_QUARTER = r"[一二三四1-4]"
_EN_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NOT_END = r"(?![末底])"  # 上半年末 is a date, not a stretch


def _number(text: str) -> int:
    text = text.lower()
    if text.isdigit():
        return int(text)
    return _ZH_NUMBERS.get(text) or _EN_NUMBERS.get(text) or _EN_ORDINALS[text]


def _en_month(text: str) -> int:
    stem = text.lower().rstrip(".")[:3]
    return next(i for i, name in enumerate(_EN_MONTHS, start=1) if name.startswith(stem))


def _end_of(quarter: str) -> Months:
    month = 3 * _number(quarter)
    return month, month


def _quarters(first: str, last: str) -> Months:
    return 3 * _number(first) - 2, 3 * _number(last)


_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], Months]]

#: (pattern, months) in the order they are tried; a match inside a longer one is dropped
_RULES: list[_Rule] = [
    (
        # the end of a part is the month it ends: a stock as of that date
        re.compile(rf"(?P<half>[上下])半年[末底]|(?:第)?(?P<q>{_QUARTER})季度[末底]"),
        lambda m: (6, 6) if m["half"] == "上" else (12, 12) if m["half"] else _end_of(m["q"]),
    ),
    (
        re.compile(
            r"全年|(?<![上去半])年[末底]|年度(?!目标|计划)|前四季度?|\bfull[- ]year\b|\bannual\b"
            r"|\bthe whole year\b"
            r"|\bfor the year as a whole\b|\byear[- ]end\b|\bend of the year\b"
            r"|\bQ1\s*(?:-|–|to|through)\s*Q4\b",
            re.IGNORECASE,
        ),
        lambda m: WHOLE_YEAR,
    ),
    (
        re.compile(
            rf"(?:第)?(?P<a>{_QUARTER})(?:季度)?\s*(?:至|到|-|–|—|~|、)\s*(?:第)?(?P<b>{_QUARTER})"
            rf"季度?{_NOT_END}"
        ),
        lambda m: _quarters(m["a"], m["b"]),
    ),
    (
        re.compile(r"(?:\b|(?<=\d))Q(?P<a>[1-4])\s*(?:-|–|to|through)\s*Q(?P<b>[1-4])\b"),
        lambda m: _quarters(m["a"], m["b"]),
    ),
    (
        re.compile(
            rf"前(?P<n>[一二两三1-3])个?季度?{_NOT_END}"
            # "the past three quarters", "over the three quarters": reports count the
            # quarters of the year so far, from January
            r"|\b(?:first|past|the) (?P<en>two|three|2|3) quarters\b",
            re.IGNORECASE,
        ),
        lambda m: _quarters("1", m["n"] or m["en"]),
    ),
    (
        re.compile(
            rf"(?P<zh>[上下])半年{_NOT_END}"
            r"|\b(?P<en>[Ff]irst|[Ss]econd)[- ]half\b(?!\s+of\s+the\s+(?:decade|century))"
            # H1 / H2 only beside a year ('H2 refuelling stations' is hydrogen)
            r"|(?<=\d)H(?P<h>[12])\b|\bH(?P<hy>[12])(?=\s*(?:19|20)\d{2}\b)",
        ),
        lambda m: (
            (1, 6)
            if m["zh"] == "上" or (m["en"] or "").lower() == "first" or "1" in (m["h"], m["hy"])
            else (7, 12)
        ),
    ),
    (
        re.compile(
            rf"(?:第)?(?P<zh>{_QUARTER})季度{_NOT_END}"
            r"|\b(?P<en>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b",
            re.IGNORECASE,
        ),
        lambda m: _quarters(m["zh"] or m["en"], m["zh"] or m["en"]),
    ),
    (
        # Q3 only beside a year or after in/the ('Q3 Tower' is a name)
        re.compile(
            r"(?:(?<=\d)|(?<=年)|(?<=\bin ))Q(?P<q>[1-4])\b"
            r"|\bQ(?P<before>[1-4])(?=\s*(?:19|20)\d{2}\b)"
        ),
        lambda m: _quarters(m["q"] or m["before"], m["q"] or m["before"]),
    ),
    (
        re.compile(
            rf"(?P<a>{_MONTH})\s*月?份?\s*(?:-|–|—|~|至|到)\s*(?P<b>{_MONTH})\s*月"
            rf"|前(?P<n>{_MONTH})个月"
            # "the past nine months", "the nine-month period": the months of the year so
            # far, as reports of a year's running totals count them
            r"|\b(?:first|past) (?P<en>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten"
            r"|eleven) months\b"
            r"|\b(?P<en2>two|three|four|five|six|seven|eight|nine|ten|eleven)-month period\b",
            re.IGNORECASE,
        ),
        lambda m: (
            (_number(m["a"]), _number(m["b"]))
            if m["a"]
            else (1, _number(m["n"] or m["en"] or m["en2"]))
        ),
    ),
    (
        re.compile(
            rf"\b(?P<a>{_EN_MONTH})\s*(?:-|–|to|through)\s*(?P<b>{_EN_MONTH})(?![a-z])",
            re.IGNORECASE,
        ),
        lambda m: (_en_month(m["a"]), _en_month(m["b"])),
    ),
]

#: words that make a phrase a comparison base or another year's, not the figure's period
_COMPARED = re.compile(
    r"(?:(?:比|较|同比|环比)(?:上年|去年)?(?:同期)?|上|去)\s*$"
    r"|\b(?:than|compared (?:with|to))(?: in)?(?: the)?\s*$",
    re.IGNORECASE,
)
_INTRODUCED = re.compile(r"\b(?:in|during|for|over)(?: the)?\s+$", re.IGNORECASE)


def _phrases(words: str) -> list[tuple[int, int, Months]]:
    """Every part-of-year phrase in the words, with where it stands; a phrase inside a
    longer one (三季度 in 一至三季度) and a comparison base are left out."""
    found: list[tuple[int, int, Months]] = []
    for pattern, months_of in _RULES:
        for match in pattern.finditer(words):
            start, end = match.span()
            if any(s <= start and end <= e for s, e, _ in found):
                continue
            if _COMPARED.search(words[max(0, start - 16) : start]):
                continue
            first, last = months_of(match)
            if 1 <= first <= last <= 12:
                found.append((start, end, (first, last)))
    return sorted(found)


def part_of_year(words: str, *, first: bool = False, trailing: bool = False) -> Months | None:
    """The months that the words beside a figure give its period: the nearest phrase
    before it (or, with `first`, the phrase that opens the sentence), or with `trailing`
    the first phrase after it introduced by in / during / for / over the ("5.1 percent
    in the first three quarters"). 全年, 年末 and "full year" give the whole year."""
    phrases = _phrases(words)
    if trailing:
        phrases = [p for p in phrases if _INTRODUCED.search(words[: p[0]])]
        return phrases[0][2] if phrases else None
    if not phrases:
        return None
    return phrases[0][2] if first else phrases[-1][2]


def within_year(period: str, months: Months | None) -> str:
    """A period narrowed to some months of its year ('2023' and (1, 9) -> '2023Q1-Q3';
    a '2023H1' carried from the sentence before and (1, 9) -> '2023Q1-Q3'), or widened
    back to the year by the whole year (全年 after a half-year context). Spans,
    undated and unparseable periods are left as they are."""
    if months is None or kind_of(period) not in ("year", *PARTS_OF_YEAR):
        return period
    year = period[:4]
    if months == WHOLE_YEAR:
        return year
    first, last = months
    text = f"{year}-{first:02d}" if first == last else f"{year}-{first:02d}/{year}-{last:02d}"
    narrowed = parse_period(text)
    return narrowed.text if narrowed else period


def is_within_year(period: str | None) -> bool:
    """A half, a quarter or another stretch of one year (not a year, a span or a date)."""
    return kind_of(period) in PARTS_OF_YEAR
