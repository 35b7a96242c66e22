"""Reading quantitative claims out of a text (English or Chinese).

The text is cut into sentences (and at semicolons), each quantity in a sentence is
given an indicator (the nearest indicator words, or the noun a count qualifies), a
zone (the nearest zone named before it, else the zone the text is about), a period
(the nearest year, a relative period read from the text's date, or the period the
text last spoke of), a comparator and, for ranks, a peer set. The rules are the
statement grammar of `grammar` read backwards; see docs/narrative.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from zonemetrics.narrative import comparators
from zonemetrics.narrative.claim import Claim
from zonemetrics.narrative.gazetteer import Gazetteer, Mention, Place
from zonemetrics.narrative.lexicon import (
    GROWTH_MARKERS,
    NEW_CODES,
    NEW_MARKERS,
    TERMS,
    Term,
    find_terms,
    growth_code,
)
from zonemetrics.narrative.mentions import Quantity, chinese_quantities, english_quantities
from zonemetrics.narrative.parts_of_year import part_of_year, within_year
from zonemetrics.narrative.phrases import phrase_code
from zonemetrics.narrative.places import CONTAINER_KINDS
from zonemetrics.narrative.ranks import RankPhrase, find_ranks, peer_set_of
from zonemetrics.narrative.subjects import ZoneAttribution, share_out
from zonemetrics.narrative.timeframe import (
    CUMULATIVE_SINCE,
    NEAR_YEARS,
    PRESENT,
    SAME_PERIOD,
    TARGET,
    TextInfo,
    relative_period,
    split_header,
    years_in,
)

#: a sentence ends at a full stop followed by a space (a decimal point has none; "No. 5"
#: is an abbreviation), or at Chinese end punctuation, a semicolon or a line end
_SENTENCE = re.compile(r"[^。！？；;\n]+?(?:(?<!\bNo)(?<!\bno)\.(?=\s|$)|[。！？；;!?\n]|$)", re.S)
#: percentage points: the difference of two rates
_POINTS = re.compile(r"^\s*个?百分点")
#: words right before an amount of money that make it a change, not a level
_INCREMENT = re.compile(
    r"(?:增加|增长|减少|下降|净增|多出)了?\s*$"
    r"|\b(?:an? )?(?:increase|rise|growth|decrease|drop|decline) of\s*$"
    r"|\b(?:up|down|increased|rose|grew|fell|decreased|declined) by\s*$",
    re.IGNORECASE,
)
_OPENING = re.compile(r"[(（]\s*(?:about|around|approximately|roughly|or|约|合|折合)?\s*$", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
SHARE_EN = re.compile(
    r"^\s*(?:of|to)\s+(?:the\s+)?(?:total\s+)?(?P<whose>[A-Za-z'’ ]{0,40}?)\s*"
    r"(?P<what>total GDP|GDP|land area|land|economic output|economy|total [a-z ]+|total)",
    re.IGNORECASE,
)
#: "X% of the province's foreign trade", "of Gansu's industrial output": a share of a
#: named whole's indicator (the whole written as a possessive)
SHARE_EN_OF = re.compile(
    r"^\s*of\s+(?:the\s+)?(?P<whose>(?:[A-Z][\w-]*|province|city|municipality|country|nation"
    r"|region|district)(?:'s|’s))\s+(?:total\s+)?(?P<what>[a-z][a-z&' -]{1,40}?)"
    r"(?=\s*(?:[,.;(]|$|\b(?:in|and|while|with|during|for|last|this|from|at)\b))"
)
#: "12.4 percent of the national volume", "of the provincial total": a share of a whole
#: named by an adjective of its level rather than a possessive
SHARE_EN_LEVEL = re.compile(
    r"^\s*of\s+(?:the\s+)?(?P<whose>national|country's|nation's|provincial|province's"
    r"|municipal|city's)\s+(?:total\s+)?(?P<what>[a-z][a-z&' -]{1,30}?)"
    r"(?=\s*(?:[,.;(]|$|\b(?:in|and|while|with|during|for|last|this|from|at)\b))",
    re.IGNORECASE,
)
SHARE_ZH = re.compile(
    r"占(?P<whose>全省|全市|全国|[^，,。]{0,8}?)(?P<what>[^，,。]{0,12}?)(?:的)?(?:比重|比例)?$"
)
_CONTAINERS = CONTAINER_KINDS
#: a rank moved by some places (提升12位, 下降3名, 比去年前进5位): 位 / 名 count places
_MOVED = re.compile(r"(?:上升|提升|前进|跃升|提高|攀升|下降|下滑|后退|回落|上移|下移)了?\s*$")
#: the kind of figure each indicator word names (money, count, area, ...)
_AMOUNT_CODES = {term.code: term.unit_kind for term in TERMS}
_GENERIC = ("other:enterprises", "other:investment")
#: where a clause ends, for what governs a figure
_CLAUSE_END = re.compile(r"[，,；;：:]")
_UNDATED = ("land_area", "other:actual_jurisdiction_area", "share_of_province_land")
_FLOW = re.compile(r"^(?:new_|other:new_|other:cumulative)|_growth$|growth_real$")


#: the months in which a year's annual statistics are published (January to April)
_PUBLICATION_MONTHS = 4


def _early_in_year(info: TextInfo) -> bool:
    month = re.match(r"\d{4}-(\d{2})", info.date or "")
    return bool(month) and int(month.group(1)) <= _PUBLICATION_MONTHS


def language_of(text: str) -> str:
    """'zh' when a fifth or more of the letters are Chinese characters, else 'en'."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    return "zh" if len(_CJK.findall(text)) / len(letters) > 0.2 else "en"


