"""Importing files into the ledger: one transaction per file, all or nothing.

A file is read and validated completely before anything is written; the write then
happens in one DuckDB transaction, so a killed process or a failing row leaves the
store exactly as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.ingest.batches import text_batches
from zonemetrics.ingest.cells import control_character
from zonemetrics.ingest.columnar import (
    COLUMNS,
    control_character_problems,
    drop_raw,
    stage_raw,
    validate_raw,
)
from zonemetrics.ingest.headers import KINDS, TableKind, canonical, detect_kind
from zonemetrics.ingest.readers import RawTable, read_table
from zonemetrics.ingest.staging import staging_memory, write_observations
from zonemetrics.ingest.suggest import did_you_mean
from zonemetrics.ingest.validate import (
    MAX_PROBLEMS,
    Context,
    Validated,
    validator_for,
)
from zonemetrics.store.connection import Store

CHUNK_ROWS = 10_000

ProgressCallback = Callable[[str, int, int], None]
"""Called as (file, rows written so far, rows to write) while a file is written."""


@dataclass
class IngestReport:
    path: str
    table_kind: str
    rows_read: int
    rows_added: int
    rows_skipped: int
    ingest_id: int | None


def load_context(store: Store) -> Context:
    """The small reference tables a validator looks names up in.

    Observations are not loaded: whether a row is already held is decided in the
    database (see `_stage_and_insert_observations`), so a one-row ingest into a store
    of millions costs memory in proportion to the row, not to the store.
    """

    def records(query: str) -> list[dict[str, Any]]:
        cursor = store.raw.execute(query)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    indicators = {
        r["code"]: r
        for r in records(
            "SELECT code, name_en, name_zh, unit, direction, definition, kind, unit_mult "
            "FROM indicators"
        )
    }
    sources = {
        r["source_id"]: r
        for r in records(
            "SELECT source_id, title, producer, url, published, accessed, licence, tier, note "
            "FROM sources"
        )
    }
    zones = {
        r["zone_id"]: r
        for r in records(
            "SELECT zone_id, name_zh, name_en, kind, parent, province, approval_date, "
            "approval_precision, approval_doc, note, source_id FROM zones"
        )
    }
    return Context(
        aliases=dict(store.sql("SELECT alias_key, zone_id FROM zone_aliases")),
        indicators=indicators,
        sources=sources,
        zones=zones,
        search_keys={r[0] for r in store.sql("SELECT content_key FROM searches")},
    )


def _classify(table: RawTable) -> tuple[TableKind, list[str]]:
    """The table kind from the header alone, and the canonical column names."""
    bad = next(((name, found) for name in table.header if (found := control_character(name))), None)
    if bad:
        raise IngestError(
            [
                IngestProblem(
                    str(table.path),
                    1,
                    None,
                    f"a header cell holds the control character {bad[1]}",
                )
            ]
        )
    kind = detect_kind(table.header)
    if kind is None:
        expected = "; ".join(f"{k.name}: {', '.join(k.required)}" for k in KINDS)
        raise IngestError(
            [
                IngestProblem(
                    str(table.path),
                    1,
                    None,
                    f"cannot tell which table this is from its header ({', '.join(table.header)}); "
                    f"expected the columns of one of: {expected}",
                )
            ]
        )
    columns = [canonical(name, kind) for name in table.header]
    duplicates = {c for c in columns if c and columns.count(c) > 1}
    if duplicates:
        raise IngestError(
            [
                IngestProblem(
                    str(table.path),
                    1,
                    sorted(duplicates)[0],
                    "the column appears twice in the header",
                )
            ]
        )
    unknown = [
        name
        for name, col in zip(table.header, columns, strict=True)
        if col and col not in kind.columns
    ]
    if unknown:
        hint = did_you_mean(unknown[0], kind.columns)
        raise IngestError(
            [
                IngestProblem(
                    str(table.path),
                    1,
                    unknown[0],
                    f"unknown column for a {kind.name} table{hint} "
                    f"(columns: {', '.join(kind.columns)})",
                )
            ]
        )
    return kind, columns


def _cells(
    table: RawTable, columns: list[str], problems: list[IngestProblem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Non-blank rows as {column: text}; a cell holding a control character is a
    problem of its own and its row is not validated further."""
    for number, cells in enumerate(table.rows(), start=2):
        if not any(cells):
            continue
        bad = False
        for column, text in zip(columns, cells, strict=True):
            found = control_character(text) if text else None
            if found:
                bad = True
                if len(problems) < MAX_PROBLEMS:
                    problems.append(
                        IngestProblem(
                            str(table.path),
                            number,
                            column or None,
                            f"the cell holds the control character {found} "
                            "(terminal escapes, NUL and the like are never part of a figure "
                            "or a name)",
                        )
                    )
        if not bad:
            yield number, dict(zip(columns, cells, strict=True))


