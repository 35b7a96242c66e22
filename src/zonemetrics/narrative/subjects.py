"""Which zone a figure is about: the passage's subject, tracked clause by clause.

A figure belongs to the zone its clause is about. That is, in order:

1. a wider territory, when a scope word governs the figure in its own clause
   (全省地区生产总值, "the province's GDP"), never when the scope word is a share's
   denominator (占全省, 全国50%以上) or a comparison's base (高于全市, "than the city's");
2. the nearest zone named before it in its sentence, a containing area (a province, city
   or district) only when it is named in the figure's own clause and not in passing
   (as a locator: "located in X", "Beijing's Zhongguancun", 吉林省通化市…高新区);
3. a zone (or a statistical region) named after it in its own clause when none is
   named before it ("120 firms settled in the park", 122家企业落户CBD, "20 are in western
   China");
4. else the zone the text is about: the passage's subject.

The passage's subject is the first zone the text names that is not a containing area nor
named in passing; a text about a province or city alone has that as its subject.
References resolve as they read: 新区 / "the new area" the last new area named, 该区 /
该地区 / "this zone" (a demonstrative) the zone named last, 全区 / 本区 / "the area"
(the whole of the subject) the passage's subject.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Protocol

from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.gazetteer import TOPIC_KINDS, Gazetteer, Mention, Place
from zonemetrics.narrative.places import AGGREGATE_KINDS, CONTAINER_KINDS, verbs

_SCOPE_WORDS = ("全国", "全省", "全市", "国家", "中国")
#: words that name a wider territory as the figure's own scope (全省地区生产总值, "the
#: province's GDP", "China's economy")
_SCOPE = re.compile(
    r"全省|全市|全国|我省|我市|我国"
    r"|\b(?:the|its) (?:province|city|municipality|country|nation)(?:'s|’s)"
    r"|\b(?:China|the country|the nation)(?:'s|’s)",
    re.IGNORECASE,
)
#: a scope word that is a share's denominator (占全省的, 占同期全国, "share of the
#: province's"): the figure is the zone's part of the territory, not the territory's
_DENOMINATOR_BEFORE = re.compile(r"占[^，,。；;]{0,4}$|\b(?:of|for)\s*$", re.IGNORECASE)
#: a scope word right before a percentage is its denominator too (集聚了全国50%的企业:
#: half of the nation's firms are in the zone)
_DENOMINATOR_AFTER = re.compile(r"^[^，,。；;\d]{0,2}\d+(?:\.\d+)?\s*%")
#: a scope word after a comparison word is the comparison's base, not the figure's owner
#: (高于全市1.1个百分点, 相当于全国平均水平的10倍, "2 points higher than the city's")
_COMPARISON_BEFORE = re.compile(
    r"(?:高于|低于|快于|慢于|超过|超出|多于|少于|相当于|仅为|为|是|比|较|与)\s*$"
    r"|\b(?:than|above|below|compared (?:with|to)|versus|vs\.?)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
#: possessive locators between a locating word and the place ("in East China's Shanghai")
_POSSESSIVES = r"(?:(?:[A-Z][\w-]*\s+)*[A-Z][\w-]*(?:'s|’s)\s+)*"
#: a compass word before a place in a locating phrase ("in northern China", "in East
#: China's Jiangsu"): still where something lies
_COMPASS = (
    r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|central)(?:ern)?\s+)?"
)
#: a place named in passing: where a zone lies, not what a figure is about
_IN_PASSING = re.compile(
    r"(?:位于|地处|坐落于|地处于)\s*$|\b(?:in|located in|situated in|of|west of|east of|north of"
    r"|south of|near)\s*(?:the\s+)?(?:\w+\s+of\s+)?" + _COMPASS + _POSSESSIVES + "$",
    re.IGNORECASE,
)
#: words before a place that make it where something lies or one of a list of parts
#: ("located in X", "including X", 位于X, 包括X), never what a passage is about; narrower
#: than `_IN_PASSING`, whose "of" would drop "the establishment of X New Area"
_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:位于|地处|坐落于|包括|包含|涵盖)\s*$"
    r"|\b(?:located in|situated in|including|such as|like)\s*(?:the\s+)?"
    + _POSSESSIVES
    + "$"
    # the whole a place is part of ("a core area of Tianjin's Binhai New Area", "part of
    # the X Pilot FTZ"): the whole is where the subject lies, not the subject
    + r"|\b(?:part|area|section|component|portion) of\s*(?:the\s+)?"
    + _POSSESSIVES
    + "$"
    # a zone named as the model the subject is to follow ("transform into another Pudong
    # New Area", "become a second Shenzhen"): a kind of place, not a place the text is about
    + r"|\b(?:another|a second|the next)\s*$",
    re.IGNORECASE,
)
_CONTAINER_IN = re.compile(
    r"\b(?:in|near)\s*(?:the\s+)?" + _COMPASS + _POSSESSIVES + "$", re.IGNORECASE
)
#: where a clause ends, for what governs a figure (not the comma of 1,200 nor a time's
#: colon)
_CLAUSE_END = re.compile(r"[，；;：]|(?<!\d)[,:]|[,:](?!\d)")
#: an aggregate of zones named as the peer set of a rank or comparison (在国家高新区
#: 综合评价中, "among national high-tech zones"): it does not take the figure
_PEER_AFTER = re.compile(r"^\s*(?:之?中|排名|排位|排行|综合|评价|考核|中的|里|第|前|首|之首|榜)")
_PEER_BEFORE = re.compile(r"(?:\bamong|\bof all|\bacross)\s+(?:the\s+)?(?:\d+\s+)?$", re.I)
#: letters or Chinese characters: a clause's words
_WORDS = re.compile(r"[A-Za-z\u4e00-\u9fff]")
#: a demonstrative reference (该区, 该地区, "this zone") means the zone named last
_DEMONSTRATIVE = re.compile(r"^(?:该|this\b|that\b)", re.IGNORECASE)
#: a reference to a new area by its type (新区, "the new area")
_NEW_AREA_WORD = re.compile(r"新区|new (?:area|district)", re.IGNORECASE)


#: what joins zones into one subject (广州开发区和南沙经开区, "A, B and C")
_JOIN = re.compile(r"\s*(?:和|与|及|以及|、|,|，|and|, and|as well as)\s*", re.IGNORECASE)
#: figures shared out one to each zone of a joined subject, in order
_RESPECTIVELY = re.compile(r"分别|各自|respectively", re.IGNORECASE)
#: a list of zones introduced after a rank by a dash or colon ("three zones in the top
#: ten – A, B and C")
_LIST_INTRO = re.compile(r"^[^.。;；]*?[–—:：]\s*$")


class ReaderState(Protocol):
    """What the extractor carries from sentence to sentence that attribution reads."""

    topic: Place | None
    topic_text: str | None
    new_area: Place | None
    province: Place | None
    city: Place | None
    last_zone: Place | None


def is_locator(mention: Mention, mentions: list[Mention], text: str) -> bool:
    """True for a place that locates the place named right after it: 吉林省通化市 before
    a zone, "Beijing's Zhongguancun", "Xi'an, Shaanxi" does not count (a comma ends it).
    A containing area written as a prefix of another name is where that place lies."""
    if mention.place is None:
        return False
    for other in mentions:
        if other.start < mention.end or other.place is None:
            continue
        gap = text[mention.end : other.start]
        return gap.strip() in ("", "的", "'s", "’s") and len(gap) <= 3
    return False


def in_passing(mention: Mention, mentions: list[Mention], text: str) -> bool:
    """A place named as where something is (位于X, "located in X"), as one part listed
    ("including X"), as the locator of the next name, or as a peer set ("among national
    high-tech zones"), not as a subject."""
    lead = text[max(0, mention.start - 40) : mention.start]
    if _NOT_SUBJECT_BEFORE.search(lead):
        return True
    # a containing area after "in" is where something lies ("Pudong New Area in East
    # China's Shanghai"); a zone after "in" is where the figure's things are ("firms in
    # Hubei's Donghu Science Park")
    container = mention.place is not None and mention.place.kind in CONTAINER_KINDS
    if container and _CONTAINER_IN.search(lead):
        return True
    if is_locator(mention, mentions, text):
        return True
    return is_peer_set(mention, text)


def _object_of_verb(mention: Mention, sentence: str) -> bool:
    """True when a Chinese verb or preposition of two or three characters stands right
    before the mention (推进机场…, 依托高新区…): the zone is what the clause acts on, not
    what it is about."""
    known = verbs()
    head = sentence[: mention.start]
    return any(head[-k:] in known for k in (2, 3) if len(head) >= k)


def _opens_clause(mention: Mention, sentence: str) -> bool:
    """True when nothing but spaces stands between the clause's start and the mention."""
    head = sentence[: mention.start]
    cut = max((m.end() for m in _CLAUSE_END.finditer(head)), default=0)
    return not head[cut:].strip()


def is_peer_set(mention: Mention, text: str) -> bool:
    """An aggregate of zones named as the group a zone is ranked or compared in."""
    if mention.place is None or mention.place.kind not in AGGREGATE_KINDS:
        return False
    return bool(
        _PEER_AFTER.match(text[mention.end : mention.end + 4])
        or _PEER_BEFORE.search(text[max(0, mention.start - 20) : mention.start])
    )


def passage_subject(mentions: list[Mention], text: str) -> Mention | None:
    """The zone a passage is about: the first zone it names that is neither a containing
    area, a class of zones nor named in passing; else the first class of zones; else the
    first containing area named as a subject; else the first place named at all. Found
    over the whole text, so that a reference before the first name ("A new area in the
    north has …, Binhai New Area said") has its referent."""
    named = [m for m in mentions if m.place is not None]
    subjects = [m for m in named if not in_passing(m, mentions, text)]
    wholes = [m for m in subjects if m.place.kind not in CONTAINER_KINDS]
    # one zone before a class of zones: a text about a zone names the class as its
    # setting ("the assessment of national development zones"), a text about the class
    # states the class's own totals, attributed by name where they stand
    zones = [m for m in wholes if m.place.kind not in AGGREGATE_KINDS]
    for group in (zones, wholes, subjects, named):
        if group:
            return group[0]
    return None


class ZoneAttribution:
    """The zone rules above, bound to one gazetteer (for provinces, cities and the
    country a scope word names)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def begin(self, state: ReaderState, mentions: list[Mention], text: str) -> None:
        """Set the passage's subject before the first sentence is read."""
        subject = passage_subject(mentions, text)
        if subject is not None:
            state.topic, state.topic_text = subject.place, subject.text

    def after_sentence(self, state: ReaderState, mentions: list[Mention], sentence: str) -> None:
        """Carry what a sentence named: a new area named becomes the subject (texts move
        from one new area to the next), the last zone named is what 该区 means, the last
        province and city named are what 全省 and 全市 mean."""
        for m in mentions:
            if m.place is None:
                continue
            kind = m.place.kind
            # a new area named in passing (the whole the subject is part of, a model to
            # follow, where something lies) does not take over as the subject
            if (
                kind in TOPIC_KINDS
                and not is_locator(m, mentions, sentence)
                and not in_passing(m, mentions, sentence)
            ):
                state.topic, state.topic_text = m.place, m.text
                state.new_area = m.place
            elif kind == "province":
                state.province = m.place
            elif kind == "city":
                state.city = m.place
            if kind not in CONTAINER_KINDS and not in_passing(m, mentions, sentence):
                state.last_zone = m.place

    def zone_for(
        self,
        pos: int,
        mentions: list[Mention],
        state: ReaderState,
        sentence: str = "",
        *,
        scoped: bool = True,
    ) -> tuple[str | None, Place | None]:
        """The place a figure at `pos` is about (the module's rules 1-4). `scoped`:
        whether scope words may apply (not for the peer words of a rank, 居全省第一)."""
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, pos)), default=0)
        if scoped and (scope := self._scope(sentence, clause_start, pos, mentions, state)):
            return scope
        if clause_start and not _WORDS.search(sentence[clause_start:pos]):
            # a clause that opens with its figure has no subject of its own: it continues
            # the clause before ("X made 67 trips, 139 percent more than a year before")
            ends = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, clause_start - 1)]
            clause_start = max(ends, default=0)
        before = [
            m
            for m in mentions
            if m.end <= pos
            and m.text not in _SCOPE_WORDS
            and not is_locator(m, mentions, sentence)
            and not is_peer_set(m, sentence)
        ]
        # a zone that is a verb's object in an earlier clause (积极推进机场三期建设，新开通
        # 航线5条) does not carry to the clauses after it: only subjects carry
        zones = [
            m
            for m in before
            if (m.place is None or m.place.kind not in CONTAINER_KINDS)
            and (m.start >= clause_start or not _object_of_verb(m, sentence))
        ]
        in_clause = [
            m
            for m in before
            if m.start >= clause_start
            and not _IN_PASSING.search(sentence[max(0, m.start - 40) : m.start])
        ]
        # the nearest of the zones before and the containing areas of its own clause: a
        # city named as its own clause's subject after a zone takes that clause
        # (湘江新区GDP增长8%，长沙市GDP增长5%)
        chosen = sorted(zones[-1:] + in_clause[-1:], key=lambda m: m.start)[-1:]
        if chosen:
            m = chosen[-1]
            return m.text, m.place or self.referent(m, state, before)
        # a zone named after the figure in its own clause, where none is named before it:
        # "153 practices introduced in the FTZs", 122家企业落户CBD (here "in" names what
        # the figure is about, so only locators and peer sets are passed over)
        clause_end = next((m.start() for m in _CLAUSE_END.finditer(sentence, pos)), len(sentence))
        after = [
            m
            for m in mentions
            if pos < m.start < clause_end
            and m.place is not None
            and (m.place.kind not in CONTAINER_KINDS or m.place.kind == "region")
            and not is_locator(m, mentions, sentence)
            and not is_peer_set(m, sentence)
        ]
        if after:
            return after[0].text, after[0].place
        # a containing area that opens a clause is that clause's subject, and stays so for
        # the clauses after it in the sentence ("…by 2025, Chongqing should be home to
        # 25,000 SMEs, 2,500 … and 300 …"); one named inside a clause is not
        openers = [m for m in before if _opens_clause(m, sentence)]
        if openers:
            return openers[-1].text, openers[-1].place
        if state.topic is not None:
            return state.topic_text, state.topic
        named = [m for m in mentions if m.place is not None]
        return (named[0].text, named[0].place) if named else (None, None)

    def referent(
        self, mention: Mention, state: ReaderState, before: list[Mention] = ()
    ) -> Place | None:
        """What a reference means: 新区 / "the new area" the last new area named; a
        demonstrative (该区, 该地区, "this zone") the zone named last, earlier in the
        sentence (`before`: 据X数据，该地区…) or before it; any other (全区, "the area",
        "the district") the passage's subject."""
        if _NEW_AREA_WORD.search(mention.text) and state.new_area is not None:
            return state.new_area
        if _DEMONSTRATIVE.match(mention.text):
            named = [
                m.place
                for m in before
                if m.end <= mention.start
                and m.place is not None
                and m.place.kind not in CONTAINER_KINDS
            ]
            if named or state.last_zone is not None:
                return (named or [state.last_zone])[-1]
        return state.topic

    def _scope(
        self,
        sentence: str,
        clause_start: int,
        pos: int,
        mentions: list[Mention],
        state: ReaderState,
    ) -> tuple[str, Place] | None:
        """A wider territory named by a scope word that governs the figure: 全省 / "the
        province's" -> the province, 全市 / "the city's" -> the city, 全国 / "China's" ->
        the country; not when it is a share's denominator (占全省的, 全国50%), a
        comparison's base (高于全市) or a zone is named between it and the figure."""
        found = None
        for m in _SCOPE.finditer(sentence, clause_start, pos):
            lead = sentence[max(0, m.start() - 12) : m.start()]
            if _DENOMINATOR_BEFORE.search(lead) or _COMPARISON_BEFORE.search(lead):
                continue
            if _DENOMINATOR_AFTER.match(sentence[m.end() : pos + 8]):
                continue
            if any(m.end() <= z.start <= m.end() + 2 for z in mentions if z.place is not None):
                continue  # "China's Shanghai", 全国的: a locator of the place named next
            if any(clause_start <= z.start and z.end <= m.start() for z in mentions):
                continue  # a zone named before it in the clause keeps its figures
            if any(z.start >= m.end() and z.end <= pos and z.place is None for z in mentions):
                continue
            if any(
                z.start >= m.end() and z.end <= pos and z.place.kind not in CONTAINER_KINDS
                for z in mentions
                if z.place is not None
            ):
                continue
            found = m
        if found is None:
            return None
        word = found.group(0).casefold()
        named = [z.place for z in mentions if z.place is not None and z.end <= pos]
        subject = next((p for p in reversed(named) if p.kind not in CONTAINER_KINDS), state.topic)
        if re.search(r"省|province", word):
            place = state.province or self.province_of(subject)
        elif re.search(r"市|city|municipality", word):
            place = state.city or self.province_of(subject, municipal=True)
        else:
            place = self.gazetteer.place("china")
        return (found.group(0), place) if place is not None else None

    def province_of(self, topic: Place | None, *, municipal: bool = False) -> Place | None:
        """The ledger's province of a zone (a municipality only when `municipal`)."""
        if topic is None:
            return None
        key = self.gazetteer.province_of.get(topic.key)
        if key is None or (municipal and key not in self.gazetteer.municipalities):
            return None
        return self.gazetteer.place(key)