def sentences(body: str) -> list[tuple[int, str]]:
    """Sentences (and semicolon clauses) with their offsets in the body."""
    return [(m.start(), m.group(0)) for m in _SENTENCE.finditer(body) if m.group(0).strip()]


@dataclass
class _State:
    """What the reader carries from sentence to sentence."""

    topic: Place | None = None
    topic_text: str | None = None
    context_period: str | None = None
    context_zone: str | None = None
    ranking_period: str | None = None  # the year of a ranking or assessment the text names
    sentence_period: str | None = None  # named earlier in the same sentence (before a ；)
    new_area: Place | None = None  # the last new area named
    province: Place | None = None  # the last province named
    city: Place | None = None  # the last city named
    last_zone: Place | None = None  # the last zone named (what 该区 means)
    claims: list[Claim] = field(default_factory=list)


def _nearest_term(
    terms: list[tuple[int, int, Term]], lo: int, hi: int, kinds: tuple[str, ...] | None = None
) -> tuple[int, int, Term] | None:
    found = [
        t for t in terms if lo <= t[0] and t[1] <= hi and (kinds is None or t[2].unit_kind in kinds)
    ]
    return found[-1] if found else None


def _first_term_after(
    terms: list[tuple[int, int, Term]], lo: int, hi: int
) -> tuple[int, int, Term] | None:
    found = [t for t in terms if lo <= t[0] < hi]
    return found[0] if found else None


def _share_code(base: str | None, whose: str, gazetteer_kind: str | None) -> str:
    province = gazetteer_kind == "province" or re.search(r"province|全省|省", whose or "")
    if base == "gdp" and province:
        return "share_of_province_gdp"
    if base == "land_area" and province:
        return "share_of_province_land"
    if base == "innovation_platforms_state_level" and province:
        return "share_of_province_platforms"
    name = (base or "unknown").removeprefix("other:")
    # the whole named: a share of the province's, the city's or the nation's total
    if gazetteer_kind in ("province", "city"):
        return f"other:share_of_{gazetteer_kind}_{name}"
    for pattern, whole in _WHOLES:
        if pattern.search(whose or ""):
            return f"other:share_of_{whole}_{name}"
    return f"other:share_of_{name}"


_WHOLES = (
    (re.compile(r"province|全省|省", re.IGNORECASE), "province"),
    (re.compile(r"\bcity\b|municipality|全市|市", re.IGNORECASE), "city"),
    (re.compile(r"\bnation|country|China|全国|我国", re.IGNORECASE), "national"),
)


