"""Numbers as each language writes them: "450 billion yuan", "4500亿元", "1.53 trillion
yuan", "1.05万亿元", "$22.22 billion", "2.5万家", "8.8%", "above 5%" / "超过5%".

Rounding is to four significant digits at most, so a value keeps the precision its
sources gave without inventing more.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any


def sig(value: float, digits: int = 4) -> str:
    """A number with at most `digits` significant digits, no trailing zeros."""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, digits - 1 - magnitude)
    text = f"{round(value, decimals):.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grouped(value: float) -> str:
    text = sig(value)
    if "." in text:
        whole, frac = text.split(".")
        return f"{int(whole):,}.{frac}"
    return f"{int(float(text)):,}"


def amount_en(value: float, unit: str | None) -> str:
    if unit == "CNY":
        for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= scale:
                return f"{sig(value / scale)} {word} yuan"
        return f"{_grouped(value)} yuan"
    if unit == "USD":
        for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if abs(value) >= scale:
                return f"${sig(value / scale)} {word}"
        return f"${_grouped(value)}"
    if unit in ("%", "percent"):
        return f"{sig(value, 3)}%"
    if unit == "pp":
        return f"{sig(value, 3)} percentage points"
    if unit == "km2":
        return f"{_grouped(value)} km2"
    if unit == "persons":
        return f"{_grouped(value)} people"
    if unit in ("CNY/USD",):
        return f"{sig(value, 5)} yuan per dollar"
    return _grouped(value)


def amount_zh(value: float, unit: str | None, counter: str = "家") -> str:
    if unit == "CNY":
        if abs(value) >= 1e12:
            return f"{sig(value / 1e12)}万亿元"
        if abs(value) >= 1e8:
            return f"{sig(value / 1e8, 5)}亿元"
        if abs(value) >= 1e4:
            return f"{sig(value / 1e4)}万元"
        return f"{sig(value)}元"
    if unit == "USD":
        if abs(value) >= 1e8:
            return f"{sig(value / 1e8, 5)}亿美元"
        return f"{sig(value)}美元"
    if unit in ("%", "percent"):
        return f"{sig(value, 3)}%"
    if unit == "pp":
        return f"{sig(value, 3)}个百分点"
    if unit == "km2":
        return f"{sig(value, 5)}平方公里"
    if unit == "persons":
        return f"{sig(value / 1e4)}万人" if abs(value) >= 1e4 else f"{sig(value)}人"
    if unit in ("CNY/USD",):
        return f"{sig(value, 5)}元/美元"
    if abs(value) >= 1e4:
        return f"{sig(value / 1e4)}万{counter}"
    return f"{sig(value)}{counter}"


def amount(value: float, unit: str | None, lang: str, counter: str = "家") -> str:
    return amount_zh(value, unit, counter) if lang == "zh" else amount_en(value, unit)


def base_unit(unit: str | None) -> str | None:
    """The claim unit of a ledger unit ('percent' -> '%', 'count' -> 'count')."""
    return {"percent": "%"}.get(unit or "", unit)


def describe_value(row: dict[str, Any], unit: str | None, lang: str = "en") -> str:
    """A value with its qualifier, as a reader would write it ('> 400 billion yuan')."""
    unit = base_unit(row.get("unit") or unit)
    value = row.get("value")
    if value is None:
        return "?"
    text = amount(value, unit, lang)
    qualifier = row.get("qualifier") or row.get("comparator")
    high = row.get("value_high")
    if qualifier in ("lower_bound", ">", ">=", "first_time_above"):
        return f"超过{text}" if lang == "zh" else f"above {text}"
    if qualifier in ("upper_bound", "<", "<="):
        return f"不到{text}" if lang == "zh" else f"below {text}"
    if qualifier == "band" and high is not None:
        return f"{text}–{amount(high, unit, lang)}"
    if qualifier in ("approx", "about"):
        return f"约{text}" if lang == "zh" else f"about {text}"
    return text


@dataclass(frozen=True)
class Phrase:
    """A sentence of the checker as a message key and its values, rendered in English or
    Chinese from the one catalogue (`web.messages`).

    Explanations are built once and rendered in both languages, so the English and the
    Chinese report can never give different reasons; values may themselves be phrases,
    `Words`, `Amount`s or lists of them."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        from zonemetrics.web.messages import text

        return text(self.key, lang, **{k: render(v, lang) for k, v in self.values.items()})


def say(key: str, **values: Any) -> Phrase:
    return Phrase(key, values)


@dataclass(frozen=True)
class Words:
    """A name with its words in each language (a zone's or an indicator's, from the
    registry); a missing Chinese name falls back to the English one."""

    en: str
    zh: str | None = None

    def render(self, lang: str) -> str:
        return (self.zh or self.en) if lang == "zh" else self.en


@dataclass(frozen=True)
class Amount:
    """A value the checker writes itself (not quoted from a source), in either language."""

    value: float | None
    unit: str | None
    qualifier: str | None = None
    value_high: float | None = None

    def render(self, lang: str) -> str:
        row = {"value": self.value, "qualifier": self.qualifier, "value_high": self.value_high}
        return describe_value(row, self.unit, lang)


@dataclass(frozen=True)
class Period:
    """A ledger period as a reader writes it: '2023', '2021-2025', '2024-03' in English;
    2023年, 2021-2025年, 2024年3月, 2024年12月31日 in Chinese (other forms, such as the
    ledger's parts of a year, as they are)."""

    period: str

    def render(self, lang: str) -> str:
        if lang != "zh":
            return self.period
        for pattern, form in _ZH_PERIODS:
            if match := pattern.fullmatch(self.period):
                return form.format(*(int(g) for g in match.groups()))
        return self.period


_ZH_PERIODS = (
    (re.compile(r"(\d{4})"), "{}年"),
    (re.compile(r"(\d{4})-(\d{4})"), "{}-{}年"),
    (re.compile(r"(\d{4})-(\d{2})"), "{}年{}月"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "{}年{}月{}日"),
)


@dataclass(frozen=True)
class Joined:
    """Items joined with the language's separator (`list_sep`, `clause_sep`, `or_sep`)."""

    items: tuple[Any, ...]
    separator: str = "list_sep"

    def render(self, lang: str) -> str:
        from zonemetrics.web.messages import text

        return text(self.separator, lang).join(render(item, lang) for item in self.items)


def joined(items: Any, separator: str = "list_sep") -> Joined:
    return Joined(tuple(items), separator)


def render(value: Any, lang: str) -> str:
    """Any piece of an explanation as text in `lang`: strings are quoted as they are (a
    source's own wording, an id), numbers as written, phrases in the language."""
    if isinstance(value, Phrase | Words | Amount | Joined | Period):
        return value.render(lang)
    if isinstance(value, list | tuple):
        return Joined(tuple(value)).render(lang)
    return "" if value is None else str(value)


def is_phrase(value: Any) -> bool:
    return isinstance(value, Phrase | Words | Amount | Joined | Period)


def tier_words(tier: str | None) -> Phrase:
    """A source tier in words ('major media' / 主流媒体)."""
    from zonemetrics.web.messages import MESSAGES

    return say(f"tier_{tier}" if f"tier_{tier}" in MESSAGES else "tier_unknown")


def verdict_words(verdict: str) -> Phrase:
    return say(f"verdict_{verdict}")


def cited_source(source_id: str | None, tier: str | None) -> Phrase:
    """A source as an explanation cites it: its id and its tier."""
    return say("cited_source", source=source_id or "", tier=tier_words(tier))
