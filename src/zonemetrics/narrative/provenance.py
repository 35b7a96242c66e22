"""Which ledger sources are the text being checked.

A claim may not be supported by the text's own figures. The checker learns which
sources are the text in three ways, each reported in the output:

1. `given`: the caller names them (`zonemetrics check --source-id ID`);
2. `url` / `title`: the text's header line (`# source: URL | title | date`) names a
   ledger source's URL or title;
3. `figures`: at least three of the text's value claims, and at least half of those
   that the ledger holds at all, equal one source's observations (same zone,
   indicator and value within rounding). A text whose figures a source carries one
   for one is that source, or a copy of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.timeframe import TextInfo
from zonemetrics.store.connection import Store

MIN_MATCHES = 3


@dataclass(frozen=True)
class OwnSource:
    source_id: str
    how: str  # given | url | title | figures
    matched_claims: int
    published: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "source_id": self.source_id,
            "how": self.how,
            "matched_claims": self.matched_claims,
            "published": self.published,
        }


def _norm_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").casefold()


def _claim_matches(claim: Claim, obs: dict[str, Any]) -> bool:
    if claim.value is None or obs["zone_id"] != claim.zone:
        return False
    if obs["indicator"] != claim.indicator or obs["measure"] != "value":
        return False
    slack = max(claim.rounding, obs["rounding"] or 0.0, abs(claim.value) * 1e-6)
    return abs(obs["value"] - claim.value) <= slack


def own_sources(
    store: Store,
    claims: list[Claim],
    info: TextInfo,
    given: list[str] | None = None,
    observations: list[dict[str, Any]] | None = None,
) -> list[OwnSource]:
    """The ledger sources that are the text itself, and how each was recognised."""
    sources = {
        row[0]: {"url": row[1], "title": row[2], "published": row[3]}
        for row in store.sql("SELECT source_id, url, title, published FROM sources")
    }
    found: dict[str, OwnSource] = {}
    for source_id in given or []:
        found[source_id] = OwnSource(
            source_id, "given", 0, sources.get(source_id, {}).get("published")
        )
    for source_id, meta in sources.items():
        if source_id in found:
            continue
        if info.url and meta["url"] and _norm_url(info.url) == _norm_url(meta["url"]):
            found[source_id] = OwnSource(source_id, "url", 0, meta["published"])
        elif info.title and meta["title"] and info.title.casefold() == meta["title"].casefold():
            found[source_id] = OwnSource(source_id, "title", 0, meta["published"])
    values = [c for c in claims if c.value is not None and c.zone and c.kind != "rank"]
    observations = observations or []
    per_source: dict[str, set[int]] = {}
    held = set()
    for i, claim in enumerate(values):
        for obs in observations:
            if _claim_matches(claim, obs):
                per_source.setdefault(obs["source_id"], set()).add(i)
                held.add(i)
    for source_id, matched in per_source.items():
        if source_id in found:
            found[source_id] = OwnSource(
                source_id, found[source_id].how, len(matched), found[source_id].published
            )
        elif len(matched) >= MIN_MATCHES and len(matched) >= 0.5 * len(held):
            published = sources.get(source_id, {}).get("published")
            found[source_id] = OwnSource(source_id, "figures", len(matched), published)
    return sorted(found.values(), key=lambda s: s.source_id)
