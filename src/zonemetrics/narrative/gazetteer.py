"""Finding zone names in a text: the ledger's aliases, plus generic references.

"The area", "the new area", 新区, 该区 refer to the zone the text is about; they are
resolved to the most recent new area named before them. A caller may add aliases of
zones the ledger does not hold (a high-tech zone, a district) so that a claim about
them is attributed to them and not to the new area around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zonemetrics.narrative.places import (
    CONTAINER_KINDS,
    NamedPlace,
    chinese_places,
    en_zone_names,
    english_places,
    function_words,
    zh_zone_names,
)
from zonemetrics.store.connection import Store

_HAN = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"\b[A-Z][a-z]+\b")

_GENERIC_EN = r"\b(?:the|this|its) (?:new )?(?:area|district)\b"
_GENERIC_ZH = r"(?<![级个家的高])(?:该新区|该区域|新区|该区|全区|本区)(?!域[^，,。])"
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
            chinese_places(), english_places(), function_words()
        self.province_of = province_of or {}
        self.municipalities = municipalities or set()
        # an alias must name something: letters or Chinese characters, not a bare code
        # ("22" is a division code, and a figure in "$22.22 billion")
        self.aliases = {
            a.casefold(): p
            for a, p in aliases.items()
            if len(a.strip()) >= 2 and re.search(r"[A-Za-z\u4e00-\u9fff]", a)
        }
        # the alias lengths to try at a position, by the character it starts with
        lengths: dict[str, set[int]] = {}
        for alias in self.aliases:
            lengths.setdefault(alias[0], set()).add(len(alias))
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}
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

    def _aliases_in(self, text: str) -> list[Mention]:
        """The ledger's aliases in a text, longest first at each position (a dictionary
        scan: the ledger may hold thousands of aliases, too many for one regex). A
        Latin alias must stand as whole words ("Pudong's" counts)."""
        folded = text.casefold()
        out: list[Mention] = []
        i = 0
        while i < len(text):
            latin_start = folded[i].isascii() and folded[i].isalnum()
            if latin_start and i > 0 and folded[i - 1].isalnum() and folded[i - 1].isascii():
                i += 1
                continue
            for length in self._lengths.get(folded[i], ()):
                key = folded[i : i + length]
                place = self.aliases.get(key)
                if place is None or len(key) < length:
                    continue
                after = folded[i + length : i + length + 1]
                if key[-1].isascii() and key[-1].isalnum() and after.isascii() and after.isalnum():
                    continue  # the alias is the start of a longer word
                out.append(Mention(i, i + length, text[i : i + length], place))
                i += length
                break
            else:
                i += 1
        return out

    def place(self, key: str) -> Place | None:
        """The ledger's place with this zone id (a province, the country)."""
        return next((p for p in self.aliases.values() if p.key == key), None)

    def find(self, text: str) -> list[Mention]:
        """Zone mentions in order, the longest name where two overlap (长沙高新区 over
        长沙); generic references only where no name is. Names come from the ledger's
        aliases, the bundled catalogue and divisions, and zone-word patterns (`places`)."""
        found: list[Mention] = []
        found.extend(self._aliases_in(text))
        if self.with_places:
            found.extend(_place_mentions(text, found))
        found = _longest(found)
        taken = [(m.start, m.end) for m in found]
        for m in self._generic.finditer(text):
            if not any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                found.append(Mention(m.start(), m.end(), m.group(0), None))
        return sorted(found, key=lambda m: m.start)


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
    out.extend(Mention(s, e, text[s:e], _as_place(p)) for s, e, p in zh_zone_names(text, taken))
    out.extend(Mention(s, e, text[s:e], _as_place(p)) for s, e, p in en_zone_names(text))
    pinyin = english_places()
    for m in _WORD.finditer(text):
        if re.match(r"\s+(?!Province|City|Municipality)[A-Z]", text[m.end() :]):
            continue  # "Hangzhou Bay": the first word of a longer name, not the city
        if (place := pinyin.get(m.group(0))) is not None:
            out.append(Mention(m.start(), m.end(), m.group(0), _as_place(place)))
    return out


def _longest(mentions: list[Mention]) -> list[Mention]:
    """Overlapping mentions resolved to the longest (the ledger's on a tie)."""
    ranked = sorted(enumerate(mentions), key=lambda im: (-(im[1].end - im[1].start), im[0]))
    kept: list[Mention] = []
    for _, m in ranked:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)