def joined_before(chosen: Mention, mentions: list[Mention], sentence: str) -> list[Mention]:
    """The zones joined with `chosen` into one subject, ending with it: 广州开发区和南沙
    经开区 -> both; a lone zone -> itself."""
    chain = [chosen]
    for m in sorted((m for m in mentions if m.end <= chosen.start), key=lambda m: -m.end):
        container = chosen.place is not None and chosen.place.kind in CONTAINER_KINDS
        if m.place is None or (m.place.kind in CONTAINER_KINDS) != container:
            break  # a zone and a province are not one subject (长沙高新区和湖南省)
        if not _JOIN.fullmatch(sentence[m.end : chain[0].start]):
            break
        chain.insert(0, m)
    return chain


def listed_after(pos: int, mentions: list[Mention], sentence: str) -> list[Mention]:
    """Zones listed after a dash or colon that follows `pos`, joined as one list."""
    after = [m for m in mentions if m.start >= pos and m.place is not None]
    if not after or not _LIST_INTRO.match(sentence[pos : after[0].start]):
        return []
    chain = [after[0]]
    for m in after[1:]:
        if not _JOIN.fullmatch(sentence[chain[-1].end : m.start]):
            break
        chain.append(m)
    return chain


def share_out(claims: list[Claim], mentions: list[Mention], sentence: str) -> list[Claim]:
    """A sentence's claims with joined subjects resolved: a figure of zones joined as one
    subject (X和Y进入前30强, "A and B each grew 5%") is a claim of each; with 分别 /
    "respectively" the figures go one to each zone in order (X和Y分别提升12位和34位); a rank
    followed by a list of zones after a dash ("three zones in the top ten – A, B and C")
    is a rank of each zone listed. Offsets are the sentence's."""
    out: list[Claim] = []
    handed: dict[tuple[int, bool], int] = {}
    seen: set[tuple] = set()
    for claim in claims:
        chain: list[Mention] = []
        if claim.kind == "rank":
            chain = listed_after(claim.end, mentions, sentence)
        named = [
            m
            for m in mentions
            if m.place is not None and m.text == claim.zone_text and m.end <= claim.start
        ]
        if not chain and named and claim.kind != "conversion":
            chain = joined_before(named[-1], mentions, sentence)
        keys = {m.place.key for m in chain if m.place is not None}
        given = {
            c.zone
            for c in claims
            if c is not claim and c.kind == claim.kind and c.start == claim.start
        }
        if len(chain) < 2 or given & (keys - {claim.zone}):
            # a lone zone, or a figure the reader already gave to the subject's zones
            out.append(claim)
            continue
        if _RESPECTIVELY.search(sentence[chain[-1].end : claim.end]):
            key = (chain[0].start, claim.kind == "rank")
            i = handed.get(key, 0)
            handed[key] = i + 1
            shared = [_about(claim, chain[i]) if i < len(chain) else claim]
        else:
            shared = [_about(claim, m) for m in chain]
        for c in shared:
            # a claim shared out to a zone that already holds it is kept once
            held = (c.kind, c.start, c.indicator, c.value, c.rank, c.zone, c.zone_text)
            if held not in seen:
                seen.add(held)
                out.append(c)
    return out


def _about(claim: Claim, mention: Mention) -> Claim:
    """The claim attributed to the zone a mention names."""
    place = mention.place
    return replace(
        claim,
        zone_text=mention.text,
        zone=place.key if place else None,
        zone_name=place.name if place else None,
        extra=dict(claim.extra),
    )
