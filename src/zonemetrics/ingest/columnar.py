"""Observations validated as columns in DuckDB: the same checks, one statement each.

A file of a million observations repeats a few hundred zone-indicator-unit-source
combinations ("shapes"), a few hundred period spellings and a handful of units, so the
rules that need Python (names resolved through aliases, units, periods, qualifiers
such as '>5' or '约100') run once per distinct text, and the million rows are joined
to those small answers in the database. Bare numbers, the common case, are parsed by
SQL; every other value text goes through `parse_value` once. The content keys are the
SHA-1 of the same canonical text as `validate.content_key` (Python's `repr` of each
part: strings from Python, numbers as DuckDB writes a DOUBLE, which is the same
shortest round-trip form), so a row gets the same key whichever path imported it.

The rows that break any rule are found by one query; the first of them are then
validated again by `validate_observations`, so the messages are exactly the row
validator's (file, row, column, reason), in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from zonemetrics.errors import IngestProblem
from zonemetrics.ingest.batches import Batch, is_restart
from zonemetrics.ingest.cells import control_character
from zonemetrics.ingest.headers import OBSERVATIONS
from zonemetrics.ingest.periods import parse_period
from zonemetrics.ingest.validate import (
    MAX_PROBLEMS,
    SHAPE_COLUMNS,
    Context,
    shape_of,
    validate_observations,
)
from zonemetrics.ingest.values import _MAGNITUDES, parse_value, value_limits
from zonemetrics.store.connection import Store

RAW = "_zm_raw"
COLUMNS: tuple[str, ...] = OBSERVATIONS.columns
_SEPARATOR = "\x1f"  # validate.content_key joins the parts' reprs with it
#: a bare number, optionally with thousands separators, decimals and a Chinese magnitude
#: (the `_SINGLE` form of values.parse_value, ASCII digits only: other digits, full-width
#: commas and the like take the Python path)
_BARE_NUMBER = (
    r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
    f"(?:{'|'.join(sorted(_MAGNITUDES, key=len, reverse=True))})?$"
)
#: longer digit strings take the Python path, which turns an overflow into its message
_BARE_MAX_LENGTH = 40
#: printable ASCII and the three allowed controls: a cell with anything else is checked
#: character by character in Python (once per distinct text)
_PLAIN_TEXT = r"^[\t\n\r -~]*$"


#: past this many rows a lookup goes to DuckDB as an Arrow table (one copy in C++)
#: rather than as parameters (a Python call per row; no pandas import, see batches)
ARROW_FROM_ROWS = 5_000


def _insert_rows(store: Store, table: str, width: int, rows: list[tuple[Any, ...]]) -> None:
    if len(rows) < ARROW_FROM_ROWS:
        if rows:
            marks = ", ".join("?" * width)
            store.raw.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        return
    import pyarrow as pa

    columns = [pa.array(list(column)) for column in zip(*rows, strict=True)]
    store.raw.register(
        "_zm_rows", pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(width)])
    )
    try:
        store.raw.execute(f"INSERT INTO {table} SELECT * FROM _zm_rows")
    finally:
        store.raw.unregister("_zm_rows")


def _temp_table(
    store: Store, name: str, columns: list[tuple[str, str]], rows: list[tuple[Any, ...]]
) -> None:
    """A temporary table of `columns` (name, DuckDB type) holding `rows`."""
    typed = ", ".join(f'"{c}" {kind}' for c, kind in columns)
    store.raw.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({typed})")
    _insert_rows(store, name, len(columns), rows)


def stage_raw(
    store: Store, batches: Iterable[Batch], on_batch: Callable[[int], None] | None = None
) -> int:
    """Copy the file's text batches into the temporary table RAW; the count of rows."""
    _temp_table(store, RAW, [("row_number", "BIGINT"), *((c, "VARCHAR") for c in COLUMNS)], [])
    staged = 0
    for batch in batches:
        if is_restart(batch):
            store.raw.execute(f"DELETE FROM {RAW}")
            staged = 0
            continue
        if isinstance(batch, list):
            _insert_rows(store, RAW, len(COLUMNS) + 1, batch)
            staged += len(batch)
        else:
            store.raw.register("_zm_text_batch", batch)
            try:
                store.raw.execute(
                    f"INSERT INTO {RAW} SELECT row_number, {_quoted(COLUMNS)} FROM _zm_text_batch"
                )
            finally:
                store.raw.unregister("_zm_text_batch")
            staged += batch.num_rows
        if on_batch is not None:
            on_batch(staged)
    return staged


