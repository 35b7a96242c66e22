"""Periods in a text: explicit years, relative ones ("last year", 去年, 过去一年) read
from the text's date, five-year-plan spans (十四五 -> 2021-2025), and the header line
`# source: URL | title | date` that texts in the project's corpora carry."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zonemetrics.ingest.periods import parse_period

HEADER = re.compile(r"^#\s*source:\s*(?P<url>\S*)\s*\|\s*(?P<title>.*?)\s*\|\s*(?P<date>[\d-]+)")
_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")

YEAR_EN = re.compile(
    r"\b(?:in|for|during|of|by|since|from|to|end of|as of)\s+(?:the\s+year\s+)?((?:19|20)\d{2})\b"
    r"|^((?:19|20)\d{2})\b|,\s*((?:19|20)\d{2})\s*(?:,|$)"
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
TARGET = re.compile(
    r"\bby (20\d{2})\b|到(20\d{2})年|(20\d{2})年前(?![一二两三四五六七八九十\d]+个?(?:季度|月))",
    re.IGNORECASE,
)

_ZH_ORDINAL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_EN_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3}
_EN_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_EN_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_EN_COUNT |= {"nine": 9, "ten": 10, "eleven": 11}
PART_OF_YEAR = re.compile(
    r"(?P<full>全年|年末|年底|\bfull[- ]year\b|\bthe whole year\b|\bfor the year as a whole\b"
    r"|\byear[- ]end\b|\bend of the year\b)"
    r"|(?P<q_upto>前(?P<q_n>[一二三两1-3])个?季度|first (?P<q_en>two|three) quarters)"
    r"|(?P<half>(?P<half_zh>[上下])半年|(?P<half_en>first|second) half)"
    r"|(?P<quarter>(?:第)?(?P<q_zh>[一二三四1-4])季度|(?P<q_word>first|second|third|fourth|1st|2nd|3rd)"
    r" quarter|\bQ(?P<q_code>[1-4])\b)"
    r"|(?P<months>(?P<m_from>1[0-2]|0?[1-9])\s*(?:-|–|—|~|至|到)\s*(?P<m_to>1[0-2]|0?[1-9])月"
    r"|前(?P<m_n>[2-9]|1[01]|[二两三四五六七八九十]|十一)个月"
    r"|first (?P<m_en>two|three|four|five|six|seven|eight|nine|ten|eleven) months"
    rf"|(?P<m_en_from>{_EN_MONTHS})\s*(?:-|–|to|through)\s*(?P<m_en_to>{_EN_MONTHS}))",
    re.IGNORECASE,
)
_ZH_COUNT = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_COUNT |= {"十": 10, "十一": 11}


WHOLE_YEAR = (1, 12)


def _months(match: re.Match[str]) -> tuple[int, int] | None:
    """The first and last month a part-of-year phrase names (前三季度 -> (1, 9); 全年,
    年末 and "year-end" -> (1, 12), which undo an earlier part)."""
    g = match.groupdict()
    if g["full"]:
        return WHOLE_YEAR
    if g["q_upto"]:
        return 1, 3 * (_ZH_ORDINAL.get(g["q_n"] or "") or _EN_COUNT[(g["q_en"] or "").lower()])
    if g["half"]:
        first = g["half_zh"] == "上" or (g["half_en"] or "").lower() == "first"
        return (1, 6) if first else (7, 12)
    if g["quarter"]:
        word = (g["q_word"] or "").lower()
        q = _ZH_ORDINAL.get(g["q_zh"] or "") or _EN_ORDINAL.get(word) or int(g["q_code"])
        return 3 * q - 2, 3 * q
    if g["m_en_from"]:
        names = _EN_MONTHS.split("|")
        return names.index(g["m_en_from"].lower()) + 1, names.index(g["m_en_to"].lower()) + 1
    if g["m_from"]:
        return int(g["m_from"]), int(g["m_to"])
    count = g["m_n"] or g["m_en"]
    last = int(count) if count.isdigit() else (_ZH_COUNT.get(count) or _EN_COUNT[count.lower()])
    return 1, last


_TRAILING = re.compile(r"\b(?:in|during|for|over) the\s+$", re.IGNORECASE)


def part_of_year(words: str, trailing: bool = False) -> tuple[int, int] | None:
    """The months of a year that the words before a figure speak of, if any: those of
    the last part-of-year phrase in them (the whole year for 全年 / 年末). With
    `trailing`, the words come after the figure ("... 5.1 percent in the first three
    quarters") and only a phrase introduced by in/during/for/over the counts."""
    last = None
    for match in PART_OF_YEAR.finditer(words):
        if not trailing or _TRAILING.search(words[: match.start()]):
            last = match
    return _months(last) if last else None


def within_year(year: str, months: tuple[int, int] | None) -> str:
    """A year narrowed to some of its months, in the ledger's period form ('2023' and
    (1, 9) -> '2023Q1-Q3'; (1, 6) -> '2023H1'; (1, 2) -> '2023-01/2023-02'), or a part
    of a year carried from an earlier sentence widened back to the year by 全年 / 年末."""
    if months is None or not year[:4].isdigit():
        return year
    if months == WHOLE_YEAR:
        parsed = parse_period(year)
        within = parsed is not None and parsed.kind in ("half", "quarter", "part_year")
        return year[:4] if within else year
    if not re.fullmatch(r"\d{4}", year):
        return year
    first, last = months
    parsed = parse_period(f"{year}-{first:02d}/{year}-{last:02d}")
    return parsed.text if parsed else year


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
