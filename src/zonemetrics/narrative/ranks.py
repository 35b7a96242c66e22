"""Rank phrases as a small grammar, with the peer set each is stated among.

- an ordinal rank: a ranking verb and an ordinal ("ranking third among all new areas",
  "placed 5th", 排名第五, 位列全国第15位, 稳居全国国家级新区第二), or a place taken
  ("held first place", 居首, 首位, 领跑全省 -> 1);
- top-N membership, a bound on the rank (comparator `<=`): "among the top 10", "top
  three", 进入全国前十, 跻身百强 (but not list names such as 世界500强企业);
- a rank move: "rose from 12th to 8th", 从第12位升至第8位 -> rank 8, from rank 12;
- several ranks read one to one with the figures before them ("second and third
  respectively"), and one rank for several peer sets (全省、全市均居第一).

The peer set's size is read when stated: "among the country's 19 state-level new
areas", 在全国178个国家高新区中.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from zonemetrics.narrative.numerals import EN_ORDINALS, EN_WORDS, zh_numeral_value

_ORD = "|".join(EN_ORDINALS) + r"|\d+(?:st|nd|rd|th)|no\.\s?\d+|number one"
_ZH_NUM = r"\d+|[一二两三四五六七八九十百]+"
_EN_CARD = "|".join(EN_WORDS) + r"|\d+"
#: the peer words after an English rank, up to the end of its clause
_PEERS_EN = (
    r"(?P<peers>\s+(?:among|in|of|out of|across|nationwide|nationally)\b"
    r"(?:(?!\s+(?:with|and|while|thanks|for|as|after|by)\b)[^,.;])*)?"
)

_SUPERLATIVE = r"(?:high|larg|bigg|fast|strong|great)est"
#: an ordinal superlative standing alone, as an apposition or attribute: "the
#: second-largest economy among the new areas", "its third-highest growth in the province"
EN_SUPERLATIVE = re.compile(
    rf"\b(?:the|its|their)\s+(?P<r1>{_ORD})[\s-]{_SUPERLATIVE}\b"
    r"(?:(?:\s+[a-z-]+){0,3}?(?P<peers>\s+(?:among|in|of|out of|across|nationwide|nationally)\b"
    r"(?:(?!\s+(?:with|and|while|thanks|for|as|after|by)\b)[^,.;])*))?",
    re.IGNORECASE,
)
#: "second only to Shanghai (among ...)": the second place, whoever holds the first
EN_SECOND_ONLY = re.compile(
    r"\bsecond only to\b[^,.;]{0,40}?"
    r"(?P<peers>\s+(?:among|in|of|nationwide|nationally)\b[^,.;]*)?(?=[,.;]|$)",
    re.IGNORECASE,
)
EN_RANK = re.compile(
    rf"\b(?:rank(?:s|ed|ing)?|placed|placing|came|coming|stood|standing|remained|remaining"
    rf"|finished|was|is|are|were)\s+"
    rf"(?:(?:at|as|in)\s+)?(?:the\s+)?(?:(?:from|up from)\s+(?P<from>{_ORD})\s+to\s+(?:the\s+)?)?"
    rf"(?P<r1>{_ORD})(?:\s*(?:,|and)\s*(?P<r2>{_ORD}))?(?P<resp>\s+respectively)?"
    rf"(?:\s+(?:place|position|spot)|[\s-](?P<sup>{_SUPERLATIVE}))?{_PEERS_EN}",
    re.IGNORECASE,
)
#: a rank moved by a number of places: "climbed four places to 6th" (old rank 10),
#: "fell two spots to 9th" (old rank 7)
EN_MOVE_BY = re.compile(
    rf"\b(?P<verb>rose|risen|rising|climbed|climbing|moved up|jumped|jumping|advanced|fell"
    rf"|dropped|slipped|moved down)\s+(?P<by>{_EN_CARD})\s+(?:places|spots|positions|notches)"
    rf"\s+to\s+(?:the\s+)?(?P<r1>{_ORD})(?:\s+(?:place|position|spot))?{_PEERS_EN}",
    re.IGNORECASE,
)
#: a place taken or held: "held first place", "took the top spot", "topped the list"
EN_PLACE = re.compile(
    rf"(?:\b(?:held|holds|holding|took|takes|taking|secured|kept|retained|maintained|claimed)"
    rf"\s+(?:the\s+)?(?P<r1>{_ORD}|top)\s+(?:place|position|spot|rank)"
    rf"|\b(?P<lead>topped|tops|led|leads|leading)\s+(?:the\s+)?(?:list|ranking|rankings|country"
    r"|nation|province|city|pack|field)\b)"
    rf"{_PEERS_EN}",
    re.IGNORECASE,
)
#: a rank move: "rose/climbed/moved up from 12th to 8th"
EN_MOVE = re.compile(
    rf"\b(?:rose|risen|rising|climbed|climbing|moved|jumped|jumping|advanced|fell|dropped|slipped)"
    rf"(?:\s+up|\s+down)?\s+from\s+(?:the\s+)?(?P<from>{_ORD})\s+to\s+(?:the\s+)?(?P<r1>{_ORD})"
    rf"(?:\s+(?:place|position|spot))?{_PEERS_EN}",
    re.IGNORECASE,
)
#: a rank as the attribute of a noun: "the No. 2 zone nationwide", "the number one
#: high-tech zone in the province" (no ranking verb)
EN_NUMBERED = re.compile(
    rf"\b(?:the|its|their)\s+(?P<r1>no\.\s?\d+|number (?:one|two|three|four|five|\d+))"
    rf"\s+(?:[a-z-]+\s+){{0,3}}?(?:zone|area|park|district|city|province|region)s?\b{_PEERS_EN}",
    re.IGNORECASE,
)
#: top-N membership: "among the top 10", "in the top three", "a top-20 zone"
EN_TOP = re.compile(
    rf"\btop(?:\s+|-)(?P<r1>{_EN_CARD})\b{_PEERS_EN}",
    re.IGNORECASE,
)
ZH_RANK = re.compile(
    r"(?P<peers>(?:在)?[^,，。；;]{0,30}?)"
    r"(?:排名|排|位居|位列|居|跃升至|跃居|升至|上升至|提升至|升到|稳居|列|名列|处于|保持|蝉联|位于"
    r"|并列|跻身)"
    r"(?P<peers2>[^,，。；;第]{0,12}?)"
    rf"第(?P<r1>{_ZH_NUM})(?:位|名)?(?:(?:和|、|与)第(?P<r2>{_ZH_NUM})(?:位|名)?)?"
)
#: a rank stated by its peer set alone, without a verb: 增速全省第一, 总量全市第二名,
#: 全国同类园区第5位, 全省首位 (a peer-set word right before the ordinal)
ZH_BARE = re.compile(
    rf"(?P<peers>全国|全省|全市|全区|全球|同类|同级|省内|市内|国内)(?P<peers2>[^,，。；;第的]{{0,8}}?)"
    rf"(?:第(?P<r1>{_ZH_NUM})(?:位|名)?|(?P<first>首位|榜首|之首))"
    # an ordinal that names something (第二产业, 第三季度, 第5批, 第2个) is no rank
    r"(?!产|季|批|期|次|届|个|家|大|阶段|轮)"
)
#: a rank move: 从第12位升至第8位, 由第十位上升到第六位
ZH_MOVE = re.compile(
    rf"(?P<peers>[^,，。；;]{{0,30}}?)(?:从|由)第(?P<from>{_ZH_NUM})(?:位|名)?"
    rf"[^,，。；;第]{{0,6}}?(?:至|到)第(?P<r1>{_ZH_NUM})(?:位|名)?"
)
#: first place taken: 居首, 首位, 第一方阵 is not a rank; 领跑 leads its peers
ZH_FIRST = re.compile(
    r"(?P<peers>[^,，。；;]{0,30}?)(?:(?:居|位居|位列|排名|稳居|保持|并列|列)(?P<peers3>[^,，。；;]{0,10}?)"
    r"(?:首位|榜首|之首)"
    r"|(?:居|位居)首|领跑(?P<peers2>全国|全省|全市|[^,，。；;]{0,6}))"
)
#: top-N membership: 进入全国前十, 位居前三, 跻身全国百强 (a list name like 世界500强企业 is not)
ZH_TOP = re.compile(
    rf"(?P<peers>[^,，。；;]{{0,30}}?)(?:进入|跻身|位居|位列|居|列|排名|入选|入围|稳居|保持|挺进)"
    rf"(?P<peers2>[^,，。；;]{{0,12}}?)(?:前(?P<r1>{_ZH_NUM})(?:位|名|强|甲)?|(?P<r2>{_ZH_NUM})强(?!企业)"
    r"|(?P<r3>三)甲)"
)
PEER_COUNT_ZH = re.compile(
    rf"(?P<n>{_ZH_NUM})\s?(?:个|家|座)?(?P<noun>[\u4e00-\u9fff]{{2,12}}?)(?:中|之中|里|当中|$)"
)
PEER_COUNT_EN = re.compile(
    rf"(?:among|of|out of|in)\s+(?:all\s+)?(?:the\s+)?(?:[A-Z][\w']*(?:'s|’s)\s+|country's\s+)?"
    rf"(?P<n>{_EN_CARD})\s+(?P<noun>[a-z][\w -]{{2,60}})",
    re.IGNORECASE,
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
    comparator: str = "="  # '<=' for top-N membership
    rank_from: int | None = None  # the old rank of a move
    count_span: tuple[int, int] | None = None  # where the peer count is written
    number_span: tuple[int, int] | None = None  # where the rank itself is written


def _ordinal(text: str | None) -> int | None:
    if not text:
        return None
    t = text.casefold().strip()
    if t in ("number one", "top"):
        return 1
    if t in EN_ORDINALS:
        return EN_ORDINALS[t]
    if t in EN_WORDS:
        return EN_WORDS[t]
    if m := re.match(r"(?:no\.\s?)?(\d+)", t):
        return int(m.group(1))
    value = zh_numeral_value(t)
    return int(value) if value is not None else None


def peer_set_of(text: str) -> str | None:
    """The peer-set code a phrase names: new areas, a province, a city, high-tech zones,
    development zones, the nation."""
    t = text.casefold()
    if re.search(r"高新区|high-tech zones|hi-tech zones|high-tech industrial", t):
        return "national_high_tech_zones"
    if re.search(r"new areas|新区|national-level new|state-level new", t):
        return "new_areas"
    if re.search(r"经开区|开发区|development zones", t):
        return "development_zones"
    if re.search(r"全省|省内|province", t):
        return "province"
    if re.search(r"全市|市内|municipality|city|市辖区", t):
        return "city"
    if re.search(r"全国|national|country|china|nationwide", t):
        return "national"
    return None


def _peer_count(text: str, m: re.Match[str]) -> tuple[int | None, tuple[int, int] | None]:
    """The size of the peer set a phrase states, and where in the sentence it is written
    (the peer words may come before and after the ranking verb)."""
    for pattern in (PEER_COUNT_ZH, PEER_COUNT_EN):
        if found := pattern.search(text):
            count = _ordinal(found["n"])
            if count and (pattern is PEER_COUNT_ZH or peer_set_of(found["noun"]) is not None):
                at = m.string.find(found.group(0), m.start(), m.end())
                span = (at + found.start("n") - found.start(), at + found.end("n") - found.start())
                return count, span if at >= 0 else None
    return None, None


def _phrase(
    m: re.Match[str],
    ranks: tuple[int, ...],
    peers: str,
    peers_at: int,
    *,
    respectively: bool = False,
    comparator: str = "=",
    rank_from: int | None = None,
    peer_set: str | None = None,
) -> RankPhrase:
    count, span = _peer_count(peers, m)
    # a Chinese phrase opens with its peer words (在全国19个国家级新区中); it starts at its verb
    start = (
        m.end("peers")
        if "peers" in m.re.groupindex and m.re.pattern.startswith("(?P<peers>")
        else m.start()
    )
    return RankPhrase(
        start,
        m.end(),
        m.group(0),
        ranks,
        respectively,
        peers.strip(),
        peer_set or _nearest_peer_set(m, peers),
        count,
        comparator,
        rank_from,
        span,
        next((m.span(g) for g in ("r1", "r2") if g in m.re.groupindex and m[g]), None),
    )


def _nearest_peer_set(m: re.Match[str], peers: str) -> str | None:
    """The peer set named nearest the rank: the words after the ranking verb (居全省首位)
    before the subject's own words (兰州新区 is not the peer set of 兰州新区居全省首位)."""
    for group in ("peers3", "peers2"):
        if group in m.re.groupindex and m[group] and (found := peer_set_of(m[group])):
            return found
    return peer_set_of(peers)


