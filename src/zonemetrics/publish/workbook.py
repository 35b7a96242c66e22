"""XLSX workbooks that read well and cannot run anything.

Every sheet has its header row frozen and an auto-filter over its columns; text is
always written as text (a cell starting with '=' is never a formula), neutralised
against formula injection unless raw text is asked for, and stripped of the control
characters XML forbids, with a note saying where. The file is written atomically.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zonemetrics.publish.cells import XmlCleaning, neutralise
from zonemetrics.publish.safe_write import atomic_path

# Excel's limits on a sheet name: 31 characters, none of []:*?/\ .
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31


class SafeWorkbook:
    """A write-only workbook built sheet by sheet, saved atomically."""

    def __init__(self, raw_text: bool = False) -> None:
        self.raw_text = raw_text
        self.cleaning = XmlCleaning()
        self._book = Workbook(write_only=True)
        self._names: set[str] = set()
        self.notes: list[str] = []

    def sheet_name(self, wanted: str) -> str:
        """A name Excel accepts, unique in the workbook (a suffix where cut names meet)."""
        base = _SHEET_NAME_FORBIDDEN.sub("_", wanted)[:_SHEET_NAME_MAX] or "sheet"
        name, number = base, 2
        while name.casefold() in self._names:
            suffix = f"~{number}"
            name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
            number += 1
        self._names.add(name.casefold())
        return name

    def add_sheet(
        self,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        *,
        frozen_columns: int = 0,
        widths: dict[int, int] | None = None,
    ) -> str:
        """One table as a sheet: header frozen (and the first `frozen_columns` columns,
        so zone names stay in view while scrolling across years) and filtered."""
        name = self.sheet_name(title)
        sheet = self._book.create_sheet(name)
        sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
        for index, width in (widths or {}).items():
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        bold = Font(bold=True)
        header_cells = []
        for column, text in enumerate(header):
            cell = self._cell(sheet, name, 1, column, text)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        count = 1
        for count, row in enumerate(rows, start=2):
            sheet.append([self._cell(sheet, name, count, i, v) for i, v in enumerate(row)])
        last_column = get_column_letter(max(len(header), 1))
        sheet.auto_filter.ref = f"A1:{last_column}{max(count, 1)}"
        return name

    def _cell(self, sheet, sheet_name: str, row: int, column: int, value: Any) -> Any:
        if isinstance(value, bool) or value is None or isinstance(value, int | float):
            return WriteOnlyCell(sheet, value)
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        text = str(value) if not isinstance(value, str) else value
        where = f"{sheet_name}!{get_column_letter(column + 1)}{row}"
        text = self.cleaning.clean(text, where)
        if not self.raw_text:
            text = neutralise(text)
        cell = WriteOnlyCell(sheet, text)
        cell.data_type = "s"  # text is text: never a formula, whatever it starts with
        return cell

    def save(self, path: Path) -> Path:
        """Write the workbook under `path` atomically, with a notes sheet when
        characters were removed or notes were added."""
        notes = [*self.notes]
        if note := self.cleaning.note():
            notes.append(note)
        if notes:
            self.add_sheet("notes 说明", ["note / 说明"], [[n] for n in notes], widths={0: 120})
        # The zip is built in memory (its compressed size, a few MB for the bundled
        # ledger) and then written by us: a disk that fills up fails our write, with our
        # clear error, rather than leaving openpyxl's zip half-closed.
        buffer = io.BytesIO()
        self._book.save(buffer)
        with atomic_path(Path(path)) as part:
            part.write_bytes(buffer.getbuffer())
        return Path(path)
