"""Values as sources write them: exact, approximate, bounds and bands.

A bound stays a bound ('>5%' is not 5%), and every value keeps the rounding its
writer used, so that later comparisons can tell a real conflict (1602.5 vs 1063)
from the same figure written twice at different precision (5003.38 vs 5003.4).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zonemetrics.ingest.units import Unit

_MAGNITUDES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MAG = r"(?:万亿|亿|万|千)?"
_BAND = re.compile(rf"^({_NUMBER}){_MAG}\s*(?:-|~|～|–|—|至|到)\s*({_NUMBER})({_MAG})$")
_SINGLE = re.compile(rf"^({_NUMBER})({_MAG})$")

_LOWER_PREFIX = {
    ">": False,
    "＞": False,
    "超过": False,
    "逾": False,
    "over ": False,
    "more than ": False,
    "above ": False,
    ">=": True,
    "≥": True,
    "不低于": True,
    "至少": True,
    "at least ": True,
}
_UPPER_PREFIX = {
    "<": False,
    "＜": False,
    "不到": False,
    "below ": False,
    "less than ": False,
    "<=": True,
    "≤": True,
    "不超过": True,
    "at most ": True,
}
_APPROX_PREFIX = ("约", "~", "～", "about ", "around ", "approx. ", "nearly ", "近")
_LOWER_SUFFIX = ("以上", "多")
_UPPER_SUFFIX = ("以下", "以内")
_APPROX_SUFFIX = ("左右",)


@dataclass(frozen=True)
class ParsedValue:
    value: float
    value_high: float | None
    qualifier: str  # exact | approx | lower_bound | upper_bound | band
    inclusive: bool | None
    rounding: float  # half the last written digit, in the written unit


def _number(text: str) -> tuple[float, float]:
    """A number and its rounding half-width (0.05 for '4282.3', 50 for '4500')."""
    digits = text.replace(",", "")
    value = float(digits)  # a 400-digit number is inf here, refused by the limits
    if "." in digits:
        decimals = len(digits.split(".")[1])
        return value, 0.5 * 10.0 ** (-min(decimals, 300))
    trailing_zeros = len(digits) - len(digits.rstrip("0")) if value != 0 else 0
    # 10.0 ** 400 raises OverflowError; a rounding that large is infinite anyway
    return value, 0.5 * 10.0 ** min(trailing_zeros, 308)


def _strip_any(text: str, options, at_start: bool) -> tuple[str, str | None]:
    for option in sorted(options, key=len, reverse=True):
        if at_start and text.casefold().startswith(option):
            return text[len(option) :].strip(), option
        if not at_start and text.endswith(option):
            return text[: -len(option)].strip(), option
    return text, None


def parse_value(text: str) -> ParsedValue | None:
    """Parse a cell; None when it is not a value (the caller reports the cell)."""
    raw = text.strip().replace("，", ",").replace("％", "")
    if not raw:
        return None
    plain = _SINGLE.match(raw)
    if plain:  # the common case, a bare number: no qualifier words to look for
        number, rounding = _number(plain.group(1))
        scale = _MAGNITUDES.get(plain.group(2), 1.0)
        return ParsedValue(number * scale, None, "exact", None, rounding * scale)
    qualifier, inclusive = "exact", None
    rest, found = _strip_any(raw, _LOWER_PREFIX, at_start=True)
    if found is not None:
        qualifier, inclusive = "lower_bound", _LOWER_PREFIX[found]
    else:
        rest, found = _strip_any(raw, _UPPER_PREFIX, at_start=True)
        if found is not None:
            qualifier, inclusive = "upper_bound", _UPPER_PREFIX[found]
        else:
            rest, found = _strip_any(raw, _APPROX_PREFIX, at_start=True)
            if found is not None:
                qualifier = "approx"
    if qualifier == "exact":
        rest, found = _strip_any(rest, _LOWER_SUFFIX, at_start=False)
        if found is not None:
            qualifier, inclusive = "lower_bound", False
        else:
            rest, found = _strip_any(rest, _UPPER_SUFFIX, at_start=False)
            if found is not None:
                qualifier, inclusive = "upper_bound", False
            else:
                rest, found = _strip_any(rest, _APPROX_SUFFIX, at_start=False)
                if found is not None:
                    qualifier = "approx"
    rest = rest.strip()
    single = _SINGLE.match(rest)
    if single:
        number, rounding = _number(single.group(1))
        scale = _MAGNITUDES.get(single.group(2), 1.0)
        if qualifier in ("lower_bound", "upper_bound"):
            rounding = 0.0  # a bound's number is the threshold itself: '>40' is above 40
        return ParsedValue(number * scale, None, qualifier, inclusive, rounding * scale)
    band = _BAND.match(rest)
    if band and qualifier == "exact":
        low, low_round = _number(band.group(1))
        high, high_round = _number(band.group(2))
        scale = _MAGNITUDES.get(band.group(3), 1.0)
        if low > high:
            return None
        return ParsedValue(
            low * scale, high * scale, "band", None, max(low_round, high_round) * scale
        )
    return None


@cache
def value_limits() -> dict[str, dict[str, object]]:
    """The hard range of each base unit (data/catalog/value_limits.yaml)."""
    import yaml

    text = (files("zonemetrics") / "data" / "catalog" / "value_limits.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _shown(number: float) -> str:
    return f"{number:,.6g}"


def value_limit_problem(value: ParsedValue, unit: Unit) -> str | None:
    """Why a parsed value in its unit cannot be a real figure, or None.

    Checked after the unit's multiplier, so `1e300` 亿元 is caught even though 1e300 is
    a finite float: every figure must be finite and inside its base unit's stated range.
    """
    numbers = [value.value * unit.multiplier]
    if value.value_high is not None:
        numbers.append(value.value_high * unit.multiplier)
    if any(not math.isfinite(n) for n in numbers) or not math.isfinite(
        value.rounding * unit.multiplier
    ):
        return "the number is too large to be a figure (it overflows a 64-bit float)"
    limit = value_limits().get(unit.base)
    if limit is None:
        return None
    low, high = float(limit["min"]), float(limit["max"])
    for number in numbers:
        if not low <= number <= high:
            return (
                f"{_shown(number)} {unit.base} is outside the range {_shown(low)} to "
                f"{_shown(high)} {unit.base}: {' '.join(str(limit['reason']).split())}"
            )
    return None