class Extractor:
    """Extract claims from texts with one gazetteer (built once from the ledger)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.attribution = ZoneAttribution(gazetteer)

    def extract(self, text: str, info: TextInfo | None = None) -> list[Claim]:
        header, body = split_header(text)
        info = info or header
        if info.date is None and header.date is not None:
            info = header
        lang = language_of(body)
        state = _State()
        zone_mentions = self.gazetteer.find(body)
        self.attribution.begin(state, zone_mentions, body)
        for offset, sentence in sentences(body):
            mentions = [
                Mention(m.start - offset, m.end - offset, m.text, m.place)
                for m in zone_mentions
                if offset <= m.start < offset + len(sentence)
            ]
            new = self._sentence(sentence, lang, mentions, info, state)
            if sentence.rstrip()[-1:] in ";；":
                named = [c.period for c in new if c.period and not c.period_inferred]
                state.sentence_period = named[-1] if named else state.sentence_period
            else:
                state.sentence_period = None
            for claim in new:
                claim.start += offset
                claim.end += offset
            state.claims.extend(new)
            self.attribution.after_sentence(state, mentions, sentence)
        return state.claims

    # -- one sentence -------------------------------------------------------------

    def _zone_for(
        self,
        pos: int,
        mentions: list[Mention],
        state: _State,
        sentence: str = "",
        *,
        scoped: bool = True,
    ) -> tuple[str | None, Place | None]:
        """The place a figure at `pos` is about (see `subjects`)."""
        return self.attribution.zone_for(pos, mentions, state, sentence, scoped=scoped)

    def _referent(self, mention: Mention, state: _State) -> Place | None:
        """What a reference by type (全区, "the area") means (see `subjects`)."""
        return self.attribution.referent(mention, state)

    def _period_for(
        self,
        sentence: str,
        pos: int,
        end: int,
        indicator: str | None,
        info: TextInfo,
        state: _State,
        lang: str = "en",
        zone: str | None = None,
    ) -> tuple[str | None, bool]:
        """The figure's year (or span), from the sentence, the text's date or the
        sentences before it; `narrowed` then applies the part of the year the clause names."""
        text_year = info.year
        if indicator in _UNDATED and not years_in(sentence):
            return None, False
        since = CUMULATIVE_SINCE.search(sentence)
        near = NEAR_YEARS.search(sentence)
        if since and near and re.search(r"累计|年均", sentence[max(0, pos - 12) : pos]):
            last = int(since.group(1))
            span = _zh_int(near.group(1))
            return f"{last - span + 1}-{last}", True
        years = years_in(sentence)
        if lang == "zh" and any(at < pos for at, _ in years):
            years = [y for y in years if y[0] < pos]  # 2020年的2511亿元: the year comes first
        if years:

            def distance(item: tuple[int, str]) -> int:
                at = item[0]
                return at - end if at >= end else (pos - at) + 1

            nearest = min(years, key=distance)
            return nearest[1], False
        if state.sentence_period:
            return state.sentence_period, False
        if relative := relative_period(sentence, text_year):
            return relative, True
        if PRESENT.search(sentence):
            # a stock "at present" is dated by the text's own date, never by the year
            # an earlier figure was given for
            return (str(text_year), True) if text_year else (None, False)
        # a period is carried from an earlier sentence only when the text says so
        # (同期, "in the same period"); otherwise an undated figure stays undated
        if SAME_PERIOD.search(sentence) and state.context_period:
            context = state.context_period
            if zone is None or state.context_zone in (None, zone):
                return context, True
        # annual statistics come out in the first months after their year ends: a text
        # dated then reports the year just ended, a text dated later the year so far
        if text_year:
            return str(text_year - 1 if _early_in_year(info) else text_year), True
        return None, False

    def _indicator_for(
        self,
        q: Quantity,
        sentence: str,
        terms: list[tuple[int, int, Term]],
        window_start: int,
        next_start: int,
        lang: str,
        previous: str | None = None,
    ) -> tuple[str | None, str]:
        """The indicator code and the claim kind for one quantity."""
        left = sentence[window_start : q.start]
        right = sentence[q.end : next_start]
        near_left = _nearest_term(terms, window_start, q.start)
        any_left = near_left or _nearest_term(terms, 0, q.start)
        if q.unit in ("%", "pp"):
            share = None
            if lang == "en":
                share = (
                    SHARE_EN.match(right) or SHARE_EN_OF.match(right) or SHARE_EN_LEVEL.match(right)
                )
            zh_share = SHARE_ZH.search(left) if lang == "zh" and "占" in left else None
            if share or zh_share:
                what = (share["what"] if share else zh_share["what"]) or ""
                whose = (share["whose"] if share else zh_share["whose"]) or ""
                base_terms = find_terms(what)
                base = base_terms[0][2].code if base_terms else None
                if base is None and re.search(r"land", what, re.I):
                    base = "land_area"
                if base is None and re.search(r"econom", what, re.I):
                    base = "gdp"
                own = re.match(r"^\s*(?:its|their|the zone's|the area's)?\s*$", whose or "", re.I)
                if base == "gdp" and any_left and any_left[2].code == "rd_expenditure" and own:
                    return "rd_intensity", "level"
                if base is None and any_left is not None:
                    base = any_left[2].code
                if base is None and share is not None and share["what"].strip() != "total":
                    # "of the province's exports": the noun phrase of the whole
                    base = "other:" + "_".join(share["what"].casefold().replace("-", " ").split())
                if base is None:
                    # "exports were 20% of the national total": the figure's own noun
                    named = phrase_code(sentence, q.start, q.end, lang, False)
                    base = None if named == "other:unnamed" else named
                scope = whose + " " + (right if share else left)
                place = [m for m in self.gazetteer.find(scope) if m.place is not None]
                kind = place[0].place.kind if place else None
                return _share_code(base, scope, kind), "share"
            gap = re.match(
                r"^\s*(?:and [\d.]+%?\s*)?(?:higher|lower|more|less) than\s+(?P<base>.{0,30})",
                sentence[q.end :],
            )
            if gap and not re.match(
                r"(?:in\s+)?(?:(?:19|20)\d\d|last year|the (?:previous|preceding|same period"
                # "than the year-earlier level", "than last year's": the figure's own
                # past value, so a growth rate, not a gap between two rates
                r"|year before|year-earlier)|a year (?:earlier|ago)|(?:last|the previous) year's)",
                gap["base"],
            ):
                # "3% higher than the national average": a gap between two rates
                return "other:growth_gap", "growth"
            if gap:
                # "9 percent higher than in 2022": the growth of the figure before it
                base = any_left[2].code if any_left else None
                return growth_code(base), "growth"
            growth_span = sentence[(near_left[1] if near_left else window_start) : q.start]
            if GROWTH_MARKERS.search(growth_span) or re.match(r"^\s*year-on-year", right):
                base = any_left[2].code if any_left else None
                if base and base.startswith("other:share"):
                    base = None
                if base is None:
                    # no indicator word: the growth of the noun phrase the clause names
                    # ("its exports grew 12 percent" -> other:exports_growth)
                    named = phrase_code(sentence, q.start, q.end, lang, False)
                    base = None if named == "other:unnamed" else named
                return growth_code(base), "growth"
            if any_left is not None and any_left[2].unit_kind in ("percent", "any"):
                return any_left[2].code, "level"
            return (any_left[2].code if any_left else None), "level"
        if q.unit in ("km2", "m2"):
            term = _nearest_term(terms, 0, q.start, ("area",))
            if term is not None and (q.unit == "km2" or term[2].code != "land_area"):
                return term[2].code, "level"
            return ("land_area" if q.unit == "km2" else "other:floor_area"), "level"
        if q.unit == "persons":
            return "population", "level"
        if q.unit in ("CNY", "USD"):
            term = near_left if near_left and near_left[2].unit_kind in ("money", "any") else None
            term = term or _nearest_term(terms, 0, q.start, ("money",))
            if term is None:
                term = _first_term_after(terms, q.end, next_start)
            bracketed = re.match(r"\s*\([^()]{0,40}\)\s*in\s+", sentence[q.end :])
            if term is None and bracketed:
                # "realized 22 billion yuan (US$3 billion) in industrial output": the noun
                # after "in" names the amount, past its bracketed conversion
                after = q.end + bracketed.end()
                term = _first_term_after(terms, after, after + 40)
            code = term[2].code if term else None
            return code, "level"
        if q.unit == "places" and _MOVED.search(sentence[max(0, q.start - 8) : q.start]):
            return "other:rank_change", "level"
        if q.unit == "places":
            # 位 / 名 after no rank move count people (引进博士200名, 院士5位)
            return phrase_code(sentence, q.start, q.end, lang, True), "count"
        scaled = lang == "zh" and re.search(r"[亿万]", q.text)
        if q.unit is None and scaled and any_left is not None and any_left[2].unit_kind == "money":
            return any_left[2].code, "level"
        # counts: "such" firms, the noun after the number, else the words before it
        specific = [t for t in terms if t[1] <= q.start and t[2].code not in _GENERIC]
        if lang == "en" and re.match(r"^\s*such\b", right) and specific:
            return _count_code(
                specific[-1][2].code, sentence, right, q, lang, specific[-1]
            ), "count"
        after = _first_term_after(terms, q.end, min(next_start, q.end + 60))
        reach = 60 if lang == "en" else 0
        term = after if after is not None and (after[0] - q.end) <= reach else None
        if term is not None and re.search(r"[,;.，；。]", sentence[q.end : term[0]]):
            term = None
        if term is None and lang == "en" and re.match(r"^[\w\s-]*\b(?:and|or)\s*$", right):
            term = _first_term_after(terms, q.end, q.end + 100)
        if (
            term is None
            and lang == "en"
            and near_left is not None
            and near_left[2].unit_kind == "count"
            and not re.match(r"^\s*(?!(?:in|to|from|by|at|on|and|or|as|of|for)\b)[a-z]", right)
        ):
            # "the number of high-tech firms rose from 50 to 300": a bare count takes
            # the counted noun its clause names before it
            term = near_left
        if lang == "zh" and near_left is not None:
            # a Chinese count names what it counts in its own clause (引进项目30个); an
            # indicator word across a comma belongs to the figure before
            breaks = _CLAUSE_END.finditer(sentence, 0, q.start)
            clause_at = max((m.end() for m in breaks), default=0)
            near_left = near_left if near_left[0] >= clause_at else None
            term = term or near_left
        if term is None:
            if re.match(r"^\s*(?:[,.;)]|$)", right) and near_left is not None:
                term = near_left
            elif lang == "zh" and q.unit == "count":
                if re.search(r"累计|总数|共", left) and previous is not None:
                    stock = {v: k for k, v in NEW_CODES.items()}.get(previous, previous)
                    return stock, "count"
                # the noun phrase of its clause, else a count of what the counter counts
                named = phrase_code(sentence, q.start, q.end, lang, True)
                return (named if named != "other:unnamed" else "other:count"), "count"
            else:
                return None, "count"
        return _count_code(term[2].code, sentence, right, q, lang, term), "count"

    def _sentence(
        self,
        sentence: str,
        lang: str,
        mentions: list[Mention],
        info: TextInfo,
        state: _State,
    ) -> list[Claim]:
        quantities = english_quantities(sentence) if lang == "en" else chinese_quantities(sentence)
        # a rank's own numbers (top 10, 前十) and its peer set's size are not figures
        rank_spans = [
            span
            for phrase in find_ranks(sentence, lang)
            for span in (phrase.count_span, phrase.number_span)
            if span is not None
        ]
        quantities = [q for q in quantities if not any(s <= q.start < e for s, e in rank_spans)]
        quantities = [q for q in quantities if not counts_its_list(sentence, q)]
        terms = find_terms(sentence)
        claims: list[Claim] = []
        previous_end = 0
        target = TARGET.search(sentence)
        for i, q in enumerate(quantities):
            next_start = quantities[i + 1].start if i + 1 < len(quantities) else len(sentence)
            if q.unit == "sq_mi":
                continue
            opening = sentence[max(0, q.start - 16) : q.start]
            if _OPENING.search(opening) and claims and q.unit in ("USD", "CNY"):
                base = claims[-1]
                if base.unit in ("USD", "CNY") and base.unit != q.unit:
                    base.converted_value = q.value
                    base.converted_unit = q.unit
                    claims.append(self._conversion(base, q))
                    previous_end = q.end
                    continue
            points = q.unit == "pp" or bool(_POINTS.match(sentence[q.end :]))
            if points:
                # percentage points (高于全市1.1个百分点) are a gap between two rates: a
                # claim of its own, never the rate itself
                q = replace(q, unit="pp")
            if q.unit in ("USD", "CNY", "persons") and _INCREMENT.search(
                sentence[max(0, q.start - 24) : q.start]
            ):
                previous_end = q.end
                continue  # '比上年增加200亿元' is a change of the level, not a level
            last = claims[-1].indicator if claims and claims[-1].unit == "count" else None
            indicator, kind = self._indicator_for(
                q, sentence, terms, previous_end, next_start, lang, last
            )
            previous_end = q.end
            if indicator is None:
                # number-anchored: a figure no indicator word names is still a claim,
                # named by its noun phrase; a bare number with no words for it is not
                indicator = phrase_code(sentence, q.start, q.end, lang, kind == "count")
                if indicator == "other:unnamed" and q.unit in (None, "count"):
                    continue
            if q.unit == "%" and kind == "level" and _AMOUNT_CODES.get(indicator) == "money":
                # a rate is never the level of an amount: in a parallel list ("growth in A
                # is 16 percent, B is 15.5 percent") it is the rate the sentence last named
                rates = [c for c in claims if c.unit == "%" and c.kind in ("growth", "level")]
                rates = [c for c in rates if not (c.indicator or "").endswith("_gap")]
                if rates:
                    indicator, kind = rates[-1].indicator or indicator, rates[-1].kind
                else:
                    # with no rate named before, it is a relative change of the amount
                    # ("revised its GDP down by 30 percent")
                    indicator, kind = f"other:{indicator.removeprefix('other:')}_change", "growth"
            if points:
                indicator = "other:" + indicator.removeprefix("other:") + "_gap"
                kind = "growth"
            if (
                q.unit == "times"
                and indicator == "other:unnamed"
                and claims
                and claims[-1].kind != "conversion"
            ):
                # 是2018年的2倍, "twice the 2018 level": a multiple with no noun of its
                # own compares the figure just stated
                indicator = claims[-1].indicator or indicator
            if q.unit == "times" and not indicator.endswith("_multiple"):
                # a multiple (3倍, "doubled") is of a level, never the level itself
                indicator = "other:" + indicator.removeprefix("other:") + "_multiple"
            zone_text, place = self._zone_for(q.start, mentions, state, sentence)
            found = self._period_for(
                sentence, q.start, q.end, indicator, info, state, lang, place.key if place else None
            )
            words = _Beside.of(sentence, quantities, i)
            period, inferred = narrowed(found, words)
            comparator = comparators.comparator(sentence, q, lang)
            unit = q.unit or ("CNY" if kind == "level" else "count")
            if indicator == "population" and unit == "count":
                unit = "persons"
            if q.unit == "places" and kind == "count":
                unit = "persons"
            if indicator.startswith("other:share_of_") and place is not None:
                indicator = self._municipal_share(indicator, sentence, q.start, place)
            if kind == "level" and unit == "count":
                kind = "count"
            if comparator == "first_time_above":
                kind = "threshold"
            claim = Claim(
                kind=kind,
                text=sentence.strip(),
                indicator=indicator,
                zone_text=zone_text,
                zone=place.key if place else None,
                zone_name=place.name if place else None,
                period=period,
                period_inferred=inferred,
                value=q.value,
                unit=unit,
                rounding=q.rounding,
                comparator=comparator,
                start=q.start,
                end=q.end,
                extra={"value_text": q.text},
            )
            land = indicator == "land_area"
            if boundary := boundary_named(words.own, land=land) or boundary_named(words.lead):
                claim.extra["boundary"] = boundary
            if indicator == "population" and (residence := population_kind_beside(words)):
                claim.extra["population_kind"] = residence
            if target and target.start() < q.start and not re.search(r"reached|达到", sentence):
                claim.modality = "target"
                claim.period = next(g for g in target.groups() if g)
                claim.period_inferred = False
            claims.append(claim)
        claims = _merge_from_to(sentence, claims)
        definition = definition_named(sentence)
        for c in claims:
            if definition and c.indicator in ("land_area", "share_of_province_land"):
                c.extra["definition"] = definition
                c.extra.pop("boundary", None)
        shares = [c for c in claims if c.kind == "share"]
        if len(shares) >= 2:
            for c in shares:
                c.kind = "share_pair"
        claims.extend(self._ranks(sentence, lang, claims, terms, mentions, info, state))
        claims = share_out(claims, mentions, sentence)
        if claims:
            periods = [
                c.period
                for c in claims
                if c.period and not c.period_inferred and c.modality == "actual"
            ]
            relative = relative_period(sentence, info.year)
            if periods:
                state.context_period = periods[-1]
            elif relative:
                state.context_period = relative
            if periods or relative:
                state.context_zone = claims[-1].zone
        elif relative := relative_period(sentence, info.year):
            state.context_period = relative
        return claims

    def _municipal_share(self, indicator: str, sentence: str, pos: int, place: Place) -> str:
        """全市 in a text about Shanghai, Tianjin, Chongqing or Beijing is the province."""
        province = self.gazetteer.province_of.get(place.key)
        before = sentence[max(0, pos - 20) : pos]
        if province in self.gazetteer.municipalities and re.search(r"全市|市", before):
            base = indicator.removeprefix("other:share_of_").removeprefix("city_")
            if base in ("gdp", "land_area"):
                return "share_of_province_" + ("gdp" if base == "gdp" else "land")
        return indicator

    def _conversion(self, base: Claim, q: Quantity) -> Claim:
        indicator = (base.indicator or "value") + ("_usd" if q.unit == "USD" else "_cny")
        return Claim(
            kind="conversion",
            text=base.text,
            indicator=indicator,
            zone_text=base.zone_text,
            zone=base.zone,
            zone_name=base.zone_name,
            period=base.period,
            period_inferred=base.period_inferred,
            value=q.value,
            unit=q.unit,
            rounding=q.rounding,
            comparator=base.comparator,
            converted_value=base.value,
            converted_unit=base.unit,
            start=q.start,
            end=q.end,
            extra={"value_text": q.text, "converted_from": base.extra.get("value_text")},
        )

    def _ranks(
        self,
        sentence: str,
        lang: str,
        claims: list[Claim],
        terms: list[tuple[int, int, Term]],
        mentions: list[Mention],
        info: TextInfo,
        state: _State,
    ) -> list[Claim]:
        out: list[Claim] = []
        values = [c for c in claims if c.kind != "conversion"]
        if year := ranking_year(sentence):
            state.ranking_period = year
        for phrase in find_ranks(sentence, lang):
            targets = _rank_targets(phrase, values, terms, sentence)
            targets = [_growth_of(t, sentence, phrase.start) for t in targets]
            zones = _coordinated(sentence, mentions, phrase.start)
            if len(phrase.ranks) == 1:
                pairs = [(phrase.ranks[0], target, None) for target in targets]
                if len(zones) > 1 and len(targets) == 1 and not isinstance(targets[0], Claim):
                    # 甲和乙进入前30强, "A and B are in the top ten": each zone holds the rank
                    pairs = [(phrase.ranks[0], targets[0], z) for z in zones]
            elif len(zones) == len(phrase.ranks) and not any(isinstance(t, Claim) for t in targets):
                # 甲和乙分别位居第3和第27名: the ranks read one to one with the zones
                pairs = [(r, targets[0], z) for r, z in zip(phrase.ranks, zones, strict=True)]
            else:
                pairs = [(r, t, None) for r, t in zip(phrase.ranks, targets, strict=False)]
            for rank, target, zone in pairs:
                out.append(
                    self._rank_claim(phrase, rank, target, sentence, mentions, info, state, zone)
                )
        return out

    def _rank_claim(
        self,
        phrase: RankPhrase,
        rank: int,
        target: Claim | str | None,
        sentence: str,
        mentions: list[Mention],
        info: TextInfo,
        state: _State,
        subject: Mention | None = None,
    ) -> Claim:
        if isinstance(target, Claim):
            indicator, zone_text, zone, zone_name = (
                target.indicator,
                target.zone_text,
                target.zone,
                target.zone_name,
            )
            period, inferred = target.period, target.period_inferred
        else:
            indicator = target
            if subject is not None:
                zone_text, place = subject.text, subject.place or self._referent(subject, state)
            else:
                zone_text, place = self._zone_for(
                    phrase.start, mentions, state, sentence, scoped=False
                )
            zone = place.key if place else None
            zone_name = place.name if place else None
            found = self._period_for(sentence, phrase.start, phrase.end, indicator, info, state)
            if found[0] is None and not years_in(sentence) and state.ranking_period:
                # a rank read from a ranking the text dated (2017年…考核评价结果, "the 2023
                # list") is of that ranking's year
                found = (state.ranking_period, True)
            words = _Beside(sentence[: phrase.start], "", sentence[phrase.end :])
            period, inferred = narrowed(found, words)
        return Claim(
            kind="rank",
            text=sentence.strip(),
            indicator=indicator,
            zone_text=zone_text,
            zone=zone,
            zone_name=zone_name,
            period=period,
            period_inferred=inferred,
            rank=rank,
            peer_set=phrase.peer_set or peer_set_of(sentence),
            peer_count=phrase.peer_count,
            comparator=phrase.comparator,
            start=phrase.start,
            end=phrase.end,
            extra={"peer_text": phrase.peer_text}
            | ({"rank_from": phrase.rank_from} if phrase.rank_from else {}),
        )


_BOUNDARIES = (
    (
        "directly_administered",
        re.compile(
            r"直管区|直管范围|direct(?:ly)?[- ](?:administer|manag)\w*|direct administration", re.I
        ),
    ),
    ("whole_area", re.compile(r"全域|\b(?:the )?(?:whole|entire) (?:new )?area\b", re.I)),
)
#: a boundary word that names a share's denominator (占全域的) is not the figure's boundary
_DENOMINATOR = re.compile(r"(?:占|\b(?:share|proportion|percent) of(?: the)?)\s*$", re.I)
#: nor, for any figure but the land area itself, one that names a land area (全域面积,
#: 直管区规划面积, "whose whole area spans", "with a whole area of")
_LAND = re.compile(
    r"^\s*(?:(?:总|规划|国土)?面积|(?:spans|covers|measures)\b|of\s*(?:(?:about|some)\s+)?(?:\d|$))",
    re.I,
)


def boundary_named(words: str, *, land: bool = False) -> str | None:
    """The boundary (caliber) that words beside a figure give it: 直管区 (the directly
    administered area) or 全域 (the whole area), the two that split a new area's series;
    the nearest one named wins. `land`: the figure is the land area the words describe."""
    found = [
        (m.start(), code)
        for code, pattern in _BOUNDARIES
        for m in pattern.finditer(words)
        if not _DENOMINATOR.search(words[: m.start()])
        and (land or not _LAND.search(words[m.end() :]))
    ]
    return max(found)[1] if found else None


_RESIDENT = re.compile(r"常住|\b(?:resident|permanent)\b", re.IGNORECASE)
_REGISTERED = re.compile(r"户籍|\bregistered\b|\bhukou\b", re.IGNORECASE)


#: words between a population term and its figure that keep the term's kind (常住人口比上年
#:增加2万人，达到120万人: the 120万 is the resident population)
_REACHING = re.compile(r"[\s，,、]*(?:达到|达|为|增至|增加到|to|reaching|reached|of)?\s*", re.I)


def population_kind_beside(words: _Beside) -> str | None:
    """Whether a population figure counts residents or registered people: from the words
    before it, or right after it ("1.2 million permanent residents"), or, when only a verb
    such as 达到 separates it from the sentence's lead, from the lead."""
    kind = population_kind(words.own) or population_kind(words.after)
    if kind is None and _REACHING.fullmatch(words.own):
        kind = population_kind(words.lead)
    return kind


