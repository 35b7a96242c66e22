"""Periods as the ledger understands them: years, parts of a year, dates, spans.

Kept as text (what the source says) plus a kind and a year range, so that rankings
can refuse to compare a 2023 value with a 2021-2025 total, and a first-three-quarters
GDP (the figure bulletins publish in October) is never taken for the year's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@dataclass(frozen=True)
class Period:
    text: str
    kind: str  # year | half | quarter | part_year | month | date | span | uncertain | undated
    start_year: int | None
    end_year: int | None
    months: tuple[int, int] | None = None  # first and last month, for a part of a year


#: the kinds that hold part of one year's flow (a quarter, a half, the first three quarters)
PARTS_OF_YEAR = ("quarter", "half", "part_year")


def kind_of(text: str | None) -> str | None:
    """The kind of a period written in one of the ledger's forms; None otherwise."""
    parsed = parse_period(text) if text else None
    return parsed.kind if parsed else None


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})\s*Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})\s*H([12])$", re.IGNORECASE)
_QUARTERS = re.compile(r"^(\d{4})\s*Q([1-4])\s*-\s*Q([1-4])$", re.IGNORECASE)
_MONTHS = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SPAN = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_UNCERTAIN = re.compile(r"^(\d{4})\s*/\s*(\d{2}|\d{4})$")


def _plausible(year: int) -> bool:
    return 1949 <= year <= 2100


def _quarters(year: int, first: int, last: int) -> Period:
    """One form for each stretch of quarters, so that sources that write 1-6月, 上半年
    and Q1-Q2 state the same period."""
    months = (3 * first - 2, 3 * last)
    if first == last:
        return Period(f"{year}Q{first}", "quarter", year, year, months)
    if (first, last) in ((1, 2), (3, 4)):
        return Period(f"{year}H{1 if first == 1 else 2}", "half", year, year, months)
    return Period(f"{year}Q{first}-Q{last}", "part_year", year, year, months)


_CHINESE_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

#: periods as people write them, rewritten to the ledger's forms. China's fiscal year is
#: the calendar year, so FY2024 is 2024; 年度 (annual) is the year too.
_WRITTEN_FORMS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"^(\d{4})\s*年(?:度|全年)?$"), lambda m: m.group(1)),
    (re.compile(r"^FY\s*(\d{4})$", re.IGNORECASE), lambda m: m.group(1)),
    (re.compile(r"^(\d{4})\s*年?\s*上半年$"), lambda m: f"{m.group(1)}H1"),
    (re.compile(r"^(\d{4})\s*年?\s*下半年$"), lambda m: f"{m.group(1)}H2"),
    (re.compile(r"^(\d{4})\s*年?\s*前三季度$"), lambda m: f"{m.group(1)}Q1-Q3"),
    (
        re.compile(r"^(\d{4})\s*年?\s*第?([一二三四1-4])季度$"),
        lambda m: f"{m.group(1)}Q{_CHINESE_QUARTER[m.group(2)]}",
    ),
    (
        re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$"),
        lambda m: f"{m.group(1)}-{int(m.group(2)):02d}",
    ),
]


def _as_ledger_form(raw: str) -> str:
    for pattern, rewrite in _WRITTEN_FORMS:
        if match := pattern.match(raw):
            return rewrite(match)  # type: ignore[operator]
    return raw


@lru_cache(maxsize=65536)  # a file repeats a few hundred period spellings
def parse_period(text: str) -> Period | None:
    """Parse a period cell; None when it is not one of the documented forms."""
    raw = _as_ledger_form(text.strip())
    if not raw:
        return Period("", "undated", None, None)
    if match := _YEAR.match(raw):
        year = int(match.group(1))
        return Period(raw, "year", year, year) if _plausible(year) else None
    if match := _QUARTER.match(raw):
        quarter = int(match.group(2))
        return _quarters(int(match.group(1)), quarter, quarter)
    if match := _HALF.match(raw):
        half = int(match.group(2))
        return _quarters(int(match.group(1)), 2 * half - 1, 2 * half)
    if match := _QUARTERS.match(raw):
        year, first, last = int(match.group(1)), int(match.group(2)), int(match.group(3))
        return _quarters(year, first, last) if first < last and (first, last) != (1, 4) else None
    if match := _MONTHS.match(raw):
        year, first, until, last = (int(g) for g in match.groups())
        if year != until or not 1 <= first < last <= 12 or (first, last) == (1, 12):
            return None
        if first % 3 == 1 and last % 3 == 0:  # 1-9月 is the first three quarters
            return _quarters(year, (first + 2) // 3, last // 3)
        return Period(
            f"{year}-{first:02d}/{year}-{last:02d}", "part_year", year, year, (first, last)
        )
    if match := _MONTH.match(raw):
        year, month = int(match.group(1)), int(match.group(2))
        return Period(raw, "month", year, year) if 1 <= month <= 12 else None
    if match := _DATE.match(raw):
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
        return Period(raw, "date", day.year, day.year)
    if match := _SPAN.match(raw):
        start, end = int(match.group(1)), int(match.group(2))
        if start >= end or not (_plausible(start) and _plausible(end)):
            return None
        return Period(f"{start}-{end}", "span", start, end)
    if match := _UNCERTAIN.match(raw):
        start = int(match.group(1))
        tail = match.group(2)
        end = int(str(start)[:2] + tail) if len(tail) == 2 else int(tail)
        if end <= start:
            return None
        return Period(f"{start}/{end}", "uncertain", start, end)
    return None
