"""A table's data rows in batches of text cells, for validation in the database.

Looking at a million rows one by one in Python costs seconds before any check is made,
so a large plain UTF-8 CSV is parsed by Arrow's C++ reader, block by block (memory
follows the block, not the file). Every other file (XLSX, Parquet, other encodings, a
small CSV, or a CSV Arrow cannot parse row for row as Python's csv module does: blank
lines, ragged rows) goes through the row reader, whose cells are the same text and
whose errors name the row; its rows are gathered into batches of tuples (a one-row
ingest so never builds Arrow arrays, which took some 20 MB more at its peak).

Either way a batch holds `row_number` (the row in the file, the header being row 1)
and one text cell per column of the table kind (empty when the file lacks it), each
stripped as the row reader strips it; blank rows are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Union

from zonemetrics.ingest.limits import MAX_TABLE_ROWS, check_row_count
from zonemetrics.ingest.readers import RawTable

if TYPE_CHECKING:
    import pyarrow as pa

#: rows gathered from the row reader before they are handed over as one batch
ROW_BATCH = 20_000
#: bytes of CSV Arrow parses at a time
ARROW_BLOCK = 1 << 20
#: a CSV smaller than this is read by the row reader (a few thousand rows at most)
ARROW_FROM_BYTES = 1 << 20

Batch = Union["pa.Table", list[tuple[int | str, ...]]]


class NotColumnar(Exception):
    """Arrow cannot read this file row for row as the row reader does."""


#: a batch telling the consumer to drop what it staged and start again from the row
#: reader (Arrow met a row it reads differently)
RESTART: list[tuple[int | str, ...]] = []


def is_restart(batch: Batch) -> bool:
    return batch is RESTART


def text_batches(raw: RawTable, columns: list[str], wanted: tuple[str, ...]) -> Iterator[Batch]:
    """Batches of `row_number` and the `wanted` columns; `columns` are the canonical
    names of the file's header cells, in order."""
    if _arrow_can_read(raw, columns):
        try:
            yield from _arrow_batches(raw, columns, wanted)
            return
        except NotColumnar:
            pass
        yield RESTART
    yield from _row_batches(raw, columns, wanted)


def _arrow_can_read(raw: RawTable, columns: list[str]) -> bool:
    """A large UTF-8 CSV whose header is one plain line and names every column."""
    if raw.delimiter is None or raw.encoding not in ("utf-8-sig", "utf-8", "utf8"):
        return False
    if not all(columns):
        return False  # a cell under an empty header cell is an error the row reader names
    if raw.path.stat().st_size < ARROW_FROM_BYTES:
        return False
    with raw.path.open("rb") as handle:
        first_line = handle.readline(1 << 20)
    return b'"' not in first_line and first_line.count(raw.delimiter.encode()) + 1 == len(columns)


def _arrow_batches(
    raw: RawTable, columns: list[str], wanted: tuple[str, ...]
) -> Iterator[pa.Table]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as csv

    names = [f"c{i}" for i in range(len(columns))]
    try:
        reader = csv.open_csv(
            raw.path,
            read_options=csv.ReadOptions(
                column_names=names, skip_rows=1, block_size=ARROW_BLOCK, use_threads=True
            ),
            parse_options=csv.ParseOptions(
                delimiter=raw.delimiter or ",",
                newlines_in_values=True,
                # a blank line is a row to Python's csv module (it counts in the row
                # numbers); Arrow would drop it, so such a file goes to the row reader
                ignore_empty_lines=False,
            ),
            convert_options=csv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise NotColumnar(str(exc)) from exc
    position = {column: i for i, column in enumerate(columns)}
    first_row = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            return
        except (pa.ArrowInvalid, OSError) as exc:
            raise NotColumnar(str(exc)) from exc
        count = batch.num_rows
        numbers = pa.array(range(first_row, first_row + count), pa.int64())
        first_row += count
        if first_row - 2 > MAX_TABLE_ROWS:
            check_row_count(raw.path, first_row - 2)
        empty = pa.array([""] * count, pa.string()) if len(position) < len(wanted) else None
        # Arrow's whitespace is Python's str.strip() whitespace (checked code point by
        # code point), so the cells are those the row reader gives
        cells = [
            pc.utf8_trim_whitespace(batch.column(position[column])) if column in position else empty
            for column in wanted
        ]
        present = [cells[i] for i, column in enumerate(wanted) if column in position]
        filled = pc.not_equal(present[0], "")
        for column in present[1:]:
            filled = pc.or_(filled, pc.not_equal(column, ""))
        table = pa.Table.from_arrays([numbers, *cells], names=["row_number", *wanted])
        yield table if pc.all(filled).as_py() else table.filter(filled)


def _row_batches(
    raw: RawTable, columns: list[str], wanted: tuple[str, ...]
) -> Iterator[list[tuple[int | str, ...]]]:
    """The row reader's rows (already stripped and padded), gathered into batches."""
    position = [columns.index(column) if column in columns else None for column in wanted]
    batch: list[tuple[int | str, ...]] = []
    for number, cells in enumerate(raw.rows(), start=2):
        if not any(cells):
            continue
        batch.append((number, *("" if i is None else cells[i] for i in position)))
        if len(batch) >= ROW_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