def population_kind(words: str) -> str | None:
    """'resident' (常住) or 'registered' (户籍) when the words say which, and only one."""
    resident, registered = _RESIDENT.search(words), _REGISTERED.search(words)
    if bool(resident) == bool(registered):
        return None
    return "resident" if resident else "registered"


@dataclass(frozen=True)
class _Beside:
    """The words beside one figure of a sentence: its own (since the figure before it),
    the sentence's lead (before its first figure, which speaks for every figure in it),
    and what follows it up to the next comma."""

    own: str
    lead: str
    after: str

    @classmethod
    def of(cls, sentence: str, quantities: list[Quantity], i: int) -> _Beside:
        q = quantities[i]
        own = sentence[quantities[i - 1].end if i else 0 : q.start]
        lead = sentence[: quantities[0].start] if i else ""
        after = re.split(r"[,;，；。]", sentence[q.end :], maxsplit=1)[0]
        return cls(own, lead, after)


def narrowed(found: tuple[str | None, bool], words: _Beside) -> tuple[str | None, bool]:
    """A figure's period narrowed to the part of the year the words beside it name: a
    phrase right after it ("120 billion yuan in the first half"), else the nearest in its
    own words (从一季度的500亿元), else one in the sentence's opening words up to its first
    comma (前三季度，…), which speak for every figure in it; a phrase that belongs to the
    first figure alone (5-6月开工项目30个，…) does not spread to the others."""
    period, inferred = found
    if period is None:
        return found
    head, *rest = re.split(r"[，,]", words.lead, maxsplit=1)
    opening = head if rest else ""  # without a comma the lead is the first figure's own
    part = (
        part_of_year(words.after, trailing=True)
        or part_of_year(words.own)
        or part_of_year(opening, first=True)
    )
    return within_year(period, part), inferred


