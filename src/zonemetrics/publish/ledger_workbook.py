"""Workbooks for people: a zone x year sheet per indicator, the observations with the
policy's verdicts, derived values and ranks with receipts, and the sources.

Zone names are in Chinese and English, values in the units people read (亿元, %), and
a cell that is a bound stays a bound (written as text, '>4000', never as the number
4000). Every sheet has a frozen header and an auto-filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from zonemetrics.indicators.tables import MARKERS, Cell, ZoneYearTable, zone_year_tables
from zonemetrics.publish.people import (
    Selection,
    derived_table,
    ledger_table,
    observations_table,
    ranks_table,
)
from zonemetrics.publish.workbook import SafeWorkbook
from zonemetrics.store.connection import Store

Step = Callable[[str], None]

ZONE_HEADER = ("zone", "名称", "name")


def _no_step(_label: str) -> None:
    return None


def cell_value(cell: Cell | None) -> Any:
    """A number where the figure is a number; a bound or band as its text, so that no
    one sums '>4000' as 4000."""
    if cell is None:
        return None
    if cell.qualifier in ("lower_bound", "upper_bound", "band"):
        return cell.text
    return cell.value


def legend_rows() -> list[list[str]]:
    rows = [[letter, en, zh] for letter, en, zh in MARKERS.values()]
    rows.append(["Cn", "n other values conflict with this one", "n 个其他来源的数值与此值冲突"])
    return rows


def add_zone_year_sheet(book: SafeWorkbook, table: ZoneYearTable) -> str:
    """Zones down, years across: each year a value column and a marker column."""
    header = [*ZONE_HEADER, "caliber 口径"]
    for year in table.years:
        header += [f"{year} ({table.unit})", f"{year} markers 标记"]
    rows = []
    for row in table.rows:
        line: list[Any] = [row.zone_id, row.name_zh, row.name_en, ", ".join(row.calibers)]
        for year in table.years:
            cell = row.cells.get(year)
            line += [cell_value(cell), cell.marker_text if cell else None]
        rows.append(line)
    return book.add_sheet(
        table.indicator, header, rows, frozen_columns=3, widths={1: 16, 2: 34, 3: 14}
    )


CELL_COLUMNS = (
    "zone",
    "名称",
    "name",
    "indicator",
    "指标",
    "year",
    "value",
    "unit",
    "text",
    "original_text",
    "qualifier",
    "caliber",
    "preferred",
    "conflicts",
    "values_held",
    "tier",
    "source_id",
    "markers",
    "flag_reason",
    "receipt_obs_ids",
)


def _cell_rows(tables: Sequence[ZoneYearTable]) -> list[list[Any]]:
    rows = []
    for table in tables:
        for row in table.rows:
            for year, cell in sorted(row.cells.items()):
                if year not in table.years:
                    continue
                rows.append(
                    [
                        row.zone_id,
                        row.name_zh,
                        row.name_en,
                        table.indicator,
                        table.name_zh,
                        year,
                        cell_value(cell),
                        cell.unit,
                        cell.text,
                        cell.original_text,
                        cell.qualifier,
                        cell.caliber,
                        "preferred 首选" if cell.preferred else "agrees with the preferred bound",
                        cell.conflicts,
                        cell.n_values,
                        cell.tier,
                        cell.source_id,
                        cell.marker_text,
                        cell.flag_reason,
                        ";".join(str(i) for i in cell.receipt),
                    ]
                )
    return rows


def _rows(table: pa.Table) -> list[list[Any]]:
    columns = [table[name].to_pylist() for name in table.column_names]
    return [list(values) for values in zip(*columns, strict=True)]


def _add_arrow_sheet(book: SafeWorkbook, title: str, table: pa.Table, frozen: int = 0) -> str:
    return book.add_sheet(title, table.column_names, _rows(table), frozen_columns=frozen)


def _readme(book: SafeWorkbook, lines: list[list[str]]) -> None:
    book.add_sheet(
        "README 说明", ["item 项目", "English", "中文"], lines, widths={0: 24, 1: 70, 2: 50}
    )


def write_tables_workbook(
    store: Store, tables: Sequence[ZoneYearTable], path: Path, *, raw_text: bool = False
) -> Path:
    """The workbook of `table --xlsx` and `compare --xlsx`: a legend, one zone x year
    sheet per indicator, every cell in long form, and the sources the cells cite."""
    book = SafeWorkbook(raw_text=raw_text)
    lines = [[t.indicator, f"{t.name_en} ({t.unit})", f"{t.name_zh}（{t.unit}）"] for t in tables]
    lines += legend_rows()
    lines.append(
        [
            "value",
            "The reconciliation policy's preferred value per zone and year; a bound is "
            "written as text (>4000). A bound may give way to a value that agrees with it.",
            "按数据核对规则选出的首选值；范围值以文本写出（>4000）。",
        ]
    )
    _readme(book, lines)
    for table in tables:
        add_zone_year_sheet(book, table)
    book.add_sheet("cells 单元格", CELL_COLUMNS, _cell_rows(tables), frozen_columns=3)
    cited = sorted(
        {
            cell.source_id
            for t in tables
            for row in t.rows
            for cell in row.cells.values()
            if cell.source_id
        }
    )
    sources = store.table("sources")
    sources = sources.filter(sources.source_id.isin(cited)).drop("ingest_id")
    _add_arrow_sheet(book, "sources 来源", sources.order_by("source_id").to_pyarrow(), 1)
    return book.save(path)


def write_ledger_workbook(
    store: Store,
    path: Path,
    selection: Selection,
    *,
    raw_text: bool = False,
    step: Step = _no_step,
) -> Path:
    """The whole ledger (or a selection) for people: a zone x year sheet per indicator
    with yearly values, the observations with verdicts, derived values and ranks with
    receipts, sources, zones, indicators and searches."""
    book = SafeWorkbook(raw_text=raw_text)
    step("observations")
    observations = observations_table(store, selection)
    yearly = {
        code
        for code, measure, kind in zip(
            observations["indicator"].to_pylist(),
            observations["measure"].to_pylist(),
            observations["period_kind"].to_pylist(),
            strict=True,
        )
        if measure == "value" and kind == "year"
    }
    codes = sorted(yearly)
    step("zone x year tables")
    tables = zone_year_tables(
        store, codes, list(selection.zones) if selection.zones else None, _years(selection)
    )
    lines = [
        ["selection", selection.describe(), ""],
        [
            "observations",
            "Every observation with the policy's verdict: preferred, agreeing, conflicting, "
            "or superseded (an earlier vintage); conflicts_in_figure counts the values that "
            "cannot be true beside the preferred one.",
            "全部观测值及核对结论：首选、一致、冲突、已被更新；conflicts_in_figure 为与首选值"
            "冲突的数值个数。",
        ],
        ["derived_values", "Derived indicators with receipts.", "派生指标及其依据。"],
        ["ranks", "Rankings among a stated peer set, with receipts.", "同类排名及其依据。"],
        *legend_rows(),
    ]
    lines += [[t.indicator, f"{t.name_en} ({t.unit})", f"{t.name_zh}（{t.unit}）"] for t in tables]
    _readme(book, lines)
    for table in tables:
        add_zone_year_sheet(book, table)
    step("write observations")
    _add_arrow_sheet(book, "observations", observations, frozen=4)
    _add_arrow_sheet(book, "derived_values", derived_table(store, selection, step), frozen=3)
    _add_arrow_sheet(book, "ranks", ranks_table(store, selection, step=step), frozen=5)
    for name in ("sources", "zones", "zone_aliases", "indicators", "searches"):
        _add_arrow_sheet(book, name, ledger_table(store, name, selection), frozen=1)
    step("save")
    return book.save(path)


def _years(selection: Selection) -> list[int] | None:
    return list(selection.years) if selection.years is not None else None
