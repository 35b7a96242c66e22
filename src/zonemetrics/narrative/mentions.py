"""Quantities in a sentence: a number with its magnitude, unit and any comparator word.

English: "1.53 trillion yuan", "CNY 160.25 billion", "($22.22 billion)", "eight percent",
"about 1,200 square kilometers", "27". Chinese: "1.05万亿元", "7.23亿美元", "百分之五",
"590余个", "17万户", "39.56万吨". Years, dates, durations and approval ordinals are not
quantities and are left out here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zonemetrics.narrative.numerals import (
    EN_SCALES,
    EN_WORDS,
    ZH_NUMERAL,
    ZH_SCALES,
    digits_value,
    zh_numeral_value,
)

_EN_WORD_ALT = "|".join(sorted(EN_WORDS, key=len, reverse=True))
_EN = re.compile(
    r"(?P<cur>\bCNY|\bRMB|\bUSD|US\$|\$)?\s?"
    rf"(?P<num>(?<![\w.,])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?![\d,]*\d)|\b(?:{_EN_WORD_ALT})\b)"
    r"(?:[\s-]?(?P<scale>trillion|billion|million|thousand|bn)\b)?"
    # the currency may follow the amount as a code or name ("10.2 trillion RMB", "5 billion
    # US dollars"), as well as precede it ("RMB 10.2 trillion")
    # "percent points" / "per cent points": a common English variant of percentage points
    r"(?:[\s-]?(?P<unit>percent(?:age)? points?|per cent points?|percent|per cent|%|yuan"
    r"|renminbi|RMB|CNY"
    r"|(?:US |U\.S\. )?dollars|USD|square kilomet(?:er|re)s"
    r"|sq\.? ?km|km2|km²|square met(?:er|re)s|sq mi|people|persons|tonnes|tons)(?![a-z]))?",
    re.IGNORECASE,
)
_ZH = re.compile(
    rf"(?P<pct>百分之)?(?P<num>\d+(?:\.\d+)?|{ZH_NUMERAL})"
    r"(?P<approx0>余|多)?(?P<scale>万亿|亿|万|千)?(?P<approx>余|多)?"
    r"(?P<unit>%|‰|亿美元|美元|元|平方公里|平方千米|平方米|吨|家|个|户|项|块|条|座|位|名|人次|人|倍"
    # further counter words: items, times, sets, machines, vehicles, schools, trains
    r"|件|次|套|台|辆|架|艘|所|栋|列|班)?"
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_BEFORE = re.compile(rf"(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b|^(?:st|nd|rd|th)\b|^\s*,\s*(?:19|20)\d\d", re.I)
#: what follows a number that makes it no figure: a date or duration (年, 月, 日, 周年),
#: an ordinal of approval (批, 期), a slogan count (三大, 五个“…”), a threshold named
#: (千亿级), a plan's name (十四五: 十四 then 五), a formula (2+4+N)
_ZH_SKIP_AFTER = re.compile(r"^(?:年|月|日|号|批|期|大(?!关)|级|五|周年|\+)")
#: entering a club named by its threshold (迈入“五千亿”行列) is a figure in quotes
_CLUB = re.compile(r"(?:迈入|跻身|进入)“$")
#: what precedes a number that makes it no figure: an ordinal (第), a run of years
#: (连续), a plan's name (十四五), a top-N rank (前十: read as a rank), a quoted slogan,
#: a formula
_ZH_SKIP_BEFORE = re.compile(r"(?:第|连续|十|前|(?<!迈入)(?<!跻身)“|\+)$")
#: structural counts: the parts a zone is made of (D8 of the labelling conventions),
#: durations, bounds that define a class ("or more"), and peer sets of new areas
_EN_SKIP_AFTER = re.compile(
    r"^(?:\s?(?:years?|months?|days?|-year|-month|-day)\b(?!-on-| on year)"
    r"|\s?or (?:more|above|less)\b"
    r"|\s(?:towns|townships|sub-districts|streets|villages|communities"
    r"|(?:national|provincial|state)-level (?:industrial |development )?(?:parks|zones)"
    r"|state-level new areas|new areas"
    r"|(?:major|key|main) (?:economic )?indicators|pillars|wings|aspects))",
    re.IGNORECASE,
)
#: a number of years or months counted back or ahead ("the past five years")
_EN_SKIP_BEFORE = re.compile(r"(?:preceding|past|last|first|next|over the)\s$", re.I)
#: slogan counts in Chinese: a small numeral with 个/项 before an abstract noun
#: (五项关键指标, 三个高地, 两个方面)
_ZH_SLOGAN = re.compile(r"^“?(?:关键|高地|方面|重点|板块|战略|定位|目标|任务|体系|中心)")
#: fractions written out: 三分之二, 二分之一
_ZH_FRACTION = re.compile(rf"(?P<den>{ZH_NUMERAL}|\d+)分之(?P<num>{ZH_NUMERAL}|\d+)")
_EN_FRACTION = re.compile(
    r"(?<!first )(?<!last )(?<!past )(?<!next )\b(?P<n>a|one|two|three|four)[- ]"
    r"(?P<d>half|third|thirds|quarter|quarters|fifth|fifths)\b"
    r"|(?<!first )(?<!second )(?<!the )\b(?P<half>half)\s+(?:of|the)\b",
    re.IGNORECASE,
)
_EN_DENOMINATORS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_EN_DENOMINATORS |= {"fifth": 5, "fifths": 5}
#: tenths written 成: 三成 is 30 % (not 成都, 成为, 完成: only after a lone digit or numeral)
_ZH_TENTHS = re.compile(
    r"(?<![\d一二三四五六七八九十百千万亿完])(?P<n>[一二三四五六七八九]|\d)成(?![都为立员本果效交绩功熟型长])"
)
#: multiples: 翻番 / 翻一番 (doubled), 翻两番 (quadrupled), "N times"/"N-fold"
_ZH_DOUBLING = re.compile(r"翻了?(?P<n>一|两|二|三)?番")
_EN_MULTIPLE = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten)(?:\s+times\b|-?fold\b)"
    r"|\b(?P<doubled>doubled|tripled|quadrupled)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float  # in base units
    rounding: float  # in base units
    unit: str | None  # CNY, USD, %, pp, km2, m2, persons, tonnes, count, None (bare)
    counter: str | None = None  # the Chinese measure word or English noun after it
    approx_suffix: bool = False


def _clean(value: float) -> float:
    """1032.6 x 1e8 is 103260000000, not 103259999999.99998."""
    return float(f"{value:.12g}")


def _en_unit(unit: str | None, currency: str | None) -> tuple[str | None, float]:
    u = (unit or "").casefold()
    if u.startswith("percentage point") or u.endswith(("percent point", "percent points")):
        return "pp", 1.0
    if u in ("percent", "per cent", "%"):
        return "%", 1.0
    if u in ("yuan", "renminbi", "rmb", "cny") or (currency or "").upper() in ("CNY", "RMB"):
        return "CNY", 1.0
    dollars = ("dollars", "us dollars", "u.s. dollars", "usd")
    if u in dollars or (currency or "").upper() in ("USD", "US$", "$"):
        return "USD", 1.0
    if u in ("square kilometers", "square kilometres", "sq km", "sq. km", "sqkm", "km2", "km²"):
        return "km2", 1.0
    if u in ("square meters", "square metres"):
        return "m2", 1.0
    if u == "sq mi":
        return "sq_mi", 1.0
    if u in ("people", "persons"):
        return "persons", 1.0
    if u in ("tonnes", "tons"):
        return "tonnes", 1.0
    return None, 1.0


def english_quantities(sentence: str) -> list[Quantity]:
    out = []
    for m in _EN.finditer(sentence):
        num = m.group("num")
        before, after = sentence[: m.start("num")], sentence[m.end() :]
        if _DATE_BEFORE.search(before) or _DATE_AFTER.match(sentence[m.end("num") :]):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("unit") and not m.group("scale"):
            continue
        if _EN_SKIP_AFTER.match(after) or _EN_SKIP_BEFORE.search(before):
            continue
        if not m.group("unit") and not m.group("scale") and re.match(r"^\s?of\b", after):
            continue
        if re.match(r"^[A-Za-z]", sentence[m.end("num") :]) and not m.group("unit"):
            continue  # part of a name or code: 5G, 3D, G20
        if re.search(r"\b(?:Fortune|Global|Top|Forbes)\s*$", before, re.I) and not m.group("unit"):
            continue  # a list's name (Fortune Global 500), not a figure
        if num.casefold() in EN_WORDS:
            if num.casefold() == "one" and not m.group("unit"):
                continue
            value, rounding = float(EN_WORDS[num.casefold()]), 0.5
        else:
            value, rounding = digits_value(num)
        scale = EN_SCALES.get((m.group("scale") or "").casefold(), 1.0)
        unit, _ = _en_unit(m.group("unit"), m.group("cur"))
        if unit == "km2" and "(" in sentence[max(0, m.start() - 2) : m.start() + 1]:
            unit = "km2"
        start = m.start("cur") if m.group("cur") else m.start("num")
        out.append(
            Quantity(
                start,
                m.end(),
                m.group(0).strip(),
                _clean(value * scale),
                rounding * scale,
                unit,
            )
        )
    return _with(out, _english_forms(sentence))


def _zh_value(num: str) -> tuple[float, float] | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", num):
        return digits_value(num)
    value = zh_numeral_value(num)
    return (value, 0.5) if value is not None else None


def chinese_quantities(sentence: str) -> list[Quantity]:
    out = []
    for m in _ZH.finditer(sentence):
        num = m.group("num")
        before, after = sentence[: m.start()], sentence[m.end() :]
        unit_word = m.group("unit")
        if _ZH_SKIP_BEFORE.search(before) or _ZH_SKIP_AFTER.match(after):
            continue
        if after.startswith("”") and not _CLUB.search(before):
            continue
        if num in ("十", "百", "千", "万") and re.match(r"(?:台阶|级|俱乐部|行列)", after):
            continue  # 千亿台阶, 千亿级: a threshold named, not a quantity
        if not unit_word and not m.group("pct") and not m.group("scale"):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("scale"):
            continue
        if unit_word in ("个", "项") and not num.isdigit() and _ZH_SLOGAN.match(after):
            continue
        parsed = _zh_value(num)
        if parsed is None:
            continue
        value, rounding = parsed
        if value == 1 and not re.fullmatch(r"\d+", num):
            continue
        scale = ZH_SCALES.get(m.group("scale") or "", 1.0)
        unit: str | None
        if m.group("pct") or unit_word == "%":
            unit = "%"
        elif unit_word == "‰":
            unit, value, rounding = "%", value / 10, rounding / 10
        elif unit_word == "亿美元":
            unit, scale = "USD", 1e8
        elif unit_word == "美元":
            unit = "USD"
        elif unit_word == "元":
            unit = "CNY"
        elif unit_word in ("平方公里", "平方千米"):
            unit = "km2"
        elif unit_word == "平方米":
            unit = "m2"
        elif unit_word == "吨":
            unit = "tonnes"
        elif unit_word in ("人", "人次"):
            unit = "persons"
        elif unit_word in ("位", "名"):
            unit = "places"
        elif unit_word == "倍":
            unit = "times"
        elif unit_word:
            unit = "count"
        else:
            unit = None
        out.append(
            Quantity(
                m.start(),
                m.end(),
                m.group(0),
                _clean(value * scale),
                rounding * scale,
                unit,
                counter=unit_word,
                approx_suffix=bool(m.group("approx") or m.group("approx0")),
            )
        )
    return _with(out, _chinese_forms(sentence))


def _with(found: list[Quantity], forms: list[Quantity]) -> list[Quantity]:
    """`found` with the fractions and multiples of `forms` in place of the bare number
    words inside them ("two" of "two thirds"), in order."""
    kept = [q for q in found if all(q.end <= f.start or q.start >= f.end for f in forms)]
    return sorted(kept + forms, key=lambda q: q.start)


def _share(start: int, end: int, text: str, part: float, whole: float) -> Quantity:
    """A fraction as the percentage it states (two thirds -> 66.67 %)."""
    value = 100.0 * part / whole
    return Quantity(start, end, text, _clean(round(value, 2)), 0.5 * 100.0 / whole, "%")


def _english_forms(sentence: str) -> list[Quantity]:
    """Fractions ("two thirds", "half of") and multiples ("three times", "doubled")."""
    out = []
    for m in _EN_FRACTION.finditer(sentence):
        if m["half"]:
            out.append(_share(m.start(), m.end("half"), m["half"], 1, 2))
            continue
        part = 1.0 if m["n"].casefold() in ("a", "one") else float(EN_WORDS[m["n"].casefold()])
        out.append(
            _share(m.start(), m.end(), m.group(0), part, _EN_DENOMINATORS[m["d"].casefold()])
        )
    for m in _EN_MULTIPLE.finditer(sentence):
        if m["doubled"]:
            factor = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0}[m["doubled"].casefold()]
        elif m["n"].casefold() in EN_WORDS:
            factor = float(EN_WORDS[m["n"].casefold()])
        else:
            factor = float(m["n"])
        out.append(Quantity(m.start(), m.end(), m.group(0), factor, 0.5, "times"))
    return out


def _chinese_forms(sentence: str) -> list[Quantity]:
    """Fractions (三分之二) and doublings (翻番, 翻两番)."""
    out = []
    for m in _ZH_FRACTION.finditer(sentence):
        whole, part = _zh_value(m["den"]), _zh_value(m["num"])
        if whole and part and whole[0] > 0:
            out.append(_share(m.start(), m.end(), m.group(0), part[0], whole[0]))
    for m in _ZH_TENTHS.finditer(sentence):
        tenths = _zh_value(m["n"])
        if tenths:
            out.append(Quantity(m.start(), m.end(), m.group(0), tenths[0] * 10, 5.0, "%"))
    for m in _ZH_DOUBLING.finditer(sentence):
        times = {"两": 2, "二": 2, "三": 3}.get(m["n"] or "", 1)
        out.append(Quantity(m.start(), m.end(), m.group(0), float(2**times), 0.5, "times"))
    return out