def definition_named(sentence: str) -> str | None:
    """The area definition a sentence names ("measured by its planning area", 按规划面积计)."""
    from zonemetrics.narrative.grammar import DEFINITIONS

    for code, (en, zh) in DEFINITIONS.items():
        if re.search(rf"(?:measured by|by|under) its {re.escape(en)}", sentence, re.I):
            return code
        if f"按{zh}计" in sentence:
            return code
    return None


def _count_code(
    code: str, sentence: str, right: str, q: Quantity, lang: str, term: tuple[int, int, Term]
) -> str:
    """A count's indicator: a flow when 新增 / "establishment of" marks it; municipal
    little giants apart from the national list."""
    clause = max(sentence.rfind(c, 0, min(term[0], q.start)) for c in ",，、;；") + 1
    marker_zone = sentence[: q.end] if lang == "en" else sentence[clause : q.end]
    if code in NEW_CODES and NEW_MARKERS.search(marker_zone):
        code = NEW_CODES[code]
    if re.search(r"municipal|市级", right) and "little" in code:
        code = "other:municipal_little_giants"
    return code


def _zh_int(text: str) -> int:
    from zonemetrics.narrative.numerals import zh_numeral_value

    if text.isdigit():
        return int(text)
    return int(zh_numeral_value(text) or 0)