def _quoted(columns: Iterable[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def control_character_problems(store: Store, file: str) -> list[IngestProblem]:
    """Cells holding a control character, found among each column's distinct texts;
    their rows are removed from RAW (they are reported, not validated further)."""
    problems: list[IngestProblem] = []
    bad_cells: list[dict[str, str]] = []
    for column in COLUMNS:
        texts = store.sql(
            f'SELECT DISTINCT "{column}" FROM {RAW} '
            f"WHERE NOT regexp_full_match(\"{column}\", '{_PLAIN_TEXT}')"
        )
        for (text,) in texts:
            found = control_character(text)
            if found:
                bad_cells.append({"col": column, "cell": text, "found": found})
    if not bad_cells:
        return problems
    _temp_table(
        store,
        "_zm_bad_cells",
        [("col", "VARCHAR"), ("cell", "VARCHAR"), ("found", "VARCHAR")],
        [(b["col"], b["cell"], b["found"]) for b in bad_cells],
    )
    matches = " UNION ALL ".join(
        f"SELECT r.row_number, '{c}' AS col, {i} AS position, b.found FROM {RAW} r "
        f"JOIN _zm_bad_cells b ON b.col = '{c}' AND r.\"{c}\" = b.cell"
        for i, c in enumerate(COLUMNS)
    )
    store.raw.execute(f"CREATE OR REPLACE TEMP TABLE _zm_bad_rows AS {matches}")
    for row, column, found in store.sql(
        "SELECT row_number, col, found FROM _zm_bad_rows ORDER BY row_number, position "
        f"LIMIT {MAX_PROBLEMS}"
    ):
        problems.append(
            IngestProblem(
                file,
                row,
                column,
                f"the cell holds the control character {found} "
                "(terminal escapes, NUL and the like are never part of a figure or a name)",
            )
        )
    store.raw.execute(
        f"DELETE FROM {RAW} WHERE row_number IN (SELECT row_number FROM _zm_bad_rows)"
    )
    store.raw.execute("DROP TABLE _zm_bad_rows")
    store.raw.execute("DROP TABLE _zm_bad_cells")
    return problems


_SHAPES_COLUMNS = [
    *((c, "VARCHAR") for c in SHAPE_COLUMNS),
    ("shape_ok", "BOOLEAN"),
    ("zone_id", "VARCHAR"),
    ("indicator_code", "VARCHAR"),
    ("unit_base", "VARCHAR"),
    ("multiplier", "DOUBLE"),
    ("unit_written", "VARCHAR"),
    ("text_separator", "VARCHAR"),
    ("measure_code", "VARCHAR"),
    ("peer_set_name", "VARCHAR"),
    ("source_id", "VARCHAR"),
    ("status_code", "VARCHAR"),
    ("caliber_code", "VARCHAR"),
    ("identity_head", "VARCHAR"),
    ("identity_tail", "VARCHAR"),
    ("unit_repr", "VARCHAR"),
    ("status_repr", "VARCHAR"),
]


def _shapes(store: Store, ctx: Context) -> list[dict[str, Any]]:
    """Each distinct combination of the shape columns, validated once by the row
    validator's own rule (`shape_of`), with the parts of its rows' keys."""
    rows = []
    for key in store.sql(f"SELECT DISTINCT {_quoted(SHAPE_COLUMNS)} FROM {RAW}"):
        cells = dict(zip(SHAPE_COLUMNS, key, strict=True))
        shape = shape_of(cells, ctx)
        ok = not shape.problems and shape.zone_id is not None and shape.unit is not None
        row: dict[str, Any] = dict(cells, shape_ok=ok)
        if ok:
            assert shape.zone_id is not None and shape.unit is not None
            unit_text = shape.unit_text
            separated = bool(unit_text) and unit_text[0].isascii() and unit_text[0].isalnum()
            row |= {
                "zone_id": shape.zone_id,
                "indicator_code": shape.indicator,
                "unit_base": shape.unit.base,
                "multiplier": float(shape.unit.multiplier),
                "unit_written": unit_text,
                "text_separator": " " if separated else "",
                "measure_code": shape.measure,
                "peer_set_name": shape.peer_set,
                "source_id": shape.source_id,
                "status_code": shape.status,
                "caliber_code": shape.caliber,
                # validate.observation_identity: zone, indicator, measure, peer set,
                # period, caliber, source; the period is joined in between
                "identity_head": _SEPARATOR.join(
                    repr(p) for p in (shape.zone_id, shape.indicator, shape.measure, shape.peer_set)
                )
                + _SEPARATOR,
                "identity_tail": _SEPARATOR
                + _SEPARATOR.join(repr(p) for p in (shape.caliber, shape.source_id)),
                "unit_repr": repr(shape.unit.base),
                "status_repr": repr(shape.status),
            }
        rows.append(row)
    return rows


_PERIODS_COLUMNS = [
    ("period", "VARCHAR"),
    ("period_ok", "BOOLEAN"),
    ("period_text", "VARCHAR"),
    ("period_kind", "VARCHAR"),
    ("start_year", "INTEGER"),
    ("end_year", "INTEGER"),
    ("period_repr", "VARCHAR"),
]


def _periods(store: Store) -> list[dict[str, Any]]:
    rows = []
    for (text,) in store.sql(f"SELECT DISTINCT period FROM {RAW}"):
        period = parse_period(text)
        rows.append(
            {"period": text, "period_ok": period is not None}
            | (
                {
                    "period_text": period.text,
                    "period_kind": period.kind,
                    "start_year": period.start_year,
                    "end_year": period.end_year,
                    "period_repr": repr(period.text),
                }
                if period is not None
                else {}
            )
        )
    return rows


_VALUES_COLUMNS = [
    ("value", "VARCHAR"),
    ("parsed", "BOOLEAN"),
    ("number", "DOUBLE"),
    ("number_high", "DOUBLE"),
    ("qualifier", "VARCHAR"),
    ("inclusive", "BOOLEAN"),
    ("half_digit", "DOUBLE"),
]


def _bare_number_sql(column: str) -> str:
    return (
        f"(length({column}) <= {_BARE_MAX_LENGTH} "
        f"AND regexp_full_match({column}, '{_BARE_NUMBER}'))"
    )


def _written_values(store: Store) -> list[dict[str, Any]]:
    """Value texts that are not bare numbers, each parsed once by `parse_value`."""
    rows = []
    for (text,) in store.sql(
        f"SELECT DISTINCT value FROM {RAW} WHERE NOT {_bare_number_sql('value')}"
    ):
        parsed = parse_value(text) if text else None
        rows.append(
            {"value": text, "parsed": parsed is not None}
            | (
                {
                    "number": parsed.value,
                    "number_high": parsed.value_high,
                    "qualifier": parsed.qualifier,
                    "inclusive": parsed.inclusive,
                    "half_digit": parsed.rounding,
                }
                if parsed is not None
                else {}
            )
        )
    return rows


def _roundings() -> list[dict[str, Any]]:
    """Half the last written digit for each digit position, computed as
    values._number computes it (0.5 * 10.0 ** k), so the float is the same."""
    return [{"position": k, "half": 0.5 * 10.0**k} for k in range(-300, 309)]


def _limits() -> list[dict[str, Any]]:
    return [
        {"base": base, "low": float(limit["min"]), "high": float(limit["max"])}
        for base, limit in value_limits().items()
    ]


def _scale_sql(column: str) -> str:
    """The scale of a bare number's magnitude word (longest first: 万亿 before 亿)."""
    cases = " ".join(
        f"WHEN ends_with({column}, '{word}') THEN CAST({scale!r} AS DOUBLE)"
        for word, scale in sorted(_MAGNITUDES.items(), key=lambda w: -len(w[0]))
    )
    return f"CASE {cases} ELSE CAST(1.0 AS DOUBLE) END"


_MAGNITUDE_CHARACTERS = "".join(sorted({c for word in _MAGNITUDES for c in word}))

#: the parts of a bare number taken apart with string functions (one regular expression
#: per cell, the bare-number test, is the costly part)
_BARE_PARTS_SQL = f"""
    SELECT *, CASE WHEN digits LIKE '%.%' THEN length(digits) - strpos(digits, '.') END
              AS decimals
    FROM (
        SELECT *,
            CASE WHEN {_bare_number_sql("value")}
                 THEN replace(rtrim(value, '{_MAGNITUDE_CHARACTERS}'), ',', '') END AS digits,
            {_scale_sql("value")} AS scale
        FROM {RAW}
    )
"""

_PARSED_SQL = f"""
    SELECT r.row_number, r.note AS note_cell, r.value AS value_cell, s.*, p.*,
        r.digits IS NOT NULL OR coalesce(w.parsed, false) AS value_ok,
        CASE WHEN r.digits IS NOT NULL THEN CAST(r.digits AS DOUBLE) * r.scale
             ELSE w.number END AS number,
        w.number_high,
        CASE WHEN r.digits IS NOT NULL THEN 'exact' ELSE w.qualifier END AS qualifier,
        w.inclusive,
        CASE WHEN r.digits IS NOT NULL THEN h.half * r.scale ELSE w.half_digit END
            AS half_digit
    FROM ({_BARE_PARTS_SQL}) r
    JOIN _zm_shapes s USING ({_quoted(SHAPE_COLUMNS)})
    JOIN _zm_periods p USING (period)
    LEFT JOIN _zm_values w ON r.digits IS NULL AND w.value = r.value
    -- values._number: half the last digit, after the point or among trailing zeros
    LEFT JOIN _zm_roundings h ON h.position = CASE
        WHEN r.digits IS NULL THEN NULL
        WHEN r.decimals IS NOT NULL THEN -least(r.decimals, 300)
        WHEN CAST(r.digits AS DOUBLE) = 0 THEN 0
        ELSE least(length(r.digits) - length(rtrim(r.digits, '0')), 308) END
"""

#: each row scaled to its base unit, with its verdict: a row is good when its shape,
#: period and value parse and the scaled numbers are finite and inside the unit's range
_SCALED_SQL = f"""
    SELECT x.*, x.number * x.multiplier AS scaled,
           x.number_high * x.multiplier AS scaled_high,
           x.half_digit * x.multiplier AS scaled_rounding,
           x.shape_ok AND x.period_ok AND x.value_ok
             AND isfinite(x.number * x.multiplier)
             AND (x.number_high IS NULL OR isfinite(x.number_high * x.multiplier))
             AND isfinite(x.half_digit * x.multiplier)
             AND (l.base IS NULL OR (
                  x.number * x.multiplier BETWEEN l.low AND l.high
                  AND (x.number_high IS NULL
                       OR x.number_high * x.multiplier BETWEEN l.low AND l.high)))
             AS row_ok
    FROM ({_PARSED_SQL}) x LEFT JOIN _zm_limits l ON l.base = x.unit_base
"""

_BOOL_REPR = "CASE {0} WHEN true THEN 'True' WHEN false THEN 'False' ELSE 'None' END"


def _insert_sql(staged: str) -> str:
    identity = "sha1(identity_head || period_repr || identity_tail)"
    parts = [
        f"'''' || {identity} || ''''",
        "'''' || qualifier || ''''",
        "CAST(scaled AS VARCHAR)",
        "coalesce(CAST(scaled_high AS VARCHAR), 'None')",
        "unit_repr",
        "status_repr",
        "CAST(scaled_rounding AS VARCHAR)",
        _BOOL_REPR.format("inclusive"),
    ]
    key = f"sha1(concat_ws(chr(31), {', '.join(parts)}))"
    return f"""
        INSERT INTO {staged}
        SELECT row_number, zone_id, indicator_code, measure_code, peer_set_name,
               period_text, period_kind, start_year, end_year, scaled, scaled_high,
               qualifier, inclusive, scaled_rounding, unit_base, unit_written,
               value_cell || text_separator || unit_written, caliber_code, status_code,
               source_id, nullif(note_cell, ''), {key}
        FROM ({_SCALED_SQL}) WHERE row_ok
    """


def validate_raw(store: Store, staged: str, file: str, ctx: Context) -> list[IngestProblem]:
    """Fill `staged` (ingest.staging's table) with the good rows of RAW; the problems
    of the first bad rows, as the row validator words them (empty when all are good)."""
    lookups = {
        "_zm_shapes": (_shapes(store, ctx), _SHAPES_COLUMNS),
        "_zm_periods": (_periods(store), _PERIODS_COLUMNS),
        "_zm_values": (_written_values(store), _VALUES_COLUMNS),
        "_zm_roundings": (_roundings(), [("position", "INTEGER"), ("half", "DOUBLE")]),
        "_zm_limits": (_limits(), [("base", "VARCHAR"), ("low", "DOUBLE"), ("high", "DOUBLE")]),
    }
    for name, (rows, columns) in lookups.items():
        _temp_table(store, name, columns, [tuple(r.get(c) for c, _ in columns) for r in rows])
    # the lookups are temporary tables of the ingest's transaction: dropped here once
    # used, and discarded with the transaction if anything fails (a DROP in a failed
    # transaction would only hide the error that failed it)
    before = store.sql(f"SELECT count(*) FROM {staged}")[0][0]
    store.raw.execute(_insert_sql(staged))
    good = store.sql(f"SELECT count(*) FROM {staged}")[0][0] - before
    total = store.sql(f"SELECT count(*) FROM {RAW}")[0][0]
    bad_rows = (
        []
        if good == total
        else store.sql(
            f"SELECT r.* FROM {RAW} r ANTI JOIN {staged} s USING (row_number) "
            f"ORDER BY r.row_number LIMIT {MAX_PROBLEMS}"
        )
    )
    for name in lookups:
        store.raw.execute(f"DROP TABLE {name}")
    if not bad_rows:
        return []
    rows = [(row[0], dict(zip(COLUMNS, row[1:], strict=True))) for row in bad_rows]
    problems = validate_observations(file, rows, ctx).problems
    if not problems:  # the two validators disagree: say so rather than import
        problems = [
            IngestProblem(file, rows[0][0], None, "the row failed a check that could not be named")
        ]
    return problems[:MAX_PROBLEMS]


def drop_raw(store: Store) -> None:
    store.raw.execute(f"DROP TABLE IF EXISTS {RAW}")
