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
SPAN = re.compile(r"((?:19|20)\d{2})\s*(?:-|–|—|至|到|to)\s*((?:19|20)\d{2})年?")
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


def years_in(sentence: str) -> list[tuple[int, str]]:
    """Every explicit year in a sentence with its position."""
    out = []
    for pattern in (YEAR_ZH, YEAR_EN):
        for m in pattern.finditer(sentence):
            year = next(g for g in m.groups() if g)
            out.append((m.start(), year))
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
