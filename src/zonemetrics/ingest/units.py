"""Units as sources write them, mapped to a base unit and a multiplier.

A small explicit table rather than a general units library: statistical sources use
a few dozen spellings, and each mapping here is one a reviewer can check at a glance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Unit:
    base: str
    multiplier: float


_COUNT_WORDS = [
    "家",
    "个",
    "项",
    "户",
    "firms",
    "firm",
    "enterprises",
    "enterprise",
    "companies",
    "company",
    "platforms",
    "platform",
    "labs",
    "lab",
    "centres",
    "centers",
    "centre",
    "center",
    "chains",
    "chain",
    "clusters",
    "cluster",
    "projects",
    "project",
    "entities",
    "entity",
    "patents",
    "patent",
    "count",
    "institutions",
]

_TABLE: dict[str, Unit] = {
    "元": Unit("CNY", 1),
    "yuan": Unit("CNY", 1),
    "cny": Unit("CNY", 1),
    "万元": Unit("CNY", 1e4),
    "10k yuan": Unit("CNY", 1e4),
    "亿元": Unit("CNY", 1e8),
    "100m yuan": Unit("CNY", 1e8),
    "100 million yuan": Unit("CNY", 1e8),
    "million yuan": Unit("CNY", 1e6),
    "billion yuan": Unit("CNY", 1e9),
    "bn yuan": Unit("CNY", 1e9),
    "cny bn": Unit("CNY", 1e9),
    "万亿元": Unit("CNY", 1e12),
    "trillion yuan": Unit("CNY", 1e12),
    "美元": Unit("USD", 1),
    "usd": Unit("USD", 1),
    "us$": Unit("USD", 1),
    "亿美元": Unit("USD", 1e8),
    "million dollars": Unit("USD", 1e6),
    "billion dollars": Unit("USD", 1e9),
    "usd bn": Unit("USD", 1e9),
    "%": Unit("percent", 1),
    "percent": Unit("percent", 1),
    "百分比": Unit("percent", 1),
    "‰": Unit("percent", 0.1),
    "per mille": Unit("percent", 0.1),
    "万家": Unit("count", 1e4),
    "万户": Unit("count", 1e4),
    "10k entities": Unit("count", 1e4),
    "人": Unit("persons", 1),
    "persons": Unit("persons", 1),
    "万人": Unit("persons", 1e4),
    "10k persons": Unit("persons", 1e4),
    "people": Unit("persons", 1),
    "residents": Unit("persons", 1),
    "million people": Unit("persons", 1e6),
    "million persons": Unit("persons", 1e6),
    "million residents": Unit("persons", 1e6),
    "km2": Unit("km2", 1),
    "平方公里": Unit("km2", 1),
    "平方千米": Unit("km2", 1),
    "sq km": Unit("km2", 1),
    "square kilometers": Unit("km2", 1),
    "square kilometres": Unit("km2", 1),
    # hectares (the development-zone catalogue's 公顷): 100 ha = 1 km2
    "公顷": Unit("km2", 0.01),
    "ha": Unit("km2", 0.01),
    "hectares": Unit("km2", 0.01),
    "rank": Unit("rank", 1),
    "位": Unit("rank", 1),
    "名": Unit("rank", 1),
    "倍": Unit("ratio", 1),
    "times": Unit("ratio", 1),
    "ratio": Unit("ratio", 1),
    "cny/usd": Unit("CNY/USD", 1),
    "元/美元": Unit("CNY/USD", 1),
    "cny per usd": Unit("CNY/USD", 1),
}
_TABLE.update({word: Unit("count", 1) for word in _COUNT_WORDS})

BASE_UNITS = frozenset(unit.base for unit in _TABLE.values())


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().replace("²", "2")).casefold()


@lru_cache(maxsize=4096)  # a file repeats a handful of unit spellings
def parse_unit(text: str) -> Unit | None:
    """The base unit and multiplier of a unit as written, or None when unknown."""
    return _TABLE.get(_key(text))


def known_units() -> list[str]:
    return sorted(_TABLE)


#: Chinese magnitude words written alone as a unit ("5075" with unit "亿"): a count of
#: that many of whatever the indicator is measured in
MAGNITUDE_WORDS = {
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "万亿": 1e12,
}


def unit_in(text: str, base: str) -> Unit | None:
    """A bare magnitude word read in the indicator's own base unit (亿 for GDP is 亿元,
    万 for a population is 万人); None for anything else."""
    multiplier = MAGNITUDE_WORDS.get(_key(text))
    if multiplier is None or base in ("percent", "rank", "ratio", "CNY/USD"):
        return None  # 亿% or 万倍 mean nothing: refuse rather than guess
    return Unit(base, multiplier)
