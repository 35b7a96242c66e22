"""Finding zone names in a text: the ledger's aliases, plus generic references.

"The area", "the new area", 新区, 该区 refer to the zone the text is about; they are
resolved to the most recent new area named before them. A caller may add aliases of
zones the ledger does not hold (a high-tech zone, a district) so that a claim about
them is attributed to them and not to the new area around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zonemetrics.store.connection import Store

_GENERIC_EN = r"\b(?:the|this|its) (?:new )?(?:area|district)\b"
_GENERIC_ZH = r"(?<![级个家的高])(?:该新区|该区域|这个年轻的新区|新区|该区|全区)(?!域[^，,。])"
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
    ) -> None:
        self.province_of = province_of or {}
        self.municipalities = municipalities or set()
        self.aliases = {a.casefold(): p for a, p in aliases.items() if a.strip()}
        names = sorted(self.aliases, key=len, reverse=True)
        parts = []
        for name in names:
            escaped = re.escape(name)
            if re.match(r"[a-z0-9]", name):
                escaped = rf"\b{escaped}(?:'s)?\b"
            parts.append(escaped)
        self._pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None
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

    def find(self, text: str) -> list[Mention]:
        """Zone mentions in order; generic references only where no name is."""
        found: list[Mention] = []
        if self._pattern is not None:
            for m in self._pattern.finditer(text):
                key = m.group(0).casefold().removesuffix("'s")
                found.append(Mention(m.start(), m.end(), m.group(0), self.aliases.get(key)))
        taken = [(m.start, m.end) for m in found]
        for m in self._generic.finditer(text):
            if not any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                found.append(Mention(m.start(), m.end(), m.group(0), None))
        return sorted(found, key=lambda m: m.start)
