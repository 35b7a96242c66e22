"""Which table a file holds, and the mapping of its headers (English or Chinese).

The kind of table is recognised from its columns, so a user never has to say
"this is a sources file": the header already does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TableKind:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    order: int  # import order within one call: sources before observations, etc.

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


SOURCES = TableKind(
    "sources",
    ("source_id", "title", "producer", "tier"),
    ("url", "published", "accessed", "licence", "note"),
    0,
)
INDICATORS = TableKind(
    "indicators",
    ("code", "name_en", "name_zh", "unit", "direction", "definition"),
    ("unit_mult", "kind"),
    1,
)
ZONES = TableKind(
    "zones",
    ("zone_id", "name_zh", "name_en", "kind"),
    (
        "parent",
        "province",
        "approval_date",
        "approval_precision",
        "approval_doc",
        "aliases",
        "source",
        "note",
    ),
    2,
)
OBSERVATIONS = TableKind(
    "observations",
    ("zone", "indicator", "period", "value", "unit", "source"),
    ("measure", "peer_set", "caliber", "status", "note"),
    3,
)
SEARCHES = TableKind("searches", ("zone", "indicator", "period", "tried"), ("note",), 4)

KINDS = (SOURCES, INDICATORS, ZONES, OBSERVATIONS, SEARCHES)

#: header words mapped to column names; a tuple lists the columns a word may name, and
#: the table kind decides (the first of them that the kind has)
ALIASES: dict[str, str | tuple[str, ...]] = {
    # observations
    "区域": "zone",
    "地区": "zone",
    "新区": "zone",
    "zone_id_or_name": "zone",
    "指标": "indicator",
    "指标代码": "indicator",
    "时期": "period",
    "年份": "period",
    "期间": "period",
    "year": "period",
    "数值": "value",
    "值": "value",
    "单位": "unit",
    "来源": "source",
    # the id of a source: its own key in a sources table, a reference elsewhere
    "来源编号": ("source_id", "source"),
    "source_ref": "source",
    "度量": "measure",
    "比较范围": "peer_set",
    "参照组": "peer_set",
    "口径": "caliber",
    "统计口径": "caliber",
    "状态": "status",
    "obs_status": "status",
    "备注": "note",
    "说明": "note",
    # sources
    "标题": "title",
    "发布者": "producer",
    "发布机构": "producer",
    "网址": "url",
    "链接": "url",
    "发布日期": "published",
    "访问日期": "accessed",
    "许可": "licence",
    "license": "licence",
    "可靠性": "tier",
    "可靠性等级": "tier",
    # zones
    "区域编号": "zone_id",
    "中文名": "name_zh",
    "英文名": "name_en",
    "类型": "kind",
    "上级": "parent",
    "所在省份": "province",
    "批复日期": "approval_date",
    "日期精度": "approval_precision",
    "批复文号": "approval_doc",
    "别名": "aliases",
    # indicators
    "代码": "code",
    "方向": "direction",
    "定义": "definition",
    "单位倍数": "unit_mult",
    # searches
    "已尝试": "tried",
    "检索记录": "tried",
}


def canonical(header: str, kind: TableKind | None = None) -> str:
    """The column a header names, in the table kind given (or the first reading)."""
    text = header.strip().lstrip("\ufeff")
    found = ALIASES.get(text)
    if found is None:
        key = re.sub(r"[\s\-]+", "_", text.casefold())
        found = ALIASES.get(key, key)
    if isinstance(found, tuple):
        fitting = [name for name in found if kind is not None and name in kind.columns]
        return (fitting or list(found))[0]
    return found


def detect_kind(header: list[str] | set[str]) -> TableKind | None:
    """The table kind whose required columns are all present (most specific first),
    each header read as that kind would read it."""
    for kind in (SOURCES, INDICATORS, ZONES, SEARCHES, OBSERVATIONS):
        columns = {canonical(name, kind) for name in header}
        if set(kind.required) <= columns:
            if kind is SEARCHES and "value" in columns:
                continue
            return kind
    return None
