"""The statement grammar: one English and one Chinese form per kind of statement.

Generation fills these forms; extraction reads the same forms (and the many looser
ways news texts write them) back. Every form names its zone, period and indicator in
words the extractor knows, so a generated statement reads back as the claim it came
from (the round-trip test holds the two together).
"""

from __future__ import annotations

from dataclasses import dataclass

from zonemetrics.narrative.formatting import amount

EN_ORDINAL = {1: "1st", 2: "2nd", 3: "3rd"}


def ordinal_en(n: int) -> str:
    return EN_ORDINAL.get(n if n < 20 else n % 10, f"{n}th") if n not in (11, 12, 13) else f"{n}th"


@dataclass(frozen=True)
class Words:
    """How one indicator is named in each language, and the counter for its counts."""

    en: str
    zh: str
    counter: str = "个"
    new: bool = False  # a flow of newly established firms


WORDS: dict[str, Words] = {
    "gdp": Words("GDP", "地区生产总值"),
    "gdp_growth_real": Words("GDP growth", "地区生产总值增速"),
    "rd_intensity": Words("R&D intensity", "研发投入强度"),
    "new_specialized_smes": Words(
        "specialized and sophisticated SMEs", "专精特新中小企业", "家", new=True
    ),
    "new_high_tech_enterprises": Words("high-tech enterprises", "高新技术企业", "家", new=True),
    "high_tech_enterprises": Words("high-tech enterprises", "高新技术企业", "家"),
    "little_giants": Words("little giant firms", "专精特新“小巨人”企业", "家"),
    "listed_companies": Words("listed companies", "上市企业", "家"),
    "innovation_platforms_state_level": Words(
        "state-level innovation platforms", "国家级创新平台", "个"
    ),
    "key_industrial_chains": Words("industrial chains", "产业链", "条"),
    "major_science_labs": Words("major science labs", "科学实验室", "个"),
    "landmark_projects": Words("landmark projects", "标志性项目", "个"),
}
COUNT_CODES = tuple(c for c in WORDS if c not in ("gdp", "gdp_growth_real", "rd_intensity"))
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
PEER_WORDS = {"new_areas": ("state-level new areas", "国家级新区")}


def _amount(value: float, unit: str, lang: str, bound: str | None) -> str:
    text = amount(value, unit, lang)
    if bound == "lower_bound":
        return f"超过{text}" if lang == "zh" else f"above {text}"
    if bound == "upper_bound":
        return f"不到{text}" if lang == "zh" else f"below {text}"
    return text


def level(
    zone: str,
    year: str,
    value: float,
    unit: str,
    lang: str,
    bound: str | None,
    usd: float | None = None,
) -> str:
    """GDP reached 450 billion yuan ($63.86 billion) in 2023 / 2023年…达到4500亿元（约…亿美元）。"""
    if lang == "zh":
        verb = "" if bound else "达到"
        extra = f"（约{amount(usd, 'USD', 'zh')}）" if usd else ""
        return f"{year}年，{zone}地区生产总值{verb}{_amount(value, unit, lang, bound)}{extra}。"
    verb = "was" if bound else "reached"
    extra = f" ({amount(usd, 'USD', 'en')})" if usd else ""
    return f"{zone}'s GDP {verb} {_amount(value, unit, lang, bound)}{extra} in {year}."


def change(zone: str, y1: str, v1: float, y2: str, v2: float, unit: str, lang: str) -> str:
    if lang == "zh":
        return (
            f"{zone}地区生产总值从{y1}年的{amount(v1, unit, lang)}"
            f"增加至{y2}年的{amount(v2, unit, lang)}。"
        )
    return (
        f"{zone}'s GDP grew from {amount(v1, unit, lang)} in {y1} "
        f"to {amount(v2, unit, lang)} in {y2}."
    )


def growth(zone: str, year: str, value: float, lang: str) -> str:
    if lang == "zh":
        return f"{year}年，{zone}地区生产总值增长{amount(value, '%', lang)}。"
    return f"{zone}'s GDP grew by {amount(value, '%', lang)} in real terms in {year}."


