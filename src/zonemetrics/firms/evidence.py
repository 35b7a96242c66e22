"""Reading a firm-evidence file (CSV or Parquet) for an assessment, checked in full first.

Every cell is read as text and checked with set-based SQL (a number column holding text,
a negative amount, a bad yes/no, an invalid credit code), so a million-row file is checked
as fast as it is read; any problem rejects the whole file, naming file, row, column and
reason, and nothing is assessed.
"""

from __future__ import annotations

from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.firms.rules import RuleVersion
from zonemetrics.firms.uscc import InvalidCreditCode, invalid_codes, parse_credit_code

MAX_PROBLEMS = 50
DATE_COLUMNS = ("founded", "applied")
INTEGER_COLUMNS = ("year",)
TEXT_COLUMNS = ("uscc", "name")
TRUE_WORDS = ("true", "yes", "y", "1", "是", "有")
FALSE_WORDS = ("false", "no", "n", "0", "否", "无")
ROW = "_row"


def _sql_text(words: tuple[str, ...]) -> str:
    return ", ".join("'" + w + "'" for w in words)


def _source_sql(path: Path) -> str:
    quoted = str(path).replace("'", "''")
    if path.suffix.lower() in (".parquet", ".pq"):
        return f"read_parquet('{quoted}')"
    return f"read_csv('{quoted}', all_varchar = true, header = true)"


def load_evidence(con: ibis.BaseBackend, path: Path, rule: RuleVersion) -> ibis.Table:
    """The file as a typed table (numbers DOUBLE, yes/no BOOLEAN, dates DATE) with the
    file row of each record in `_row`; IngestError naming every bad cell otherwise."""
    if not path.exists():
        raise IngestError([IngestProblem(str(path), None, None, "no such file")])
    raw = con.con
    try:
        # the file copied once, in file order (insertion order is kept), so each
        # record's file row is its rowid + 2 (the header is row 1): no window function
        # numbering a million rows
        raw.execute(f"CREATE OR REPLACE TEMP TABLE _evidence_file AS FROM {_source_sql(path)}")
        raw.execute(
            f"CREATE OR REPLACE TEMP VIEW _evidence_text AS "
            f"SELECT rowid + 2 AS {ROW}, * FROM _evidence_file"
        )
    except Exception as exc:  # duckdb raises its own parser and IO errors
        raise IngestError(
            [IngestProblem(str(path), None, None, f"cannot read the file: {exc}")]
        ) from exc
    present = [d[0] for d in raw.execute("SELECT * FROM _evidence_text LIMIT 0").description]
    problems = [
        IngestProblem(str(path), 1, column, "missing required column")
        for column in (*rule.identity, *rule.required)
        if column not in present
    ]
    if problems:
        raise IngestError(problems)
    used = [c for c in present if c in rule.columns() or c in TEXT_COLUMNS]
    booleans = rule.boolean_columns()
    types = dict(
        raw.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = '_evidence_text'"
        ).fetchall()
    )
    codes = _distinct_codes(raw) if "uscc" in used else None
    problems = _cell_problems(raw, str(path), used, booleans, types, codes)
    if problems:
        raise IngestError(problems[:MAX_PROBLEMS])
    selects = [ROW]
    for column in used:
        text = types.get(column, "VARCHAR") == "VARCHAR"
        cell = f"nullif(trim(CAST(\"{column}\" AS VARCHAR)), '')" if text else f'"{column}"'
        if column == "uscc" and codes is not None and _as_written(codes):
            selects.append('CAST("uscc" AS VARCHAR) AS "uscc"')
        elif column == "uscc":
            selects.append(f"upper(replace(replace({cell}, ' ', ''), '-', '')) AS \"uscc\"")
        elif column in TEXT_COLUMNS:
            selects.append(f'CAST({cell} AS VARCHAR) AS "{column}"')
        elif column in DATE_COLUMNS:
            selects.append(f'CAST({cell} AS DATE) AS "{column}"')
        elif column in INTEGER_COLUMNS:
            selects.append(f'CAST({cell} AS INTEGER) AS "{column}"')
        elif column in booleans:
            if not text and types[column] == "BOOLEAN":
                selects.append(f'"{column}"')
                continue
            value = f"lower(CAST({cell} AS VARCHAR))"
            selects.append(
                f"CASE WHEN {value} IN ({_sql_text(TRUE_WORDS)}) THEN true "
                f'WHEN {value} IN ({_sql_text(FALSE_WORDS)}) THEN false END AS "{column}"'
            )
        else:
            selects.append(f'CAST({cell} AS DOUBLE) AS "{column}"')
    # a view: the typed columns are computed as they are read, not stored a second time
    raw.execute(
        "CREATE OR REPLACE TEMP VIEW _evidence AS SELECT "
        + ", ".join(selects)
        + " FROM _evidence_text"
    )
    return con.table("_evidence")


