"""Finding zone names in a text: the ledger's aliases, places beyond the ledger, and
references by type.

Names are the ledger's aliases, the catalogue zones and divisions of `places`, zones
named by a zone word, classes of zones (国家高新区, "the FTZs"), statistical regions, and
the short form of any zone the text names in full (杭州湾 for 杭州湾新区). References by
type ("the area", 新区, 该区) are found where no name is; which zone they mean is decided
in `subjects`, as the text reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from zonemetrics.narrative.places import (
    AGGREGATE_KINDS,
    CONTAINER_KINDS,
    ZH_ZONE_WORDS,
    NamedPlace,
    aggregate_names,
    chinese_places,
    division_names,
    en_zone_names,
    english_places,
    function_words,
    region_names,
    verbs,
    zh_zone_names,
)
from zonemetrics.store.connection import Store

_HAN = re.compile(r"[\u4e00-\u9fff]")

#: references to a zone by its type: "the area", "this zone", "the FTZ" (one zone: the
#: plural "the FTZs" names the class), "a new area" (the subject, named later)
_GENERIC_EN = (
    r"\b(?:the|this|its) (?:new )?(?:area|district|zone|park)\b|\bthe FTZ\b(?!s)"
    r"|\ba new (?:area|district)\b"
)
#: the same in Chinese: 新区, 全区 and 本区 (the whole of the subject), 该区 / 该地区 /
#: 该园区 / 该片区 (a demonstrative: the zone named last)
_GENERIC_ZH = (
    r"(?<![级个家的高])(?:该新区|该区域|该地区|该园区|该片区|新区|该区|全区|本区)(?!域[^，,。])"
)
TOPIC_KINDS = ("new_area", "state_level_new_area")


@dataclass(frozen=True)
class Place:
    key: str  # zone id when known, otherwise the canonical name
    name: str  # canonical English name
    kind: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    place: Place | None  # None for a generic reference ("the area")


def _is_name(alias: str) -> bool:
    """True for an alias a text can name a place by: two characters or more, with a
    Latin letter or a Chinese character among them."""
    return len(alias.strip()) >= 2 and re.search(r"[A-Za-z\u4e00-\u9fff]", alias) is not None


class Gazetteer:
    """Aliases to places, and a matcher that finds them (longest alias first)."""

    def __init__(
        self,
        aliases: dict[str, Place],
        province_of: dict[str, str] | None = None,
        municipalities: set[str] | None = None,
        *,
        with_places: bool = True,
    ) -> None:
        self.with_places = with_places
        if with_places:  # the place tables load once, at start-up, not in the first check
            chinese_places(), english_places(), function_words(), verbs()
        self.province_of = province_of or {}
        self.municipalities = municipalities or set()
        # an alias must name something: letters or Chinese characters, not a bare code
        # (a division code such as 22 or 430104 identifies a zone in a data file, but in
        # running text the same characters are a figure, as in "$22.22 billion")
        self.aliases = {a.casefold(): p for a, p in aliases.items() if _is_name(a)}
        self._names = _NameMatcher(self.aliases)
        self._generic = re.compile(f"{_GENERIC_EN}|{_GENERIC_ZH}", re.IGNORECASE)

    @classmethod
    def from_store(cls, store: Store, extra: dict[str, Place] | None = None) -> Gazetteer:
        rows = store.sql(
            "SELECT a.alias, z.zone_id, z.name_en, z.kind FROM zone_aliases a "
            "JOIN zones z USING (zone_id)"
        )
        aliases = {alias: Place(zid, name, kind) for alias, zid, name, kind in rows}
        for zid, name, kind in store.sql("SELECT zone_id, name_en, kind FROM zones"):
            aliases.setdefault(name, Place(zid, name, kind))
        aliases.update(extra or {})
        zones = store.sql("SELECT zone_id, province, kind, name_zh FROM zones")
        province_of = {z: p for z, p, _, _ in zones if p}
        municipalities = {z for z, _, kind, zh in zones if kind == "province" and zh.endswith("市")}
        return cls(aliases, province_of, municipalities)

    def place(self, key: str) -> Place | None:
        """The ledger's place with this zone id (a province, the country)."""
        return next((p for p in self.aliases.values() if p.key == key), None)

    def find(self, text: str) -> list[Mention]:
        """Zone mentions in order, the longest name where two overlap (长沙高新区 over
        长沙); generic references only where no name is. Names come from the ledger's
        aliases, the bundled catalogue and divisions, and zone-word patterns (`places`)."""
        found: list[Mention] = []
        for start, end, key in self._names.find(text):
            found.append(Mention(start, end, text[start:end], self.aliases[key]))
        if self.with_places:
            found.extend(_place_mentions(text, found))
        found = _longest(found)
        if self.with_places:
            found = _longest(found + _short_forms(text, found, self.aliases))
        taken = [(m.start, m.end) for m in found]
        for m in self._generic.finditer(text):
            if not any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                found.append(Mention(m.start(), m.end(), m.group(0), None))
        return sorted(found, key=lambda m: m.start)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _folded(text: str) -> str:
    """The text case-folded character by character, so offsets stay those of the text
    (a character whose folding is longer, such as ß, is kept as it is)."""
    folded = text.casefold()
    if len(folded) == len(text):
        return folded
    return "".join(f if len(f := ch.casefold()) == 1 else ch for ch in text)


