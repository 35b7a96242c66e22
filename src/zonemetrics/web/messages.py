"""Every label the pages and the report show, in English and Chinese, as data.

The labels live in `messages.csv` beside this module, one label a row (key, en, zh), so
a translator edits a table rather than code, and one label serves every page that says
the same thing (a heading and the menu entry that leads to it share their key). Pages ask
`text(key, lang)`; a key missing from either language is a programming error caught by
the test that compares the two columns, so no page can show half a language.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files

LANGUAGES = ("en", "zh")


@cache
def _messages() -> dict[str, dict[str, str]]:
    with (files("zonemetrics.web") / "messages.csv").open(encoding="utf-8", newline="") as f:
        return {row["key"]: {lang: row[lang] for lang in LANGUAGES} for row in csv.DictReader(f)}


MESSAGES: dict[str, dict[str, str]] = _messages()


#: the claim checker's report (`zonemetrics check --lang`, and any page showing a check):
#: verdict words, tier names, headings, evidence lines and every explanation the checker
#: writes. Explanations are built as a key and values (`narrative.formatting.Phrase`) and
#: rendered in both languages from these templates, so the two never say different things.
CHECK_MESSAGES: dict[str, dict[str, str]] = {
    # verdicts, tiers, relations
    "verdict_supported": {"en": "supported", "zh": "有据支持"},
    "verdict_contradicted": {"en": "contradicted", "zh": "与证据不符"},
    "verdict_supported_other_period": {
        "en": "supported for another period",
        "zh": "其他时期成立",
    },
    "verdict_supported_other_definition": {
        "en": "supported under another area definition",
        "zh": "其他口径成立",
    },
    "verdict_not_checkable": {"en": "not checkable", "zh": "无法核查"},
    "tier_official": {"en": "official", "zh": "官方"},
    "tier_major_media": {"en": "major media", "zh": "主流媒体"},
    "tier_repost": {"en": "repost", "zh": "转载"},
    "tier_blog": {"en": "blog", "zh": "博客"},
    "tier_unknown": {"en": "tier unknown", "zh": "等级不明"},
    "relation_supports": {"en": "supports", "zh": "支持"},
    "relation_contradicts": {"en": "contradicts", "zh": "不符"},
    "relation_consistent": {"en": "consistent", "zh": "相容"},
    "relation_not_independent": {"en": "not independent", "zh": "非独立"},
    "role_crossing": {"en": "crossing", "zh": "首次越过"},
    "part_start": {"en": "start", "zh": "起点"},
    "part_end": {"en": "end", "zh": "终点"},
    "peers_new_areas": {"en": "state-level new areas", "zh": "国家级新区"},
    "peers_province": {"en": "zones of the province", "zh": "省内各区"},
    "peers_city": {"en": "zones of the city", "zh": "市内各区"},
    "peers_unstated": {"en": "unstated peers", "zh": "未注明的比较范围"},
    "rate_kind_avg": {"en": "annual average", "zh": "年平均"},
    "rate_kind_year_end": {"en": "year end", "zh": "年末"},
    "rate_kind_central_parity": {"en": "central parity", "zh": "中间价"},
    "rate_kind_market": {"en": "market", "zh": "市场汇率"},
    "definition_planning_area": {"en": "planning area", "zh": "规划面积"},
    "definition_core_area": {"en": "core area", "zh": "核心区面积"},
    "definition_approved_plan": {"en": "approved plan", "zh": "批复规划面积"},
    "definition_actual_jurisdiction": {"en": "actual jurisdiction", "zh": "实际管辖面积"},
    "definition_directly_administered": {"en": "directly administered area", "zh": "直管区"},
    "definition_whole_area": {"en": "whole area", "zh": "全域"},
    "definition_startup_area": {"en": "start-up area", "zh": "起步区"},
    # pieces of sentences
    "list_sep": {"en": ", ", "zh": "、"},
    "clause_sep": {"en": "; ", "zh": "；"},
    "or_sep": {"en": " or ", "zh": "或"},
    "none": {"en": "none", "zh": "无"},
    "undated": {"en": "undated", "zh": "未注明时期"},
    "no_year": {"en": "no year", "zh": "未注明年份"},
    "cited_source": {"en": "{source} [{tier}]", "zh": "{source} [{tier}]"},
    "cite_period": {"en": "{period} ({items})", "zh": "{period}（{items}）"},
    "cite_item": {"en": "{text}, {who}", "zh": "{text}，{who}"},
    "cite_computed": {"en": "computed", "zh": "计算值"},
    "computed_from_sources": {
        "en": "{value}, computed from {sources}",
        "zh": "{value}，由{sources}计算",
    },
    "definition_described": {"en": "the {label} ({value})", "zh": "{label}口径（{value}）"},
    "definition_sized": {"en": "{size} {label}", "zh": "{size}{label}"},
    "given_for_period": {"en": "{text} for {period}, {who}", "zh": "{period}为{text}，{who}"},
    "rank_among": {"en": "rank {rank} among {peers}", "zh": "在{peers}中排名第{rank}"},
    "reported_rank": {"en": "rank {rank} ({peers})", "zh": "第{rank}名（{peers}）"},
    "computed_rank": {
        "en": "computed rank {rank} of the {with_data} new areas with {year} data "
        "({of} in the peer set)",
        "zh": "按{year}年有数据的{with_data}个新区计算排名第{rank}（比较范围共{of}个）",
    },
    "rate_text": {"en": "{rate} CNY/USD ({kind})", "zh": "{rate}元/美元（{kind}）"},
    "seen_in_year": {"en": "{text} in {year}, {source}", "zh": "{year}年{text}，{source}"},
    "first_above": {"en": "first above {level} in {year}", "zh": "{year}年首次超过{level}"},
    "crossing_unknown": {
        "en": "independent data: first year known above {level}: {above}, last year known "
        "at or below: {below}",
        "zh": "独立数据：已知最早超过{level}的年份：{above}；已知最晚未超过的年份：{below}",
    },
    # explanations of verdicts
    "why_zone_unresolved": {
        "en": "zone not resolved to a zone of the ledger",
        "zh": "地区未能对应到账本中的地区",
    },
    "why_zone_or_indicator_unknown": {"en": "zone or indicator unknown", "zh": "地区或指标不明"},
    "why_only_own_source": {
        "en": "not independently checkable: the ledger holds this figure only from the "
        "text's own source ({sources})",
        "zh": "无法独立核查：账本中该数据仅来自文本自身来源（{sources}）",
    },
    "why_no_data": {
        "en": "no independent data on {indicator} for {zone}",
        "zh": "账本没有{zone}{indicator}的独立数据",
    },
    "why_holds_for_definition": {
        "en": "holds for the {definition} ({values})",
        "zh": "按{definition}成立（{values}）",
    },
    "why_not_for_definition": {
        "en": "not for the {definition} ({values})",
        "zh": "按{definition}不成立（{values}）",
    },
    "why_agrees": {"en": "{value} agrees with {cited}", "zh": "{value}与{cited}相符"},
    "why_disagrees": {"en": "{value} disagrees with {cited}", "zh": "{value}与{cited}不符"},
    "why_other_period": {"en": "{value} fits {cited}", "zh": "{value}符合{cited}"},
    "why_other_period_not_here": {
        "en": "{value} fits {cited}, not {here}",
        "zh": "{value}符合{cited}，不符合{here}",
    },
    "why_other_period_bounded": {
        "en": "{value} fits {cited}; for {period} the ledger only bounds it: {here}",
        "zh": "{value}符合{cited}；{period}账本只有界限值：{here}",
    },
    "why_other_period_missing": {
        "en": "{value} fits {cited}; the ledger has no independent figure for {period}",
        "zh": "{value}符合{cited}；账本没有{period}的独立数据",
    },
    "why_only_bounded": {
        "en": "independent data only bound it: {cited} (consistent, not established)",
        "zh": "独立数据只给出界限：{cited}（相容，但不能确证）",
    },
    "why_no_figure_for_period": {
        "en": "no independent figure for {period}; other periods: {cited}",
        "zh": "没有{period}的独立数据；其他时期：{cited}",
    },
    "why_other_definition": {"en": "{value} holds for {fits}", "zh": "{value}按{fits}成立"},
    "why_other_definition_not": {
        "en": "{value} holds for {fits}, not {not_fits}",
        "zh": "{value}按{fits}成立，按{not_fits}不成立",
    },
    "why_sources_also_give": {
        "en": "{why}; sources also give {cited}",
        "zh": "{why}；来源另有{cited}",
    },
    "why_rank_disagrees": {"en": "{what}: the ledger disagrees", "zh": "{what}：与账本不符"},
    "why_rank_agrees": {"en": "{what} agrees with the ledger", "zh": "{what}：与账本相符"},
    "why_rank_other_period": {
        "en": "{what} is reported for {periods}, not {period}",
        "zh": "{what}为{periods}的排名，而非{period}",
    },
    "why_rank_only_own": {
        "en": "not independently checkable: only the text's own source reports this rank",
        "zh": "无法独立核查：仅文本自身来源报告此排名",
    },
    "why_rank_no_data": {
        "en": "no independent rank or values for {indicator} in {period}",
        "zh": "没有{period}{indicator}的独立排名或数值",
    },
    "why_rank_no_data_undated": {
        "en": "no independent rank or values for {indicator}",
        "zh": "没有{indicator}的独立排名或数值",
    },
    "why_rank_not_established": {
        "en": "{computed}: consistent, but {missing} peers lack data, so the rank is not "
        "established",
        "zh": "{computed}：相容，但有{missing}个比较对象缺少数据，排名不能确定",
    },
    "why_threshold_not_above": {
        "en": "not above {level} in {year} ({seen})",
        "zh": "{year}年未超过{level}（{seen}）",
    },
    "why_threshold_crossed": {
        "en": "{before}; {seen}: first above {level} in {year}",
        "zh": "{before}；{seen}：{year}年首次超过{level}",
    },
    "why_threshold_already_above": {
        "en": "already above {level} in {year} ({seen})",
        "zh": "{year}年已超过{level}（{seen}）",
    },
    "why_threshold_other_year": {
        "en": "first above {level} in {crossing}, not {year}",
        "zh": "{crossing}年首次超过{level}，而非{year}年",
    },
    "why_threshold_year_before_unknown": {
        "en": "above {level} in {year} ({seen}), but {before} is not known",
        "zh": "{year}年超过{level}（{seen}），但{before}年情况不明",
    },
    "why_threshold_no_figure": {
        "en": "no independent figure for {year}; {known}",
        "zh": "没有{year}年的独立数据；{known}",
    },
    "why_not_independently": {
        "en": "not independently checkable: {why}",
        "zh": "无法独立核查：{why}",
    },
    "why_change": {
        "en": "{period_from}: {verdict_from} ({why_from}); {period}: {verdict} ({why})",
        "zh": "{period_from}：{verdict_from}（{why_from}）；{period}：{verdict}（{why}）",
    },
    "why_not_a_conversion": {"en": "not a yuan/dollar conversion", "zh": "不是人民币与美元的换算"},
    "conversion_implies": {
        "en": "{written} for {converted} implies {rate} CNY/USD",
        "zh": "{written}折合{converted}，隐含汇率{rate}元/美元",
    },
    "why_conversion_year": {"en": "{base}, the rate of {period}", "zh": "{base}，即{period}的汇率"},
    "why_conversion_other": {
        "en": "{base}, the rate of {period} ({rate}, {who})",
        "zh": "{base}，即{period}的汇率（{rate}，{who}）",
    },
    "why_conversion_other_not_year": {
        "en": "{base}, the rate of {period} ({rate}, {who}), not {year}'s ({year_rate}, "
        "which gives {gives})",
        "zh": "{base}，即{period}的汇率（{rate}，{who}），而非{year}年的汇率（{year_rate}，"
        "按此折合{gives}）",
    },
    "why_conversion_contradicted": {
        "en": "{base}; {year}'s rate is {rate} ({who})",
        "zh": "{base}；{year}年汇率为{rate}（{who}）",
    },
    "why_conversion_no_rate": {
        "en": "{base}; the ledger has no rate near it",
        "zh": "{base}；账本中没有与之接近的汇率",
    },
    "growth_check_consistent": {
        "en": "the two ends imply {implied}% a year, consistent with the stated {stated}",
        "zh": "两端数据隐含年均增长{implied}%，与所述{stated}一致",
    },
    "growth_check_inconsistent": {
        "en": "the two ends imply {implied}% a year, not the stated {stated}",
        "zh": "两端数据隐含年均增长{implied}%，而非所述{stated}",
    },
    "share_check_consistent": {
        "en": "the text's own {period} {indicator} ({own}) over {parent}'s ({parent_text}, "
        "{who}) is {implied}%, consistent with {stated}",
        "zh": "文本自身的{period}{indicator}（{own}）除以{parent}的（{parent_text}，{who}）"
        "为{implied}%，与{stated}一致",
    },
    "share_check_inconsistent": {
        "en": "the text's own {period} {indicator} ({own}) over {parent}'s ({parent_text}, "
        "{who}) is {implied}%, not {stated}",
        "zh": "文本自身的{period}{indicator}（{own}）除以{parent}的（{parent_text}，{who}）"
        "为{implied}%，而非{stated}",
    },
    # the text report
    "check_header": {
        "en": "{name}: {count} claims; text date {date}; the text's own sources (not "
        "evidence): {own}",
        "zh": "{name}：{count}项说法；文本日期：{date}；文本自身来源（不作证据）：{own}",
    },
    "check_language": {"en": "report in English", "zh": "以中文报告"},
    "check_unknown": {"en": "unknown", "zh": "不详"},
    "check_none_found": {"en": "none found", "zh": "未发现"},
    "check_own_source_how": {"en": "{source} ({how})", "zh": "{source}（{how}）"},
    "how_given": {"en": "given", "zh": "用户指定"},
    "how_url": {"en": "same address", "zh": "网址相同"},
    "how_title": {"en": "same title", "zh": "标题相同"},
    "how_figures": {"en": "same figures", "zh": "数据一致"},
    "check_arithmetic_heading": {
        "en": "The text's own arithmetic (before any evidence):",
        "zh": "文本自身的计算（先于任何证据）：",
    },
    "check_about_claim": {"en": "claim {numbers}", "zh": "说法{numbers}"},
    "check_about_claims": {"en": "claims {numbers}", "zh": "说法{numbers}"},
    "check_consistent": {"en": "consistent", "zh": "自洽"},
    "check_inconsistent": {"en": "inconsistent", "zh": "不自洽"},
    "check_own_arithmetic": {"en": "own arithmetic: {why}", "zh": "自身计算：{why}"},
    "check_more_evidence": {"en": "and {count} more (--json)", "zh": "另有{count}条（见 --json）"},
    "check_rank": {"en": "rank {rank}", "zh": "第{rank}名"},
    "check_own_source": {
        "en": "{source} [{tier}, the text's own source]",
        "zh": "{source} [{tier}，文本自身来源]",
    },
    "check_computed_from": {"en": "computed from {sources}", "zh": "由{sources}计算"},
    "check_computed_from_many": {
        "en": "computed from {count} sources ({tiers})",
        "zh": "由{count}个来源计算（{tiers}）",
    },
    "check_tier_count": {"en": "{tier} {count}", "zh": "{tier}{count}个"},
    "check_no_source": {"en": "no source", "zh": "无来源"},
    "check_summary": {"en": "Verdicts: {counts}", "zh": "结论：{counts}"},
    "check_summary_item": {"en": "{verdict} {count}", "zh": "{verdict}{count}项"},
    "check_field_sep": {"en": ", ", "zh": "，"},
    "check_claim_line": {
        "en": "{number}. {what} ({where}) {verdict}",
        "zh": "{number}. {what}（{where}）{verdict}",
    },
    "check_part_line": {
        "en": "{period} ({value}): {verdict} — {why}",
        "zh": "{period}（{value}）：{verdict} — {why}",
    },
    "check_evidence_line": {
        "en": "{part}{relation}: {period}{text} — {who}",
        "zh": "{part}{relation}：{period}{text} — {who}",
    },
    "check_part": {"en": "({part}) ", "zh": "（{part}）"},
    "check_arithmetic_line": {
        "en": "{about}: {why} ({status})",
        "zh": "{about}：{why}（{status}）",
    },
}
MESSAGES.update(CHECK_MESSAGES)


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
