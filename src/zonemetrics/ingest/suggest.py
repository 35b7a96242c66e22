"""'Did you mean ...?': the closest known names to what a user typed.

A user who types `xiangjian`, `gdp_grwoth` or `亿园` should be told the name they
probably meant, not only that theirs is unknown. rapidfuzz does the scoring (a
maintained C++ implementation of the edit-distance family); the cut-off keeps wild
guesses out of the message.
"""

from __future__ import annotations

from collections.abc import Iterable

#: similarity (0-100, rapidfuzz's WRatio) below which a name is not offered
CUTOFF = 70


def closest(typed: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Up to `limit` known names closest to `typed`, best first."""
    from rapidfuzz import fuzz, process, utils

    choices = sorted(set(known))
    if not typed.strip() or not choices:
        return []
    found = process.extract(
        typed,
        choices,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=CUTOFF,
    )
    return [name for name, _score, _index in found]


def did_you_mean(typed: str, known: Iterable[str], limit: int = 3) -> str:
    """'; did you mean a, b?' or '' when nothing is close."""
    names = closest(typed, known, limit)
    return f"; did you mean {', '.join(names)}?" if names else ""
