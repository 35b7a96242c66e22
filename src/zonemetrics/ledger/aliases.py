"""Resolving the many names of a zone (湘江新区, Hunan Xiangjiang New Area) to its id."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from zonemetrics.errors import UnknownZoneError
from zonemetrics.store.connection import Store


@lru_cache(maxsize=65_536)
def alias_key(name: str) -> str:
    """Normalise a name so that spelling variants of case, width and spacing meet.

    Cached: loading the zone registry keys ~50,000 names, most of them several times."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"[\s_]+", " ", text)
    return re.sub(r"^the ", "", text)


def alias_map(store: Store) -> dict[str, str]:
    """Every alias key in the store mapped to its zone id."""
    return dict(store.sql("SELECT alias_key, zone_id FROM zone_aliases"))


def resolve_zone(store: Store, name: str) -> str:
    """The zone id for an id or alias; a clear error naming close candidates otherwise."""
    key = alias_key(name)
    found = store.sql("SELECT zone_id FROM zone_aliases WHERE alias_key = ?", [key])
    if found:
        return found[0][0]
    candidates = [
        row[0]
        for row in store.sql(
            "SELECT DISTINCT zone_id FROM zone_aliases WHERE alias_key LIKE ? ORDER BY 1",
            [f"%{key}%"],
        )
    ]
    hint = f"; did you mean {', '.join(candidates[:5])}?" if candidates else ""
    raise UnknownZoneError(f"unknown zone '{name}'{hint} (see `zonemetrics zones`)")