def _no_overlap(found: list[RankPhrase]) -> list[RankPhrase]:
    kept: list[RankPhrase] = []
    for p in sorted(found, key=lambda p: (-(p.end - p.start), p.start)):
        if all(p.end <= k.start or p.start >= k.end for k in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: p.start)


#: an ordinal of approval or of a first deed, not a rank: "the 12th new area approved",
#: "the first in China to issue", 第六批
_NOT_A_RANK = re.compile(
    r"^[^,.;]{0,60}?\b(?:approved|established|set up|founded|launched|batch"
    r"|to\s+(?:be|have|get|win|receive|obtain|issue|launch|open|build|introduce|implement"
    r"|pilot|adopt|achieve|establish|set))\b"
    r"|^\s*批",
    re.IGNORECASE,
)


def _english(sentence: str) -> list[RankPhrase]:
    found: list[RankPhrase] = []
    for m in EN_MOVE.finditer(sentence):
        rank = _ordinal(m["r1"])
        if rank:
            peers = m["peers"] or ""
            at = m.start("peers") if m["peers"] else m.end()
            found.append(_phrase(m, (rank,), peers, at, rank_from=_ordinal(m["from"])))
    for m in EN_RANK.finditer(sentence):
        verb = m.group(0).casefold().split()[0]
        if verb in ("was", "is", "remained", "stood") and _NOT_A_RANK.match(
            sentence[m.end("r1") :]
        ):
            continue  # "was the 12th new area approved": an ordinal of approval
        placed = re.search(r"(?:place|position|spot)\b|\b(?:among|in)\b", m.group(0), re.I)
        linking = ("was", "is", "are", "were", "stood", "standing", "remained", "remaining")
        if verb in linking and not (placed or m["sup"]):
            continue  # "was second" only with a place word, a superlative or a peer set
        ranks = tuple(r for r in (_ordinal(m["r1"]), _ordinal(m["r2"])) if r)
        if not ranks:
            continue
        peers = m["peers"] or ""
        at = m.start("peers") if m["peers"] else m.end()
        found.append(
            _phrase(
                m, ranks, peers, at, respectively=bool(m["resp"]), rank_from=_ordinal(m["from"])
            )
        )
    for m in EN_SECOND_ONLY.finditer(sentence):
        peers = m["peers"] or ""
        at = m.start("peers") if m["peers"] else m.end()
        found.append(_phrase(m, (2,), peers, at))
    for m in EN_SUPERLATIVE.finditer(sentence):
        rank = _ordinal(m["r1"])
        if rank and rank > 1:  # "the first-largest" is not written; "first" is a deed
            peers = m["peers"] or ""
            at = m.start("peers") if m["peers"] else m.end()
            found.append(_phrase(m, (rank,), peers, at))
    for m in EN_MOVE_BY.finditer(sentence):
        rank, by = _ordinal(m["r1"]), _ordinal(m["by"])
        if rank and by:
            up = not re.match(r"fell|dropped|slipped|moved down", m["verb"], re.I)
            peers = m["peers"] or ""
            at = m.start("peers") if m["peers"] else m.end()
            found.append(_phrase(m, (rank,), peers, at, rank_from=rank + by if up else rank - by))
    for m in EN_PLACE.finditer(sentence):
        peers = (m["peers"] or "") + (m.group(0) if m["lead"] else "")
        at = m.start("peers") if m["peers"] else m.end()
        found.append(_phrase(m, (_ordinal(m["r1"]) or 1,), peers, at))
    for m in EN_NUMBERED.finditer(sentence):
        rank = _ordinal(m["r1"])
        if rank:
            peers = m["peers"] or ""
            at = m.start("peers") if m["peers"] else m.end()
            found.append(_phrase(m, (rank,), peers, at))
    for m in EN_TOP.finditer(sentence):
        rank = _ordinal(m["r1"])
        if rank and rank > 1:
            peers = m["peers"] or ""
            at = m.start("peers") if m["peers"] else m.end()
            found.append(_phrase(m, (rank,), peers, at, comparator="<="))
    return _no_overlap(found)


