"""Text cells made safe for the spreadsheets an export will be opened in.

Spreadsheet programs run a cell that begins with '=', '+', '-' or '@' as a formula,
and a leading tab or carriage return can hide such a start; a source's title or a
user's note can carry '=HYPERLINK(...)' into an analyst's Excel. Following the OWASP
guidance on CSV injection, every text cell that begins with one of these characters is
prefixed with a single quote, which spreadsheets show as text; numbers are never
touched. `--raw-text` turns this off for readers who parse the files themselves.

XML 1.0 forbids most control characters, so an XLSX cannot hold them at all: they are
removed from XLSX cells, and the workbook's notes say which cells lost them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START_RE = r"^[=+\-@\t\r]"
# XML 1.0's forbidden characters: C0 controls other than tab, line feed and carriage
# return (the same set openpyxl refuses).
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """'=SUM(A1)' -> "'=SUM(A1)"; text that cannot start a formula is unchanged."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_table(table: pa.Table) -> pa.Table:
    """Every string column of an Arrow table neutralised, in one vectorised pass."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            starts = pc.match_substring_regex(column, _FORMULA_START_RE)
            quoted = pc.binary_join_element_wise(pa.scalar("'"), column, "")
            column = pc.if_else(pc.fill_null(starts, False), quoted, column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


@dataclass
class XmlCleaning:
    """Which cells lost characters XML forbids, for the workbook's notes."""

    cells: list[str] = field(default_factory=list)

    def clean(self, text: str, where: str) -> str:
        cleaned = XML_FORBIDDEN.sub("", text)
        if cleaned != text:
            self.cells.append(where)
        return cleaned

    def note(self) -> str | None:
        if not self.cells:
            return None
        shown = ", ".join(self.cells[:20]) + (" ..." if len(self.cells) > 20 else "")
        return (
            f"{len(self.cells)} text cells held control characters that XLSX (XML) cannot "
            f"store; they were removed: {shown}. The CSV and Parquet exports keep them. / "
            f"{len(self.cells)} 个文本单元格含有 XLSX（XML）无法保存的控制字符，已删除。"
        )
