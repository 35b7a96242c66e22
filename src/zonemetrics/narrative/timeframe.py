"""Periods in a text: explicit years, relative ones ("last year", 去年, 过去一年) read
from the text's date, five-year-plan spans (十四五 -> 2021-2025), and the header line
`# source: URL | title | date` that texts in the project's corpora carry."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADER = re.compile(r"^#\s*source:\s*(?P<url>\S*)\s*\|\s*(?P<title>.*?)\s*\|\s*(?P<date>[\d-]+)")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")

YEAR_EN = re.compile(
    r"\b(?:in|for|during|of|by|since|from|to|end of|as of)\s+(?:the\s+year\s+)?((?:19|20)\d{2})\b"
    r"|^((?:19|20)\d{2})\b|,\s*((?:19|20)\d{2})\s*(?:,|$)"
    r"|\b(?:Q[1-4](?:\s*[-–]\s*Q[1-4])?|H[12])\s+((?:19|20)\d{2})\b"
    r"|\b((?:19|20)\d{2})(?=Q[1-4]|H[12]\b)"
    r"|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+((?:19|20)\d{2})\b"
    r"|\b(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december)\s+((?:19|20)\d{2})\b",
    re.IGNORECASE,
)
YEAR_ZH = re.compile(r"((?:19|20)\d{2})年(?!度目标)")
SPAN = re.compile(
    r"(?:(?<=between )((?:19|20)\d{2})\s+and\s+|((?:19|20)\d{2})\s*(?:-|–|—|至|到|to)\s*)"
    r"((?:19|20)\d{2})年?",
    re.IGNORECASE,
)
LAST_YEAR = re.compile(r"\blast year\b|\bthe previous year\b|去年|过去一年|上一年", re.IGNORECASE)
THIS_YEAR = re.compile(r"\bthis year\b|今年|本年", re.IGNORECASE)
PLAN_14 = re.compile(r"十四五|14th Five-Year Plan", re.IGNORECASE)
PLAN_13 = re.compile(r"十三五|13th Five-Year Plan", re.IGNORECASE)
CUMULATIVE_SINCE = re.compile(r"截至((?:19|20)\d{2})年底?")
NEAR_YEARS = re.compile(r"近(\d+|[一二三四五六七八九十])年")
PRESENT = re.compile(
    r"目前|截至目前|现有"
    r"|\b(?:currently|now|as of now|hosts|is home to|boasts|houses"
    r"|has a (?:permanent |resident |registered )?population)\b",
    re.IGNORECASE,
)
#: words that carry the period of the sentence before ("in the same period", 同期)
SAME_PERIOD = re.compile(r"同期|同年|当年|\b(?:in the same period|the same year|that year)\b", re.I)
TARGET = re.compile(
    r"\bby (20\d{2})\b|到(20\d{2})年|(20\d{2})年前(?![一二两三四五六七八九十\d]+个?(?:季度|月))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TextInfo:
    """What a text says about itself: where it comes from and when it was written."""

    url: str | None = None
    title: str | None = None
    date: str | None = None  # ISO date or month

    @property
    def year(self) -> int | None:
        match = _DATE.match(self.date or "")
        return int(match.group(1)) if match else None


def split_header(text: str) -> tuple[TextInfo, str]:
    """Read the optional `# source: URL | title | date` line; return the rest as the body."""
    first, _, rest = text.partition("\n")
    match = HEADER.match(first.strip())
    if not match:
        return TextInfo(), text
    return TextInfo(match["url"] or None, match["title"] or None, match["date"] or None), rest


#: a five-year plan named by its ordinal: 十三五, "the 13th Five-Year Plan"
PLAN = re.compile(
    r"(?P<zh>[十]?[一二三四五六七八九十])五(?:”|\")?(?:规划)?(?:期间|时期|以来|末)?"
    r"|(?P<en>\d{1,2})(?:st|nd|rd|th)\s+Five-Year\s+Plan",
    re.IGNORECASE,
)
_ZH_ORDINAL = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
#: a year that is only what a figure is compared with: 较2015年, 比2019年, 是2018年的,
#: "than (in) 2019", "compared with 2020", "the 2015 level"
BASE_BEFORE = re.compile(
    r"(?:较|比|相比|与|同比|相较|对比)\s*$|是\s*$"
    r"|\b(?:than|compared (?:with|to)|versus|vs\.?|over|against)(?:\s+(?:that\s+of|in|the))?\s*$",
    re.IGNORECASE,
)
BASE_AFTER = re.compile(r"^\s*(?:年末|年底|年)?的|^\s*(?:年)?(?:相比|比较)|^\s*levels?\b", re.I)


def plan_span(ordinal: int) -> str | None:
    """The years of the N-th five-year plan (the 3rd began in 1966, each runs five)."""
    if ordinal < 3:
        return None
    first = 1966 + 5 * (ordinal - 3)
    return f"{first}-{first + 4}"


def _plan_ordinal(m: re.Match[str]) -> int | None:
    if m["en"]:
        return int(m["en"])
    text = m["zh"]
    if text.startswith("十"):
        return 10 + _ZH_ORDINAL.get(text[1:], 0) if len(text) > 1 else 10
    return _ZH_ORDINAL.get(text)


def is_base(sentence: str, start: int, end: int) -> bool:
    """Whether the year at sentence[start:end] is a comparison base, not a period."""
    return (
        bool(BASE_BEFORE.search(sentence[max(0, start - 16) : start]))
        or bool(
            re.match(r"^年?的(?!\s*\d)", sentence[end : end + 3])
            and re.search(r"是\s*$|为\s*$", sentence[max(0, start - 3) : start])
        )
        or bool(re.match(r"^\s*levels?\b", sentence[end:], re.I))
    )


def years_in(sentence: str) -> list[tuple[int, str]]:
    """Every explicit period in a sentence with its position: years, ranges kept whole
    (2016-2020年 -> '2016-2020') and five-year plans (十三五 -> '2016-2020'); a year
    that is only a comparison base (较2015年, "than in 2019") is left out."""
    out: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for m in SPAN.finditer(sentence):
        first, last = m.group(1) or m.group(2), m.group(3)
        if int(last) > int(first):
            out.append((m.start(), f"{first}-{last}"))
            covered.append((m.start(), m.end()))
    for m in PLAN.finditer(sentence):
        ordinal = _plan_ordinal(m)
        span = plan_span(ordinal) if ordinal else None
        if span and not re.search(r"[一二三四五六七八九十]$", sentence[: m.start()]):
            out.append((m.start(), span))
            covered.append((m.start(), m.end()))
    for pattern in (YEAR_ZH, YEAR_EN):
        for m in pattern.finditer(sentence):
            index = next(i for i, g in enumerate(m.groups(), start=1) if g)
            at, end = m.start(index), m.end(index)
            if any(s <= at < e for s, e in covered) or is_base(sentence, at, end):
                continue
            out.append((m.start(), m.group(index)))
    return sorted(set(out))


def relative_period(sentence: str, text_year: int | None) -> str | None:
    """ "last year" / 过去一年 from the text's year; None when the text has no date."""
    if text_year is None:
        return None
    if LAST_YEAR.search(sentence):
        return str(text_year - 1)
    if THIS_YEAR.search(sentence):
        return str(text_year)
    return None
