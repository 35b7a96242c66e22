"""The noun phrase a figure belongs to, for figures no indicator word names.

Extraction is anchored on numbers: a figure whose governing words are not in the
lexicon is still a claim, named `other:<noun phrase>` so that it is listed (and judged
"not checkable") instead of being dropped. The phrase is read from the figure's own
clause: for a count, the noun after it ("12 logistics hubs", 30家企业) or, in Chinese,
the words before it (引进重大项目30个); for an amount or a rate, the words before it
up to the verb that links them ("its service revenue reached", 营业收入达).
"""

from __future__ import annotations

import re

#: where a clause ends: punctuation and the conjunctions that start a new clause
CLAUSE_BREAK = re.compile(r"[，,；;：:。!?！？、()（）]|\b(?:while|and|with|whereas|but)\b")
#: function words, linking verbs and unit words: never the noun a figure is about
_EN_STOP = frozenset(
    re.split(
        r"\s+",
        "a an the its their his her this that these those of in on at to for by with from as "
        "and or was were is are be been has have had reached reaching hit stood totaled "
        "totalled amounted rose grew increased up down over more than about around nearly "
        "some roughly approximately exceeded surpassed topped registered recorded achieved "
        "saw year last it which who there also only almost per cent percent yuan billion "
        "million trillion hosts houses boasts new area zone district attracted added "
        "introduced built total",
    )
)
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z&'-]*")
#: verbs (any tense) that link an English noun phrase to its figure
_EN_LINK_VERB = re.compile(
    r"\b(?:reach(?:es|ed|ing)?|hit(?:s|ting)?|total(?:s|ed|led|ing)?|amount(?:s|ed)? to"
    r"|r(?:ose|ise|ises|ising)|gr(?:ew|ow|ows|owing)|increas(?:es|ed|ing)|climb(?:s|ed)?"
    r"|jump(?:s|ed)?|surg(?:es|ed)|soar(?:s|ed)|realiz(?:es|ed)|realis(?:es|ed)"
    r"|achiev(?:es|ed)|register(?:s|ed)|record(?:s|ed)|report(?:s|ed)|post(?:s|ed)"
    r"|generat(?:es|ed)|exceed(?:s|ed)|top(?:s|ped)|stood|stands|was|were|is|are)\b",
    re.IGNORECASE,
)
#: Chinese verbs and particles that link a noun phrase to its figure (营业收入达500亿元)
_ZH_LINK = re.compile(
    r"(?:达到|达|为|是|有|共|共有|累计|合计|总计|实现|完成|超过|突破|超|逾|约|近|增至|增加到|"
    r"达成|拥有|新增|引进|落户|入驻|集聚|聚集|培育|建成|获批|认定|获得|带动|吸引|签约|"
    r"了|的|其中|以上|全年|同比|增长|分别|已|累计达)+$"
)
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_ZH_OPENING = re.compile(
    r"^(?:年|月|日|号|季度|月份|年度)?(?:以来|期间|全年|累计|共|实现|完成|新增)*"
)


def snake(words: list[str]) -> str:
    return "_".join(w.casefold().replace("-", "_").replace("'", "") for w in words)


#: a proper name's word (Lanzhou, Pudong's): a place or a firm, never the noun a figure
#: measures; acronyms (GDP, R&D, FDI) are kept
_PROPER = re.compile(r"^[A-Z][a-z]+(?:'s|’s)?$")


def _common(words: list[str]) -> list[str]:
    return [w for w in words if not _PROPER.match(w) and w.casefold() not in ("'s", "s")]


def english_phrase(before: str, after: str, count: bool) -> str | None:
    """A count names its noun after the figure; an amount or rate before it. Words of
    proper names (the zone's, a city's) are left out."""
    before = re.sub(r"(?:'s|’s)\b", "", before)
    if count:
        words = []
        for w in _common(_EN_WORD.findall(after[:60])):
            if w.casefold() in _EN_STOP and words:
                break
            if w.casefold() not in _EN_STOP:
                words.append(w)
            if len(words) == 3:
                break
        if words:
            return snake(words)
    # the noun phrase is the subject of the verb that links it to the figure ("the gross
    # output value of X reaches 20 billion"): words between that verb and the figure
    # ("realized an estimated total of") are not the noun
    verbs = list(_EN_LINK_VERB.finditer(before))
    if verbs:
        subject = [
            w
            for w in _common(_EN_WORD.findall(before[: verbs[-1].start()]))
            if w.casefold() not in _EN_STOP
        ]
        if subject:
            return snake(subject[-3:])
    words = [w for w in _common(_EN_WORD.findall(before)) if w.casefold() not in _EN_STOP]
    tail = words[-3:]
    return snake(tail) if tail else None


def chinese_phrase(before: str, after: str, count: bool) -> str | None:
    """The Han words before the figure less the linking verbs (引进重大项目 of
    引进重大项目30个); for a count with nothing before, the noun after (30家企业)."""
    head = _ZH_LINK.sub("", before)
    runs = _HAN.findall(head)
    if runs:
        # a run that follows a date's digits opens with its time word and a linking
        # verb (2013年实现营业总收入): neither is the noun
        runs[-1] = _ZH_OPENING.sub("", runs[-1])
    if runs and len(runs[-1]) >= 2:
        return runs[-1][-8:]
    if count:
        after_runs = _HAN.findall(after[:10])
        if after_runs:
            return after_runs[0][:6]
    return None


def phrase_code(sentence: str, start: int, end: int, lang: str, count: bool) -> str:
    """`other:<noun phrase>` for the figure at sentence[start:end], read within its
    clause; `other:unnamed` when the clause has no words for it."""
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(sentence, 0, start)]
    clause_start = breaks[-1] if breaks else 0
    after_break = CLAUSE_BREAK.search(sentence, end)
    clause_end = after_break.start() if after_break else len(sentence)
    before, after = sentence[clause_start:start], sentence[end:clause_end]
    if lang == "en":
        found = english_phrase(before, after, count)
    else:
        found = chinese_phrase(before, after, count)
    return f"other:{found}" if found else "other:unnamed"