def _chinese(sentence: str) -> list[RankPhrase]:
    found: list[RankPhrase] = []
    for m in ZH_MOVE.finditer(sentence):
        rank = _ordinal(m["r1"])
        if rank:
            found.append(
                _phrase(m, (rank,), m["peers"], m.start("peers"), rank_from=_ordinal(m["from"]))
            )
    for m in ZH_RANK.finditer(sentence):
        rank = _ordinal(m["r1"])
        if rank is None:
            continue
        if m["r2"]:
            # 分别位居第3和第27名: one rank per figure or zone before it
            ranks = (rank, _ordinal(m["r2"]) or rank)
            found.append(_phrase(m, ranks, m["peers"] + (m["peers2"] or ""), 0, respectively=True))
            continue
        peers = m["peers"] + (m["peers2"] or "")
        names = re.findall(r"全省|全市|全国", peers)
        sets = [peer_set_of(n) for n in names] if "均" in peers and len(names) > 1 else []
        for peer_set in sets or [None]:
            found.append(_phrase(m, (rank,), peers, m.start("peers"), peer_set=peer_set))
    for m in ZH_BARE.finditer(sentence):
        rank = 1 if m["first"] else _ordinal(m["r1"])
        before = sentence[max(0, m.start() - 3) : m.start()]
        if rank and not re.search(r"(?:是|为|成为|批|个)$", before):
            found.append(_phrase(m, (rank,), m["peers"] + (m["peers2"] or ""), m.start()))
    for m in ZH_FIRST.finditer(sentence):
        peers = m["peers"] + (m["peers2"] or "")
        found.append(_phrase(m, (1,), peers, m.start("peers")))
    for m in ZH_TOP.finditer(sentence):
        rank = _ordinal(m["r1"] or m["r2"] or m["r3"])
        if rank and rank > 1 and not re.search(r"世界|全球|中国企业", m.group(0)):
            peers = m["peers"] + (m["peers2"] or "")
            found.append(_phrase(m, (rank,), peers, m.start("peers"), comparator="<="))
    return _with_old_rank(sentence, _keep_several_sets(found))