# What a provincial-level unit is called, read from the suffix of its Chinese name: the
# municipalities under the central government (北京市, 天津市, 上海市, 重庆市) are 市, the
# autonomous regions 自治区, the others 省. "The whole of it" follows the same word
# (全市, 全区, 全省), as Chinese statistics write it.
_PROVINCIAL_LEVEL = (("自治区", "全区", "autonomous region"), ("市", "全市", "municipality"))


def whole_of(province: tuple[str, str]) -> str:
    """全省, or 全市 for a municipality, 全区 for an autonomous region."""
    for suffix, whole, _ in _PROVINCIAL_LEVEL:
        if province[1].endswith(suffix):
            return whole
    return "全省"


def provincial_unit(province: tuple[str, str]) -> str:
    """"province", or "municipality" / "autonomous region", for English text."""
    for suffix, _, word in _PROVINCIAL_LEVEL:
        if province[1].endswith(suffix):
            return word
    return "province"


def share_gdp(
    zone: str, province: tuple[str, str], year: str, value: float, lang: str, bound: str | None
) -> str:
    if lang == "zh":
        whole = whole_of(province)
        return f"{year}年，{zone}地区生产总值占{whole}的{_amount(value, '%', lang, bound)}。"
    return (
        f"{zone} accounted for {_amount(value, '%', lang, bound)} of {province[0]}'s GDP in {year}."
    )


#: calibers (the boundary or series a figure is measured on) as each language names them
CALIBERS: dict[str, tuple[str, str]] = {
    "unstated": ("boundary not stated", "口径未注明"),
    "whole_area": ("whole area", "全域"),
    "directly_administered": ("directly administered area", "直管区"),
    "core_area": ("core area", "核心区"),
    "district": ("the district", "所在行政区"),
    "city": ("the city", "所在市"),
    "first_release": ("first release", "初步核算数"),
    "revised": ("revised series", "修订数"),
}


