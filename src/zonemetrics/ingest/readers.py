"""Reading CSV, XLSX and Parquet files into a header and rows of text cells.

Every cell comes back as text, exactly as written, because the ledger keeps the
source's own wording ('4282.3', '>5') next to the parsed number.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.ingest.headers import canonical
from zonemetrics.ingest.limits import (
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    check_file_size,
    check_row_count,
    check_zip_inflation,
)


@dataclass
class RawTable:
    """A table's header and a way to walk its data rows.

    Rows are produced on demand (`rows()` starts a fresh pass each time), so a
    million-row file is validated in chunks instead of being held as Python lists.
    Row i of a pass is at file row i + 2 (the header is row 1).
    """

    path: Path
    header: list[str]
    row_source: Callable[[], Iterator[list[str]]]
    encoding: str | None = None
    estimated_rows: int | None = None  # for progress bars; the exact count comes by reading
    #: a CSV's field separator, for readers that parse the file again column-wise
    delimiter: str | None = None

    def rows(self) -> Iterator[list[str]]:
        """The data rows, each padded to the header's width; a row wider than the
        header, or a cell under an empty header cell, is an error naming the row."""
        width = len(self.header)
        unnamed = [i for i, name in enumerate(self.header) if not name]
        for number, record in enumerate(self.row_source(), start=2):
            if number - 1 > MAX_TABLE_ROWS:
                check_row_count(self.path, number - 1)
            record = [cell.strip() if type(cell) is str else _cell_text(cell) for cell in record]
            if any(record[width:]):
                raise IngestError(
                    [
                        IngestProblem(
                            str(self.path),
                            number,
                            None,
                            f"the row has {len(record)} cells but the header has {width} columns",
                        )
                    ]
                )
            for index in unnamed:
                if index < len(record) and record[index]:
                    raise IngestError(
                        [
                            IngestProblem(
                                str(self.path),
                                number,
                                f"column {index + 1}",
                                f"the cell holds '{record[index][:40]}' but its column has "
                                "no header: name the column or delete it",
                            )
                        ]
                    )
            yield (record + [""] * width)[:width]


def _fail(path: Path, reason: str) -> IngestError:
    return IngestError([IngestProblem(str(path), None, None, reason)])


#: encodings a user may name with --encoding; Python's codec names are accepted too
ENCODING_HINT = "--encoding utf-8, --encoding gb18030 or --encoding latin-1"


def _decode(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """UTF-8 first (with or without BOM), then GB18030 when the result is plainly
    Chinese; anything else is undecidable and the user is asked to say.

    GB18030 decodes almost any byte string, so success proves nothing: a Latin-1
    'Zürich' decodes to a rare ideograph. Text really written in GBK uses the common
    characters of GB2312 (both bytes of each pair 0xA1-0xFE); a GB18030 reading that
    needs characters outside that set is taken as a wrong guess, not as Chinese.
    """
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except LookupError as exc:
            raise _fail(path, f"unknown encoding '{encoding}' ({ENCODING_HINT})") from exc
        except UnicodeDecodeError as exc:
            raise _fail(path, f"the file is not valid {encoding} text at byte {exc.start}") from exc
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
        text.encode("gb2312")
        return text, "gb18030"
    except UnicodeError:
        pass
    raise _fail(
        path,
        f"cannot tell the file's encoding: it is not UTF-8 (byte {utf8_error.start}) and "
        f"does not read as common Chinese GBK text; say which it is with {ENCODING_HINT}",
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value).strip()


#: parts of a number format that show text, not digits: quoted or escaped literals,
#: padding (_x), fill (*x), and colour or locale tags ([Red], [$-804])
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')
_FIXED_DIGITS = re.compile(r"[#,0]*0(?:\.(0+))?")


def shown_number(value: float, number_format: str | None) -> str | None:
    """A number as a spreadsheet cell shows it (Excel rounds halves away from zero), or
    None when its format does not fix the decimals (General, text, dates)."""
    sections = (number_format or "General").split(";")
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    bare = _FORMAT_LITERALS.sub("", section).strip()
    percent = "%" in bare
    match = _FIXED_DIGITS.fullmatch(bare.replace("%", "").strip().strip("()-").strip())
    if not match:
        return None
    number = Decimal(repr(float(value))) * (100 if percent else 1)
    places = Decimal(1).scaleb(-len(match.group(1) or ""))
    return f"{number.quantize(places, rounding=ROUND_HALF_UP):f}"


def _xlsx_cell_text(value: object, number_format: str | None) -> str:
    """A value cell as the spreadsheet shows it: formatted `0.00`, 4500 was written
    4500.00 (rounded to the hundredth, not to the hundred); formatted `0.0%`, 0.052 reads
    5.2 (the row's unit says %). Cells in General, text or date formats read as their
    value."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _cell_text(value)
    shown = shown_number(value, number_format)
    return shown if shown is not None else _cell_text(value)


_BLOCK = 1 << 20


def _scan_utf8(path: Path) -> tuple[bool, str, int, bool]:
    """Read the file block by block without keeping it: whether it is UTF-8, its first
    4,096 characters, its count of line breaks, and whether it holds anything but
    white space. A million-row file is decoded here once and then parsed by Arrow,
    so its text never sits in memory whole."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    sample, lines, filled = "", 0, False
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError:
                return False, "", 0, True
            if len(sample) < 4096:
                sample += text[: 4096 - len(sample)]
            lines += block.count(b"\n")
            filled = filled or bool(block.strip())
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False, "", 0, True
    return True, sample, lines, filled


def read_csv(path: Path, encoding: str | None = None) -> RawTable:
    check_file_size(path, MAX_TABLE_BYTES, "table file")
    utf8, sample, lines, filled = (False, "", 0, True) if encoding else _scan_utf8(path)
    if not filled:
        raise _fail(path, "the file is empty")
    text: str | None = None
    if utf8:
        used = "utf-8-sig"
    else:
        data = path.read_bytes()
        if not data.strip():
            raise _fail(path, "the file is empty")
        text, used = _decode(path, data, encoding)
        del data
        sample, lines = text[:4096], text.count("\n")
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","

    def records() -> Iterator[list[str]]:
        # a UTF-8 file is streamed from disk; a file in another encoding was decoded whole
        with (
            io.StringIO(text, newline="")
            if text is not None
            else path.open(encoding=used, newline="")
        ) as lines_in:
            reader = csv.reader(lines_in, delimiter=delimiter)
            try:
                yield from reader
            except csv.Error as exc:
                raise _fail(
                    path, f"not a readable CSV file (row {reader.line_num}): {exc}"
                ) from exc

    table = _table(path, records, used)
    table.estimated_rows = max(lines - 1, 0)
    table.delimiter = delimiter
    return table


def _sheet_rows(sheet) -> list[list[str]]:
    """A sheet's rows as text; the value column as the spreadsheet shows it, every other
    column (a year typed 2023 in a cell formatted 0.00 included) as its value."""
    rows = list(sheet.iter_rows())
    header = [_cell_text(c.value) for c in rows[0]] if rows else []
    value_columns = {i for i, name in enumerate(header) if canonical(name) == "value"}
    return [
        [
            _xlsx_cell_text(c.value, getattr(c, "number_format", None))
            if i in value_columns
            else _cell_text(c.value)
            for i, c in enumerate(row)
        ]
        for row in rows
    ]


def read_xlsx(path: Path, encoding: str | None = None) -> RawTable:
    """The first sheet; the archive's declared sizes are checked before anything is
    inflated (zip bombs), and the row count before the rows are kept."""
    from openpyxl import load_workbook

    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty")
    check_file_size(path, MAX_TABLE_BYTES, "workbook")
    check_zip_inflation(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheets = [(sheet.title, _sheet_rows(sheet)) for sheet in workbook.worksheets]
        workbook.close()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _fail(path, f"not a readable XLSX file (truncated or corrupt): {exc}") from exc
    others = [title for title, rows in sheets[1:] if any(any(row) for row in rows)]
    if others:
        raise _fail(
            path,
            f"only the first sheet ('{sheets[0][0]}') is read, but sheet '{others[0]}' holds "
            "data too: put each table in a file of its own",
        )
    rows = sheets[0][1]
    table = _table(path, lambda: iter(rows), None)
    table.estimated_rows = max(len(rows) - 1, 0)
    return table


def read_parquet(path: Path, encoding: str | None = None) -> RawTable:
    """Read batch by batch, so memory follows the batch, not the file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty")
    check_file_size(path, MAX_TABLE_BYTES, "table file")
    try:
        parquet = pq.ParquetFile(path)
        header = list(parquet.schema_arrow.names)
        check_row_count(path, parquet.metadata.num_rows)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise _fail(path, f"not a readable Parquet file: {exc}") from exc

    def records() -> Iterator[list]:
        yield header
        try:
            for batch in pq.ParquetFile(path).iter_batches(batch_size=20_000):
                columns = [column.to_pylist() for column in batch.columns]
                yield from (list(row) for row in zip(*columns, strict=True))
        except (pa.ArrowException, OSError, ValueError) as exc:
            raise _fail(path, f"not a readable Parquet file: {exc}") from exc

    table = _table(path, records, None)
    table.estimated_rows = parquet.metadata.num_rows
    return table


def _table(path: Path, records: Callable[[], Iterator[list]], encoding: str | None) -> RawTable:
    """The header (the first row that is not blank) and a source of the rows after it.

    Blank rows are dropped by the ingest, so trailing blank rows cost nothing here."""
    first = records()
    header_row = next(first, None)
    if header_row is None or not any(_cell_text(c) for c in header_row):
        raise _fail(path, "the file is empty (or its first row, the header, is blank)")
    header = [_cell_text(name).strip() for name in header_row]
    while header and not header[-1]:
        header.pop()

    def data_rows() -> Iterator[list]:
        rows = records()
        next(rows, None)
        return rows

    return RawTable(path, header, data_rows, encoding)


READERS = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".txt": read_csv,
    ".xlsx": read_xlsx,
    ".parquet": read_parquet,
    ".pq": read_parquet,
}


def read_table(path: Path, encoding: str | None = None) -> RawTable:
    """Open a table file; `encoding` overrides the guess for text files."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise _fail(path, f"unsupported file type '{path.suffix}' (use .csv, .xlsx or .parquet)")
    if not path.exists():
        raise _fail(path, "no such file")
    if path.is_dir():
        raise _fail(path, "is a folder, not a file")
    try:
        return reader(path, encoding)
    except PermissionError as exc:
        raise _fail(path, "permission denied: the file cannot be read") from exc
    except OSError as exc:
        raise _fail(path, f"cannot read the file: {exc.strerror or exc}") from exc
