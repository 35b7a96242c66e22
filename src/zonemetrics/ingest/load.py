"""Importing files into the ledger: one transaction per file, all or nothing.

A file is read and validated completely before anything is written; the write then
happens in one DuckDB transaction, so a killed process or a failing row leaves the
store exactly as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.ingest.headers import KINDS, TableKind, canonical, detect_kind
from zonemetrics.ingest.readers import RawTable, read_table
from zonemetrics.ingest.validate import (
    Context,
    Validated,
    observation_identity,
    validator_for,
)
from zonemetrics.store.connection import Store

CHUNK_ROWS = 5_000

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
        current_keys={
            observation_identity(*row[:7]): row[7]
            for row in store.sql(
                "SELECT zone_id, indicator, measure, peer_set, period, caliber, source_id, "
                "content_key FROM observations ORDER BY vintage, obs_id"
            )
        },
        search_keys={r[0] for r in store.sql("SELECT content_key FROM searches")},
    )


def _classify(table: RawTable) -> tuple[TableKind, list[tuple[int, dict[str, str]]]]:
    columns = [canonical(name) for name in table.header]
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
    kind = detect_kind(set(columns))
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
    unknown = [
        name
        for name, col in zip(table.header, columns, strict=True)
        if col and col not in kind.columns
    ]
    if unknown:
        raise IngestError(
            [
                IngestProblem(
                    str(table.path), 1, unknown[0], f"unknown column for a {kind.name} table"
                )
            ]
        )
    rows = [
        (number, dict(zip(columns, cells, strict=True)))
        for number, cells in enumerate(table.rows, start=2)
        if any(cells)
    ]
    if not rows:
        raise IngestError(
            [IngestProblem(str(table.path), None, None, "the file has a header but no rows")]
        )
    return kind, rows


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
            if table == "observations":
                store.raw.execute(
                    f"INSERT INTO observations (obs_id, {columns}) "
                    f"SELECT nextval('obs_id_seq'), {columns} FROM _incoming"
                )
            else:
                store.raw.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _incoming"
                )
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
) -> int | None:
    """Write validated records in one transaction and log the ingest.

    `also(ingest_id)` runs inside the same transaction, for callers (candidate review)
    whose own bookkeeping must commit with the records or not at all.
    """
    added = len(validated.records) + len(validated.aliases)
    if added == 0 and also is None:
        return None
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        ingest_id = store.sql("SELECT nextval('ingest_id_seq')")[0][0]
        stamped = [dict(r, ingest_id=ingest_id) for r in validated.records]
        if kind_name in ("sources", "observations"):
            stamped = [dict(r, vintage=now) for r in stamped]
        if stamped:
            _insert(store, kind_name, stamped, label, on_progress)
        if validated.aliases:
            _insert(store, "zone_aliases", validated.aliases, label, None)
        if added:
            store.raw.execute(
                "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?)",
                [ingest_id, label, digest, kind_name, rows_read, len(validated.records), now],
            )
        if also is not None:
            also(ingest_id)
    return ingest_id


def ingest_file(
    store: Store, path: str | Path, on_progress: ProgressCallback | None = None
) -> IngestReport:
    """Import one file; raise IngestError (and import nothing) if any row is bad."""
    return _ingest_table(store, read_table(Path(path)), on_progress)


def _ingest_table(
    store: Store, raw: RawTable, on_progress: ProgressCallback | None
) -> IngestReport:
    kind, rows = _classify(raw)
    validated = validator_for(kind)(str(raw.path), rows, load_context(store))
    if validated.problems:
        raise IngestError(validated.problems)
    digest = hashlib.sha256(raw.path.read_bytes()).hexdigest()
    ingest_id = write_validated(
        store, kind.name, validated, str(raw.path), digest, len(raw.rows), on_progress
    )
    return IngestReport(
        str(raw.path), kind.name, len(rows), len(validated.records), validated.skipped, ingest_id
    )


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    on_progress: ProgressCallback | None = None,
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
            raw = read_table(path)
            kind, _ = _classify(raw)
        except IngestError as error:
            errors.append(error)
            continue
        planned.append((kind.order, raw))
    reports: list[IngestReport] = []
    for _, raw in sorted(planned, key=lambda item: item[0]):
        try:
            reports.append(_ingest_table(store, raw, on_progress))
        except IngestError as error:
            errors.append(error)
    return reports, errors