def _growth_of(target: Claim | str | None, sentence: str, at: int) -> Claim | str | None:
    """ "GDP reached X, its growth ranked second": the rank is of the growth rate."""
    if not isinstance(target, Claim) or (target.indicator or "").endswith(("growth", "_real")):
        return target
    if GROWTH_MARKERS.search(sentence[target.end : at]):
        return replace(target, indicator=growth_code(target.indicator), kind="growth")
    return target


def _rank_targets(
    phrase: RankPhrase, values: list[Claim], terms: list[tuple[int, int, Term]], sentence: str
) -> list[Claim | str | None]:
    """What each rank of a phrase ranks: the claims before it ('respectively'), the one
    claim before it, the first after it, or the indicator words listed before it."""
    before = [c for c in values if c.end <= phrase.start]
    if phrase.respectively and len(before) >= len(phrase.ranks):
        return list(before[-len(phrase.ranks) :])
    listed = [t for t in terms if t[1] <= phrase.start and t[2].code not in _GENERIC]
    clause_start = max(sentence.rfind(c, 0, phrase.start) for c in ",，;；") + 1
    clause = sentence[clause_start : phrase.start]
    if "、" in clause and not before:
        # 上市企业数量、单项冠军企业数等五项指标均居第二: one rank per listed indicator
        items = clause.split("、")
        codes = []
        for item in items:
            found = [t for t in find_terms(item) if t[2].code not in _GENERIC]
            codes.append(found[0][2].code if found else "other:unnamed")
        return codes * len(phrase.ranks) if len(phrase.ranks) == 1 else codes
    listed = [t for t in listed if not before or t[0] >= before[-1].end]
    if before and (before[-1].end > clause_start or not listed):
        return [before[-1]] * len(phrase.ranks)
    after = [c for c in values if c.start >= phrase.end]
    if after and not listed:
        return [after[0]] * len(phrase.ranks)
    # the indicator words in the rank's own clause (新区经济总量位居…之首), else those
    # right after it in the same clause ("ranked first in GDP growth")
    clause_end = _CLAUSE_END.search(sentence, phrase.end)
    stop = clause_end.start() if clause_end else len(sentence)
    following = [t for t in terms if phrase.start <= t[0] < stop and t[2].code not in _GENERIC]
    named = listed[-1] if listed else (following[0] if following else None)
    if named is not None:
        code = named[2].code
        if code in NEW_CODES and NEW_MARKERS.search(sentence):
            code = NEW_CODES[code]
        if named[1] <= phrase.start and GROWTH_MARKERS.search(sentence[named[1] : phrase.start]):
            code = growth_code(code)
        return [code] * len(phrase.ranks)
    growth = GROWTH_MARKERS.search(sentence[: phrase.start])
    return ["other:growth" if growth else "other:unnamed"] * len(phrase.ranks)