class _NameMatcher:
    """Every alias found at once with an Aho-Corasick automaton.

    A regular expression of tens of thousands of alternatives (the registry's zones and
    divisions) took seconds per text; the automaton finds all of them in one pass over
    the text. Names that start with a Latin letter or a digit must stand as whole words
    (optionally with 's), as a word-bounded pattern would require; at each position the
    longest name wins and matches do not overlap, leftmost first.
    """

    def __init__(self, keys) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for key in keys:
            self._automaton.add_word(key, key)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self._empty or not text:
            return []
        folded = _folded(text)
        candidates = []
        for last, key in self._automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            if re.match(r"[a-z0-9]", key):
                span = self._whole_word(text, folded, start, end)
                if span is None:
                    continue
                start, end = span
            candidates.append((start, -(end - start), end, key))
        chosen, reached = [], 0
        for start, _, end, key in sorted(candidates):
            if start >= reached:
                chosen.append((start, end, key))
                reached = end
        return chosen

    @staticmethod
    def _whole_word(text: str, folded: str, start: int, end: int) -> tuple[int, int] | None:
        def boundary(at: int) -> bool:
            before = at > 0 and _is_word(text[at - 1])
            after = at < len(text) and _is_word(text[at])
            return before != after

        if not boundary(start):
            return None
        if folded[end : end + 2] == "'s" and boundary(end + 2):
            return start, end + 2
        return (start, end) if boundary(end) else None


def _as_place(named: NamedPlace) -> Place:
    return Place(named.name, named.name, named.kind)


def _place_mentions(text: str, ledger: list[Mention]) -> list[Mention]:
    """Places the ledger does not hold: catalogue zones and divisions by dictionary
    (longest form at each position), then zones named by a zone word."""
    out: list[Mention] = []
    table = chinese_places()
    longest = max(map(len, table), default=0)
    i = 0
    while i < len(text):
        if not _HAN.match(text[i]):
            i += 1
            continue
        for length in range(min(longest, len(text) - i), 1, -1):
            place = table.get(text[i : i + length])
            if place is not None:
                out.append(Mention(i, i + length, text[i : i + length], _as_place(place)))
                i += length
                break
        else:
            i += 1
    # a zone word's name may include a division (湖南 in 湖南自贸区) but not another zone
    taken = [
        (m.start, m.end)
        for m in (*ledger, *out)
        if m.place is None or m.place.kind not in CONTAINER_KINDS
    ]
    # classes of zones first: on a tie of length (国家级新区) the class is what is meant
    out.extend(Mention(s, e, text[s:e], _as_place(p)) for s, e, p in aggregate_names(text))
    out.extend(Mention(s, e, text[s:e], _as_place(p)) for s, e, p in region_names(text))
    out.extend(Mention(s, e, text[s:e], _as_place(p)) for s, e, p in zh_zone_names(text, taken))
    out.extend(Mention(s, e, text[s:e], _as_place(p)) for s, e, p in en_zone_names(text))
    pinyin = english_places()
    for m in _english_place_pattern().finditer(text):
        if re.match(r"\s+(?!Province|City|Municipality)[A-Z]", text[m.end() :]):
            continue  # "Hangzhou Bay": the first word of a longer name, not the city
        out.append(Mention(m.start(), m.end(), m.group(0), _as_place(pinyin[m.group(0)])))
    return out


