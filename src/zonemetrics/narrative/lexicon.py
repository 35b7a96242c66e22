"""Words that name indicators, in English and Chinese, mapped to indicator codes.

One table serves extraction (which indicator a number is about) and generation (what
to call an indicator). Codes are the ledger's where the ledger has the indicator;
others are `other:<name>`, kept so that a claim the ledger cannot hold is still listed
(and verdicted "not checkable") rather than dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    pattern: re.Pattern[str]
    code: str
    unit_kind: str  # money | percent | count | area | persons | any


def _t(pattern: str, code: str, unit_kind: str = "any") -> Term:
    return Term(re.compile(pattern, re.IGNORECASE), code, unit_kind)


# Order matters only between overlapping terms at the same position: longer first.
TERMS: tuple[Term, ...] = (
    # English
    _t(r"gdp per capita|per[- ]capita gdp", "other:gdp_per_capita", "money"),
    _t(
        r"r&d\s+(?:spending|expenditure|investment)?\s*(?:as\s+a\s+(?:percentage|share)\s+of"
        r"\s+(?:its\s+)?gdp|intensity)|expenditure on r&d as a percentage of (?:its )?gdp",
        "rd_intensity",
        "percent",
    ),
    _t(r"(?:expenditure|spending) on r&d|r&d (?:spending|expenditure)", "rd_expenditure", "money"),
    _t(
        r"\bgdp\b|gross domestic product|(?:total )?economic output|economic aggregate"
        # "gross regional product" / "regional GDP": the English of 地区生产总值, the GDP
        # of any sub-national unit or zone
        r"|economic output|gross regional product|regional gdp",
        "gdp",
        "money",
    ),
    # GIO is the standard English abbreviation of gross industrial output (工业总产值)
    _t(r"(?:gross )?industrial output(?: value)?|\bgio\b", "industrial_output", "money"),
    _t(r"foreign (?:commerce|trade)|imports? and exports?|total trade", "foreign_trade", "money"),
    # contracted (pledged) foreign capital is a promise, not the inflow the ledger's fdi holds
    _t(r"contracted foreign (?:capital|investment)", "other:contracted_foreign_capital", "money"),
    # foreign capital "actually used/utilized" is the paid-in inflow (实际利用外资), which
    # zone reports set against the contracted amount; the verb alone names it
    _t(
        r"foreign (?:direct )?investment|\bfdi\b|(?:actual(?:ly)? )?utili[sz]ed foreign"
        r" (?:capital|investment)|actual(?:ly)? used|actual use of foreign (?:capital|investment)",
        "fdi",
        "money",
    ),
    # "invested X in fixed assets": the object form of fixed-asset investment
    _t(
        r"fixed[- ]asset investment|investment in fixed assets|\bin fixed assets\b",
        "other:fixed_asset_investment",
        "money",
    ),
    _t(r"retail sales", "other:retail_sales", "money"),
    _t(r"business income|revenue", "other:revenue", "money"),
    _t(r"output value of ([a-z ]+?)(?= was| reached| totaled|,)", "other:output", "money"),
    _t(r"population|residents", "population", "persons"),
    # the area a zone administers, as opposed to its approved planning area (D6)
    _t(
        r"(?:actual )?jurisdiction|管辖(?:区域)?面积|托管(?:区域)?面积",
        "other:actual_jurisdiction_area",
        "area",
    ),
    _t(r"built[- ]up area", "other:built_up_area", "area"),
    _t(
        r"(?:(?:approved )?planning|planned|total|land|approved) area\b|\barea of\b|covers an area",
        "land_area",
        "area",
    ),
    _t(
        r"specialized(?: and [a-z]+)?(?: and [a-z]+)? small(?: and |-)medium[- ]sized enterprises"
        r"|specialized(?: and sophisticated)? smes|specialized and sophisticated",
        "specialized_smes",
        "count",
    ),
    _t(r"little giants?", "little_giants", "count"),
    _t(r"innovative small|innovative smes", "other:innovative_smes", "count"),
    _t(r"high[- ]tech (?:firms|enterprises|companies)", "high_tech_enterprises", "count"),
    _t(r"state[- ]level innovation platforms?", "innovation_platforms_state_level", "count"),
    _t(r"industrial chains?", "key_industrial_chains", "count"),
    _t(r"(?:major )?science labs?|laboratories", "major_science_labs", "count"),
    _t(r"landmark projects?", "landmark_projects", "count"),
    _t(r"listed (?:companies|firms|enterprises)", "listed_companies", "count"),
    _t(r"\b(?:enterprises|companies|firms)\b", "other:enterprises", "count"),
    _t(r"\b(?:total )?investment\b", "other:investment", "money"),
    # Chinese
    _t(r"人均(?:地区生产总值|GDP)", "other:gdp_per_capita", "money"),
    _t(r"研发投入强度|研发经费投入强度|R&D投入强度|研发强度", "rd_intensity", "percent"),
    _t(r"研发(?:经费)?投入", "rd_expenditure", "money"),
    # a total over several years (累计实现地区生产总值, D5 of the labelling conventions)
    _t(r"累计[^，,。；]{0,4}地区生产总值", "other:cumulative_gdp", "money"),
    _t(r"地区生产总值|经济总量|GDP", "gdp", "money"),
    # the output of industry above the size threshold, however the firms are named
    # between (规模以上工业企业累计完成总产值)
    _t(
        r"工业总产值|(?:规上|规模以上)工业(?:企业)?[^，,。；、]{0,6}?(?:总)?产值",
        "industrial_output",
        "money",
    ),
    _t(r"进出口(?:贸易)?总额|外贸进出口|进出口", "foreign_trade", "money"),
    _t(r"外资|实际利用外资", "fdi", "money"),
    _t(r"内资", "other:domestic_capital_introduced", "money"),
    _t(r"累计[^，,。；]{0,4}固定资产投资", "other:cumulative_fixed_asset_investment", "money"),
    _t(r"固定资产投资", "other:fixed_asset_investment", "money"),
    _t(r"社会消费品零售总额", "other:retail_sales", "money"),
    _t(r"一般公共预算收入", "other:general_public_budget_revenue", "money"),
    _t(r"服务业增加值", "other:services_value_added", "money"),
    _t(r"(?:规上|规模以上)?工业增加值", "other:industrial_value_added", "money"),
    _t(r"协议总投资", "other:contracted_investment", "money"),
    _t(r"完成投资|投资额|总投资|投资", "other:investment", "money"),
    _t(r"(?:入驻|落户|引进)?企业", "other:enterprises", "count"),
    _t(r"(?:常住)?人口", "population", "persons"),
    _t(r"面积", "land_area", "area"),
    _t(r"专精特新[“\"]?小巨人[”\"]?(?:企业)?", "little_giants", "count"),
    _t(r"专精特新中小企业", "specialized_smes", "count"),
    _t(r"创新型中小企业", "other:innovative_smes", "count"),
    _t(r"高新技术企业|高企", "high_tech_enterprises", "count"),
    _t(r"省级以上创新平台", "other:innovation_platforms_provincial_and_above", "count"),
    _t(r"国家级创新平台", "innovation_platforms_state_level", "count"),
    _t(r"上市(?:企业|公司)", "listed_companies", "count"),
    _t(r"企业总量|市场主体", "other:registered_enterprises", "count"),
    _t(r"产业链", "key_industrial_chains", "count"),
    _t(r"(?:科学|重点)?实验室", "major_science_labs", "count"),
    _t(r"标志性项目|标志性工程", "landmark_projects", "count"),
    _t(r"产业项目|工业项目|重大产业项目|项目", "other:projects", "count"),
)

NEW_MARKERS = re.compile(
    r"新增|新引进|新开通|新认定|establishment of|newly|new(?:ly)? (?:added|certified)",
    re.IGNORECASE,
)
GROWTH_MARKERS = re.compile(
    r"增长|增速|同比|下降|回落|减少"
    r"|\b(?:growth|growing|grew|up|increas\w*|rose|rise|year[- ]on[- ]year"
    r"|down|dropped|drop|fell|fall|declined?|decreased?)\b",
    re.IGNORECASE,
)

#: codes whose new-firm flow is a ledger indicator of its own
NEW_CODES = {
    "high_tech_enterprises": "new_high_tech_enterprises",
    "specialized_smes": "new_specialized_smes",
    "little_giants": "other:new_little_giants",
    "listed_companies": "other:new_listed_companies",
}


def find_terms(text: str) -> list[tuple[int, int, Term]]:
    """Every indicator term in a text, longest first where two overlap."""
    hits: list[tuple[int, int, Term]] = []
    for term in TERMS:
        hits.extend((m.start(), m.end(), term) for m in term.pattern.finditer(text))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, Term]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            continue
        kept.append(hit)
    return kept


def growth_code(base: str | None) -> str:
    """The growth indicator of a base indicator: real GDP growth is its own code."""
    if base == "gdp":
        return "gdp_growth_real"
    name = (base or "unknown").removeprefix("other:").replace("cumulative_", "")
    if name == "gdp":
        return "gdp_growth_real"
    return f"other:{name}_growth"