def _cell_problems(
    raw,
    file: str,
    columns: list[str],
    booleans: set[str],
    types: dict[str, str],
    codes: pa.ChunkedArray | None,
) -> list[IngestProblem]:
    """Every bad cell, found in one scan of the file: one boolean per (column, check),
    so that a million rows are checked in one pass. Columns the file already types (a
    Parquet DOUBLE, BOOLEAN or DATE) skip the text checks their type makes moot."""
    checks: list[tuple[str, str, str]] = []  # column, condition of a bad cell, reason
    for column in columns:
        typed = types.get(column, "VARCHAR")
        text = typed == "VARCHAR"
        cell = f"nullif(trim(CAST(\"{column}\" AS VARCHAR)), '')" if text else f'"{column}"'
        if column == "uscc":
            checks.append((column, f"{cell} IS NULL", "missing unified social credit code"))
        elif column in TEXT_COLUMNS:
            continue
        elif column in INTEGER_COLUMNS:
            if text or not typed.endswith("INT"):
                checks.append(
                    (
                        column,
                        f"{cell} IS NOT NULL AND TRY_CAST({cell} AS INTEGER) IS NULL",
                        "not a whole number",
                    )
                )
        elif column in DATE_COLUMNS:
            if text:
                checks.append(
                    (
                        column,
                        f"{cell} IS NOT NULL AND TRY_CAST({cell} AS DATE) IS NULL",
                        "not a date (write YYYY-MM-DD)",
                    )
                )
        elif column in booleans:
            if typed != "BOOLEAN":
                words = _sql_text(TRUE_WORDS + FALSE_WORDS)
                checks.append(
                    (
                        column,
                        f"{cell} IS NOT NULL AND lower(CAST({cell} AS VARCHAR)) NOT IN ({words})",
                        "not a yes/no value (true/false, yes/no, 1/0, 是/否)",
                    )
                )
        else:
            if text:
                checks.append(
                    (
                        column,
                        f"{cell} IS NOT NULL AND TRY_CAST({cell} AS DOUBLE) IS NULL",
                        "not a number",
                    )
                )
            checks.append(
                (
                    column,
                    f"TRY_CAST({cell} AS DOUBLE) < 0",
                    "negative (amounts, counts and scores cannot be below zero)",
                )
            )
    problems: list[IngestProblem] = []
    if checks:
        flags = ", ".join(
            f"coalesce({cond}, false) AS _bad{i}" for i, (_, cond, _) in enumerate(checks)
        )
        flagged = raw.execute(
            f"SELECT * FROM (SELECT {ROW}, {flags} FROM _evidence_text) "
            f"WHERE {' OR '.join(f'_bad{i}' for i in range(len(checks)))} "
            f"ORDER BY {ROW} LIMIT {MAX_PROBLEMS}"
        ).fetchall()
        # the cells' text only for the few flagged rows, not cast for every row
        texts = ", ".join(f'CAST("{c}" AS VARCHAR)' for c, _, _ in checks)
        wanted = [row[0] for row in flagged]
        cells = (
            {
                row[0]: row[1:]
                for row in raw.execute(
                    f"SELECT {ROW}, {texts} FROM _evidence_text WHERE list_contains(?, {ROW})",
                    [wanted],
                ).fetchall()
            }
            if wanted
            else {}
        )
        for row in flagged:
            for i, (column, _, reason) in enumerate(checks):
                if row[1 + i]:
                    text = cells[row[0]][i]
                    problems.append(
                        IngestProblem(file, row[0], column, _reason(column, text, reason))
                    )
    if codes is not None:
        problems += _credit_code_problems(raw, file, codes)
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _distinct_codes(raw) -> pa.ChunkedArray:
    """Each credit code once (a firm's code repeats in every year it has evidence for)."""
    text = "CAST(uscc AS VARCHAR)"
    return raw.execute(
        f"SELECT DISTINCT {text} AS uscc FROM _evidence_text "
        f"WHERE nullif(trim({text}), '') IS NOT NULL"
    ).to_arrow_table()["uscc"]


def _as_written(codes: pa.ChunkedArray) -> bool:
    """Whether every code is written as the standard prints it (18 capitals and digits,
    no spaces or hyphens): then the column is read as it is, instead of cleaning a
    million strings that need no cleaning."""
    written = pc.match_substring_regex(codes, r"^[0-9A-Z]{18}$")
    return bool(pc.all(pc.fill_null(written, False)).as_py())


def _credit_code_problems(raw, file: str, distinct: pa.ChunkedArray) -> list[IngestProblem]:
    """Invalid credit codes: each distinct code checked once, the whole column at once
    (`invalid_codes`); then the rows holding a bad one, in file order."""
    text = "CAST(uscc AS VARCHAR)"
    bad = [distinct[int(i)].as_py() for i in invalid_codes(distinct).nonzero()[0]]
    if not bad:
        return []
    rows = raw.execute(
        f"SELECT {ROW}, {text} FROM _evidence_text WHERE list_contains(?, {text}) "
        f"ORDER BY {ROW} LIMIT {MAX_PROBLEMS}",
        [bad],
    ).fetchall()
    return [IngestProblem(file, row, "uscc", _reason("uscc", code, "")) for row, code in rows]


def _reason(column: str, text: str | None, reason: str) -> str:
    if column == "uscc" and not reason:
        try:
            parse_credit_code(text or "")
        except InvalidCreditCode as error:
            return str(error)
    return (
        f"'{text}' is {reason}" if text is not None and not reason.startswith("missing") else reason
    )
