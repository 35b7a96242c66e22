"""Rank phrases: "ranking third among all new areas", "ranking second and third
respectively", "ranks first in the municipality", 排名第五, 位列全国第15位, 跃升至第6位,
稳居全国国家级新区第二, 全省、全市均居第一 - with the peer set each is stated among."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zonemetrics.narrative.numerals import EN_ORDINALS, zh_numeral_value

_ORD = "|".join(EN_ORDINALS) + r"|\d+(?:st|nd|rd|th)|no\.\s?\d+"
EN_RANK = re.compile(
    rf"\b(?:rank(?:s|ed|ing)?|placed|placing|came)\s+(?:(?:at|as)\s+)?(?:the\s+)?"
    rf"(?P<r1>{_ORD})(?:\s*(?:,|and)\s*(?P<r2>{_ORD}))?(?P<resp>\s+respectively)?"
    r"(?P<peers>\s+(?:among|in|of|out of)\s+[^,.;]+)?",
    re.IGNORECASE,
)
ZH_RANK = re.compile(
    r"(?P<peers>(?:在)?[^,，。；;]{0,30}?)"
    r"(?:排名|排|位居|位列|居|跃升至|升至|稳居|列)(?P<peers2>[^,，。；;第]{0,12}?)"
    r"第(?P<r1>\d+|[一二三四五六七八九十]+)(?:位|名)?"
)
PEER_COUNT = re.compile(
    r"(\d+|[一二三四五六七八九十]+)\s?个?(?:国家级新区|state-level new areas|new areas)"
)


@dataclass(frozen=True)
class RankPhrase:
    start: int
    end: int
    text: str
    ranks: tuple[int, ...]
    respectively: bool
    peer_text: str
    peer_set: str | None
    peer_count: int | None


def _ordinal(text: str) -> int | None:
    t = text.casefold().strip()
    if t in EN_ORDINALS:
        return EN_ORDINALS[t]
    if m := re.match(r"(?:no\.\s?)?(\d+)", t):
        return int(m.group(1))
    value = zh_numeral_value(t)
    return int(value) if value is not None else None


def peer_set_of(text: str) -> str | None:
    """The peer-set code a phrase names: new areas, a province, a city."""
    t = text.casefold()
    if re.search(r"new areas|新区|national-level new|state-level new", t):
        return "new_areas"
    if re.search(r"全省|省内|province", t):
        return "province"
    if re.search(r"全市|市内|municipality|city|市辖区", t):
        return "city"
    if re.search(r"高新区|high-tech zones", t):
        return "national_high_tech_zones"
    if re.search(r"全国|national|country", t):
        return "national"
    return None


def _peer_count(text: str) -> int | None:
    if m := PEER_COUNT.search(text):
        return _ordinal(m.group(1))
    return None


def find_ranks(sentence: str, lang: str) -> list[RankPhrase]:
    out: list[RankPhrase] = []
    if lang == "en":
        for m in EN_RANK.finditer(sentence):
            ranks = tuple(r for r in (_ordinal(m["r1"]), _ordinal(m["r2"] or "")) if r)
            peers = (m["peers"] or "").strip()
            out.append(
                RankPhrase(
                    m.start(),
                    m.end(),
                    m.group(0),
                    ranks,
                    bool(m["resp"]),
                    peers,
                    peer_set_of(peers),
                    _peer_count(peers),
                )
            )
        return out
    for m in ZH_RANK.finditer(sentence):
        rank = _ordinal(m["r1"])
        if rank is None:
            continue
        peers = m["peers"] + (m["peers2"] or "")
        names = re.findall(r"全省|全市|全国", peers)
        sets = [peer_set_of(n) for n in names] if "均" in peers and len(names) > 1 else []
        for peer_set in sets or [peer_set_of(peers)]:
            out.append(
                RankPhrase(
                    m.start("r1") - 1,
                    m.end(),
                    m.group(0),
                    (rank,),
                    False,
                    peers,
                    peer_set,
                    _peer_count(peers),
                )
            )
    return out