def _in_words(table: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """A code in the language's words from an (English, Chinese) table, or the code itself
    where the table has no words for it."""
    return table[code][1 if lang == "zh" else 0] if code in table else code


def caliber_words(caliber: str, lang: str) -> str:
    """A caliber in words; a derived value's 'zone/parent' pair is both, in that order,
    and a code without words (songbei_district) is shown as it is."""
    parts = [_in_words(CALIBERS, c, lang) for c in caliber.split("/")]
    return ("，" if lang == "zh" else "; ").join(parts)


def receipt_line(sources: list[str], rank: dict | None, lang: str) -> str:
    """The line under a statement: its sources, and for a rank the peer set and how many
    of the peers had data."""
    peers = _in_words(PEER_WORDS, rank.get("peer_set"), lang) if rank is not None else None
    if lang == "zh":
        line = f"来源：{'、'.join(sources)}"
        if rank is not None:
            line += f"；比较范围：{peers}"
            if "with_data" in rank:
                line += f"，{rank['of']}个中{rank['with_data']}个有数据"
        return line
    line = f"sources: {', '.join(sources)}"
    if rank is not None:
        line += f"; peers: {peers}"
        if "with_data" in rank:
            line += f", {rank['with_data']} of {rank['of']} with data"
    return line


def computed_share_note(value: float, caliber: str, agrees: bool, lang: str) -> str:
    """The receipt line under a reported GDP share: the share the two GDPs give, on
    which calibers, and whether the stated share can hold beside it."""
    share = f"{value:.2f}%"
    where = caliber_words(caliber, lang)
    if lang == "zh":
        verdict = "与所述比重相符" if agrees else "与所述比重不符"
        return f"按两地地区生产总值计算：{share}（{where}），{verdict}"
    verdict = "agrees with the stated share" if agrees else "does not agree with the stated share"
    return f"computed from the two GDPs: {share} ({where}); {verdict}"


#: area definitions (land_area calibers) as each language names them
DEFINITIONS: dict[str, tuple[str, str]] = {
    "planning_area": ("planning area", "规划面积"),
    "core_area": ("core area", "核心区面积"),
    "approved_plan": ("area in the approval document", "批复面积"),
    "administrative": ("administrative area", "行政区域面积"),
    "directly_administered": ("directly administered area", "直管区面积"),
    "startup_area": ("start-up area", "起步区面积"),
    "actual_jurisdiction": ("actual jurisdiction", "实际管辖面积"),
}


def share_land(
    zone: str, province: tuple[str, str], definition: str | None, value: float, lang: str
) -> str:
    en, zh = DEFINITIONS.get(definition or "", ((definition or "").replace("_", " "),) * 2)
    if lang == "zh":
        how = f"按{zh}计，" if definition else ""
        return f"{how}{zone}面积占{whole_of(province)}的{amount(value, '%', lang)}。"
    how = f"Measured by its {en}, " if definition else ""
    return f"{how}{zone} covers {amount(value, '%', lang)} of {province[0]}'s land."


def share_pair(
    zone: str,
    province: tuple[str, str],
    definition: str,
    land: float,
    year: str,
    gdp: float,
    lang: str,
) -> str:
    """Covering a small share of the land and a larger share of the output."""
    en, zh = DEFINITIONS.get(definition, (definition.replace("_", " "),) * 2)
    if lang == "zh":
        return (
            f"按{zh}计，{zone}面积占{whole_of(province)}的{amount(land, '%', lang)}，"
            f"{year}年地区生产总值占{whole_of(province)}的{amount(gdp, '%', lang)}。"
        )
    return (
        f"Measured by its {en}, {zone} covers {amount(land, '%', lang)} of {province[0]}'s land "
        f"and produced {amount(gdp, '%', lang)} of {province[0]}'s GDP in {year}."
    )


def share_platforms(
    zone: str, province: tuple[str, str], value: float, lang: str, bound: str | None
) -> str:
    if lang == "zh":
        whole = whole_of(province)
        return f"{zone}国家级创新平台占{whole}的{_amount(value, '%', lang, bound)}。"
    return (
        f"{zone}'s state-level innovation platforms are {_amount(value, '%', lang, bound)}"
        f" of the total in {province[0]} {provincial_unit(province)}."
    )


def rank(
    zone: str,
    year: str,
    indicator: str,
    position: int,
    peers: str,
    peer_count: int,
    lang: str,
    with_data_only: bool,
) -> str:
    words = WORDS.get(indicator, Words(indicator.replace("_", " "), indicator))
    en_peers, zh_peers = PEER_WORDS.get(peers, (peers.replace("_", " "), peers))
    if lang == "zh":
        scope = (
            f"有{year}年数据的{peer_count}个{zh_peers}"
            if with_data_only
            else f"{peer_count}个{zh_peers}"
        )
        subject = f"新增{words.zh}数量" if words.new else words.zh
        return f"{year}年，{zone}{subject}在{scope}中排名第{position}位。"
    scope = (
        f"of the {peer_count} {en_peers} with {year} data"
        if with_data_only
        else f"among the {peer_count} {en_peers}"
    )
    if words.new:
        return (
            f"In {year}, {zone} ranked {ordinal_en(position)} {scope} in newly established "
            f"{words.en}."
        )
    return f"In {year}, {zone}'s {words.en} ranked {ordinal_en(position)} {scope}."


def threshold(
    zone: str, year: str, value: float, lang: str, first_time: bool, bound: str | None
) -> str:
    if lang == "zh":
        verb = "首次突破" if first_time else ("超过" if bound else "达到")
        return f"{year}年，{zone}研发投入强度{verb}{amount(value, '%', lang)}。"
    if first_time:
        level = amount(value, "%", lang)
        return f"{zone}'s R&D intensity surpassed {level} for the first time in {year}."
    verb = "was above" if bound else "was"
    return f"{zone}'s R&D intensity {verb} {amount(value, '%', lang)} in {year}."


def count(zone: str, period: str, indicator: str, value: float, lang: str) -> str:
    words = WORDS[indicator]
    year = period[:4]
    as_of = period if len(period) > 4 else None
    if lang == "zh":
        when = f"截至{year}年{int(period[5:7])}月，" if as_of else f"{year}年，"
        number = amount(value, "count", lang, words.counter)
        if words.new:
            return f"{when}{zone}{words.zh}新增{number}。"
        return f"{when}{zone}拥有{words.zh}{number}。"
    number = f"{int(value):,}" if value == int(value) else f"{value:g}"
    if words.new:
        return f"In {year}, {zone} saw the establishment of {number} new {words.en}."
    when = f"As of {MONTHS[int(period[5:7]) - 1]} {year}" if as_of else f"In {year}"
    return f"{when}, {zone} had {number} {words.en}."