@lru_cache(maxsize=1)
def _english_place_pattern() -> re.Pattern[str]:
    """Any roman province or city name as a whole word, longest first, so that names of
    two words (Inner Mongolia) and with a syllable apostrophe (Xi'an) are read whole; a
    possessive ('s) may follow."""
    names = sorted(english_places(), key=len, reverse=True)
    alternatives = "|".join(map(re.escape, names))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


#: the type word a zone's short form drops (杭州湾新区 -> 杭州湾, 南沙区 -> 南沙, "Hangzhou
#: Bay New District" -> "Hangzhou Bay"): types that follow a place name, so that what is
#: left is that name; parts (片区), parks and new towns are named by common words
#: (空港新城) and keep their type word
_ZH_TYPE_WORD = re.compile(r"(?:新区|高新区|经开区|开发区)$")
#: a district's own suffix (南沙区 -> 南沙)
_ZH_DISTRICT_WORD = re.compile(r"区$")
_EN_TYPE_WORD = re.compile(
    r"\s+(?:New\s+(?:Area|District|Zone)|Hi-?[Tt]ech(?:\s+\w+)*\s+Zone|District)$"
)
ZONE_WORDS = frozenset(w for w, _ in ZH_ZONE_WORDS) | {"自由贸易试验区", "新区"}
_LOCATOR = re.compile(r"^(?:[A-Z][\w-]*(?:'s|’s)\s+)+")


def _short_form(mention: Mention) -> str | None:
    """The name a zone named in full is called by afterwards (or before): its name less
    its type word, and less a leading locator (青岛西海岸新区 -> 西海岸)."""
    text = mention.text.strip()
    district = mention.place is not None and mention.place.kind in CONTAINER_KINDS
    if _HAN.search(text):
        short = (_ZH_DISTRICT_WORD if district else _ZH_TYPE_WORD).sub("", text)
        divisions = division_names()
        lead = next((k for k in (4, 3, 2) if short[:k] in divisions and len(short) - k >= 2), 0)
        short = short[lead:]
        if short in ZONE_WORDS:
            return None  # 自由贸易试验区 of 北京自由贸易试验区 names the class, not the zone
        return short if short != text and len(short) >= 2 else None
    short = _EN_TYPE_WORD.sub("", _LOCATOR.sub("", text))
    name = re.fullmatch(r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)+|[A-Z][a-z]{3,}", short)
    return short if short != text and name else None


def _short_forms(text: str, found: list[Mention], aliases: dict[str, Place]) -> list[Mention]:
    """A zone named in full once is called by its short form elsewhere in the same text
    (杭州湾新区 … 杭州湾; "Hangzhou Bay New District" … "Hangzhou Bay"): every occurrence of
    the short form not inside another name is a mention of that zone. A short form that
    is itself a province or city (长沙 of 长沙高新区) or the ledger's alias of a place
    stays that place."""
    shorts: dict[str, Place] = {}
    for m in found:
        if m.place is None or m.place.kind in AGGREGATE_KINDS:
            continue
        if m.place.kind in CONTAINER_KINDS and not re.search(r"区$|District$", m.text):
            continue  # a province, city or county is named in full or by its own short form
        short = _short_form(m)
        if short is None or short.casefold() in aliases or short in shorts:
            continue
        if short in chinese_places() or short in english_places():
            continue
        shorts[short] = m.place
    out = []
    for short, place in shorts.items():
        latin = not _HAN.search(short)
        for hit in re.finditer(re.escape(short), text):
            start, end = hit.span()
            if latin and (
                (start and _is_word(text[start - 1])) or (end < len(text) and _is_word(text[end]))
            ):
                continue
            if any(m.start < end and start < m.end for m in found):
                continue
            out.append(Mention(start, end, short, place))
    return out


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions resolved to the longest (the ledger's on a tie)."""
    ranked = sorted(enumerate(mentions), key=lambda im: (-(im[1].end - im[1].start), im[0]))
    kept: list[Mention] = []
    for _, m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