#: a ranking, list or assessment named with its year (2017年…考核评价结果, "the 2023
#: ranking", "2019 list of the top 100"): the ranks the text reads from it are of that year
_RANKING_YEAR = re.compile(
    r"((?:19|20)\d{2})年(?:度)?[^，,。；;]{0,30}?(?:排名|排行|榜|评价|考核|评估|评比|测评)"
    r"|\b((?:19|20)\d{2})\s+(?:[A-Za-z-]+\s+){0,4}?(?:ranking|rankings|list|index|evaluation"
    r"|assessment|survey)\b",
    re.IGNORECASE,
)
#: words that join the zones of one coordinated subject (甲和乙, "A and B", 甲、乙)
_JOINED = re.compile(r"\s*(?:和|与|及|以及|、|,\s*and|and)\s*", re.IGNORECASE)


def counts_its_list(sentence: str, q: Quantity) -> bool:
    """Whether a count only restates how many items the words right before it list
    (产业基础、对外贸易两项排名; 甲、乙、丙三个方面): a structural count, not a figure.
    A list closed by 等 (甲、乙等2个产业集群) gives examples of what is counted: the count
    stays a figure."""
    if q.unit != "count" or q.value < 2 or sentence[: q.start].endswith("等"):
        return False
    clause = re.split(r"[，,；;：:。（(]", sentence[: q.start])[-1]
    clause = re.sub(r"^.*?(?:在|从|对|就|围绕|聚焦|包括|涵盖)", "", clause)
    items = [item for item in clause.split("、") if item.strip()]
    return len(items) >= 2 and len(items) == q.value