def _insert(
    store: Store,
    table: str,
    records: list[dict[str, Any]],
    file: str,
    on_progress: ProgressCallback | None,
) -> None:
    for start in range(0, len(records), CHUNK_ROWS):
        chunk = pa.Table.from_pylist(records[start : start + CHUNK_ROWS])
        columns = ", ".join(chunk.column_names)
        store.raw.register("_incoming", chunk)
        try:
            store.raw.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming")
        finally:
            store.raw.unregister("_incoming")
        if on_progress is not None:
            on_progress(file, min(start + CHUNK_ROWS, len(records)), len(records))


def write_validated(
    store: Store,
    kind_name: str,
    validated: Validated,
    label: str,
    digest: str,
    rows_read: int,
    on_progress: ProgressCallback | None = None,
    also: Callable[[int], None] | None = None,
    accept_outliers: bool = False,
) -> int | None:
    """Write validated records in one transaction and log the ingest.

    `also(ingest_id)` runs inside the same transaction, for callers (candidate review)
    whose own bookkeeping must commit with the records or not at all. Observations go
    through the database's own duplicate and plausibility checks; their problems abort
    the transaction (IngestError) and leave the store as it was.
    """
    if kind_name == "observations":
        outcome = write_observations(
            store,
            [validated.records],
            label,
            digest=digest,
            rows_read=rows_read,
            on_progress=on_progress,
            also=also,
            accept_outliers=accept_outliers,
        )
        validated.skipped += outcome.skipped
        return outcome.ingest_id
    added = len(validated.records) + len(validated.aliases)
    if added == 0 and also is None:
        return None
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        ingest_id = store.sql("SELECT nextval('ingest_id_seq')")[0][0]
        stamped = [dict(r, ingest_id=ingest_id) for r in validated.records]
        if kind_name == "sources":
            stamped = [dict(r, vintage=now) for r in stamped]
        if stamped:
            _insert(store, kind_name, stamped, label, on_progress)
        if validated.aliases:
            _insert(store, "zone_aliases", validated.aliases, label, None)
        if added:
            _log_ingest(store, ingest_id, label, digest, kind_name, rows_read, len(stamped), now)
        if also is not None:
            also(ingest_id)
    return ingest_id


def _log_ingest(
    store: Store,
    ingest_id: int,
    label: str,
    digest: str,
    kind_name: str,
    rows_read: int,
    rows_added: int,
    now: datetime,
) -> None:
    store.raw.execute(
        "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?)",
        [ingest_id, label, digest, kind_name, rows_read, rows_added, now],
    )