#: a rank moved by a number of places, just before the new rank (上升3位，居全国第12位;
#: 前进7位，位列第15位; 下降2位至第9位): the old rank is the new one plus or minus the move
ZH_MOVE_BY = re.compile(
    rf"(?P<verb>上升|提升|前进|跃升|提高|攀升|下降|下滑|后退|回落)了?(?P<by>{_ZH_NUM})(?:位|名|个位次)"
    r"[^,，。；;第]{0,4}[,，]?[^,，。；;第]{0,8}$"
)


def _with_old_rank(sentence: str, found: list[RankPhrase]) -> list[RankPhrase]:
    out = []
    for p in found:
        move = ZH_MOVE_BY.search(sentence[max(0, p.start - 24) : p.start])
        by = _ordinal(move["by"]) if move else None
        if move and by and p.rank_from is None and len(p.ranks) == 1 and p.comparator == "=":
            down = move["verb"] in ("下降", "下滑", "后退", "回落")
            p = replace(p, rank_from=p.ranks[0] - by if down else p.ranks[0] + by)
        out.append(p)
    return out


def _keep_several_sets(found: list[RankPhrase]) -> list[RankPhrase]:
    """Overlapping phrases resolved to the longest, except one phrase read for several
    peer sets (全省、全市均居第一), which keeps each."""
    kept = _no_overlap(found)
    extra = [
        p
        for p in found
        if p not in kept and any((k.start, k.end) == (p.start, p.end) for k in kept)
    ]
    return sorted(kept + extra, key=lambda p: p.start)


def find_ranks(sentence: str, lang: str) -> list[RankPhrase]:
    return _english(sentence) if lang == "en" else _chinese(sentence)
