"""Checks every text cell must pass whatever its column: characters and dates.

A NUL or a terminal escape in a zone name breaks exports and rewrites a user's
terminal; a date such as 2023-02-30 matches a pattern but names no day. Both are
refused at the door, with the cell named, instead of surfacing later.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

#: line breaks and tabs are ordinary in free text (a note copied from a document);
#: every other control character (C0, DEL, C1: NUL, ESC sequences, BEL ...) is not
_ALLOWED_CONTROLS = frozenset("\t\n\r")


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """The first control or format-breaking character of a cell, as U+XXXX, or None."""
    if text.isascii():  # the common case, one regular-expression scan
        found = _ASCII_CONTROL.search(text)
        return f"U+{ord(found.group()):04X}" if found else None
    for char in text:
        if char in _ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(char)
        # Cc: C0/C1 controls; Cs: lone surrogates (undecodable bytes smuggled through);
        # Co/Cn: private-use and unassigned code points, which no source text contains
        if category in ("Cc", "Cs", "Co", "Cn"):
            return f"U+{ord(char):04X}"
    return None


#: years a source, an approval or an access date can plausibly carry
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def calendar_date_problem(text: str) -> str | None:
    """Why a YYYY, YYYY-MM or YYYY-MM-DD cell is not a real date, or None when it is."""
    parts = text.split("-")
    if not (
        1 <= len(parts) <= 3
        and len(parts[0]) == 4
        and all(p.isascii() and p.isdigit() for p in parts)
        and all(len(p) == 2 for p in parts[1:])
    ):
        return f"'{text}' is not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(p) for p in parts + ["01"] * (3 - len(parts)))
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return f"'{text}': year {year} is outside {EARLIEST_YEAR}-{LATEST_YEAR}"
    try:
        date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            return f"'{text}': there is no month {month}"
        return f"'{text}' is not a calendar date (month {month} has no day {day})"
    return None