def ingest_file(
    store: Store,
    path: str | Path,
    on_progress: ProgressCallback | None = None,
    *,
    encoding: str | None = None,
    accept_outliers: bool = False,
) -> IngestReport:
    """Import one file; raise IngestError (and import nothing) if any row is bad.

    `encoding` names the text encoding when it cannot be told from the bytes;
    `accept_outliers` imports rows that fail a plausibility rule, flagged."""
    return _ingest_table(
        store, read_table(Path(path), encoding), on_progress, accept_outliers=accept_outliers
    )


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _ingest_table(
    store: Store,
    raw: RawTable,
    on_progress: ProgressCallback | None,
    *,
    accept_outliers: bool = False,
) -> IngestReport:
    kind, columns = _classify(raw)
    problems: list[IngestProblem] = []
    ctx = load_context(store)
    file = str(raw.path)
    if kind.name == "observations":
        return _ingest_observations(
            store, raw, columns, ctx, problems, on_progress, accept_outliers
        )
    rows = list(_cells(raw, columns, problems))
    if not rows and not problems:
        raise IngestError([IngestProblem(file, None, None, "the file has a header but no rows")])
    validated = validator_for(kind)(file, rows, ctx)
    problems += validated.problems
    if problems:
        raise IngestError(problems[:MAX_PROBLEMS])
    ingest_id = write_validated(
        store, kind.name, validated, file, _file_digest(raw.path), len(rows), on_progress
    )
    return IngestReport(
        file, kind.name, len(rows), len(validated.records), validated.skipped, ingest_id
    )


def _ingest_observations(
    store: Store,
    raw: RawTable,
    columns: list[str],
    ctx: Context,
    problems: list[IngestProblem],
    on_progress: ProgressCallback | None,
    accept_outliers: bool,
) -> IngestReport:
    """Stage the file's text in the database batch by batch and validate it there
    (ingest.columnar), so memory follows the batch, not the file, and the work per row
    is done by DuckDB rather than by Python."""
    file = str(raw.path)
    counted = [0]

    def progress(done: int) -> None:
        if on_progress is not None:
            on_progress(file, done, max(done, raw.estimated_rows or 0))

    def fill(staged: str) -> list[IngestProblem]:
        counted[0] = stage_raw(store, text_batches(raw, columns, COLUMNS), progress)
        found = control_character_problems(store, file)
        found += validate_raw(store, staged, file, ctx)
        drop_raw(store)
        # by row; within a row, in the order each check reported them
        return sorted(found, key=lambda p: p.row or 0)[:MAX_PROBLEMS]

    outcome = write_observations(
        store,
        [],
        file,
        digest=_file_digest(raw.path),
        rows_read=lambda: counted[0],
        on_progress=None,
        problems=problems,
        accept_outliers=accept_outliers,
        fill=fill,
        memory_limit=staging_memory(raw.path.stat().st_size),
    )
    if counted[0] == 0 and not problems:
        raise IngestError([IngestProblem(file, None, None, "the file has a header but no rows")])
    return IngestReport(
        file, "observations", counted[0], outcome.added, outcome.skipped, outcome.ingest_id
    )


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    on_progress: ProgressCallback | None = None,
    *,
    encoding: str | None = None,
    accept_outliers: bool = False,
) -> tuple[list[IngestReport], list[IngestError]]:
    """Import several files, definitions first (sources, indicators, zones), then data.

    Each file is its own transaction: a bad file imports nothing and is reported,
    the good ones are imported.
    """
    files = [Path(p) for p in paths]
    expanded: list[Path] = []
    for path in files:
        if path.is_dir():
            expanded += sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx", ".parquet")
            )
        else:
            expanded.append(path)
    planned: list[tuple[int, RawTable]] = []
    errors: list[IngestError] = []
    for path in expanded:
        try:
            raw = read_table(path, encoding)
            kind, _ = _classify(raw)
        except IngestError as error:
            errors.append(error)
            continue
        planned.append((kind.order, raw))
    reports: list[IngestReport] = []
    for _, raw in sorted(planned, key=lambda item: item[0]):
        try:
            reports.append(_ingest_table(store, raw, on_progress, accept_outliers=accept_outliers))
        except IngestError as error:
            errors.append(error)
    return reports, errors