def ranking_year(sentence: str) -> str | None:
    found = _RANKING_YEAR.search(sentence)
    return (found[1] or found[2]) if found else None


def _coordinated(sentence: str, mentions: list[Mention], at: int) -> list[Mention]:
    """The zones of a coordinated subject before a rank (广州开发区和南沙经开区进入前30强,
    "A and B ranked 3rd and 27th respectively"): two or more named zones joined only by
    conjunctions, the last such group before `at`; else none."""
    named = [
        m
        for m in mentions
        if m.end <= at and m.place is not None and m.place.kind not in _CONTAINERS
    ]
    group: list[Mention] = []
    for m in named:
        if group and _JOINED.fullmatch(sentence[group[-1].end : m.start]):
            group.append(m)
        else:
            group = [m]
    if len(group) < 2 or group[-1].place is None:
        return []
    if len({m.place.key for m in group if m.place}) < len(group):
        return []
    return group


def _merge_from_to(sentence: str, claims: list[Claim]) -> list[Claim]:
    """ "from X (in Y1) to Z (in Y2)", "rose to Z from X", 从X增加至Z / 由X提高到Z: one
    change claim with both ends and both periods. The two figures share a unit; the
    indicator is the one a word names (the other end may have been named by its
    phrase alone)."""
    values = [c for c in claims if c.kind not in ("conversion", "rank")]
    for first, second in pairwise(values):
        if first.unit != second.unit:
            continue
        between = sentence[first.end : second.start]
        lead = sentence[max(0, first.start - 14) : first.start]
        forward = re.search(r"(?:\bfrom|从|由)[^。，,；;]{0,10}$", lead) and re.search(
            r"(?:\bto|[至到])[^。，,；;]{0,10}$", between
        )
        backward = re.search(r"\bto\s*$", lead) and re.search(r"\bfrom\s*$", between)
        if not (forward or backward):
            continue
        start, end = (first, second) if forward else (second, first)
        if end.indicator is None or (
            end.indicator.startswith("other:")
            and not (start.indicator or "other:").startswith("other:")
        ):
            end.indicator = start.indicator
        end.kind = "change"
        end.comparator = "from_to"
        end.value_from = start.value
        end.period_from = start.period
        end.extra["value_from_text"] = start.extra.get("value_text")
        end.extra["rounding_from"] = start.rounding
        end.start = min(first.start, second.start)
        end.converted_value = None
        claims = [c for c in claims if c is not start]
        for c in claims:
            if c.kind == "conversion" and c.converted_value == start.value:
                c.extra["part_of_change"] = True
    return claims
