"""Reading a firm-evidence file (CSV or Parquet) for an assessment, checked in full first.

Every cell is read as text and checked with set-based SQL (a number column holding text,
a negative amount, a bad yes/no, an invalid credit code), so a million-row file is checked
as fast as it is read; any problem rejects the whole file, naming file, row, column and
reason, and nothing is assessed.
"""

from __future__ import annotations

from pathlib import Path

import ibis

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.firms.rules import RuleVersion
from zonemetrics.firms.uscc import (
    CODE_CHARACTERS,
    CODE_WEIGHTS,
    ORGANISATION_WEIGHTS,
    InvalidCreditCode,
    parse_credit_code,
)

MAX_PROBLEMS = 50
DATE_COLUMNS = ("founded", "applied")
INTEGER_COLUMNS = ("year",)
TEXT_COLUMNS = ("uscc", "name")
TRUE_WORDS = ("true", "yes", "y", "1", "是", "有")
FALSE_WORDS = ("false", "no", "n", "0", "否", "无")
ROW = "_row"


def _sql_text(words: tuple[str, ...]) -> str:
    return ", ".join("'" + w + "'" for w in words)


def credit_code_sql(column: str) -> str:
    """A SQL condition true when `column` (upper-cased, 18 characters) passes both check
    characters of GB 32100 and GB 11714: the same arithmetic as `firms.uscc`, set-based."""
    code = f"upper(trim({column}))"
    value = f"(instr('{CODE_CHARACTERS}', substr({code}, {{i}}, 1)) - 1)"
    check = " + ".join(value.format(i=i + 1) + f" * {w}" for i, w in enumerate(CODE_WEIGHTS))
    org_value = (
        "CASE WHEN substr({c}, {i}, 1) BETWEEN '0' AND '9' THEN ascii(substr({c}, {i}, 1)) - 48 "
        "ELSE ascii(substr({c}, {i}, 1)) - 55 END"
    )
    org = " + ".join(
        org_value.format(c=code, i=9 + i) + f" * {w}" for i, w in enumerate(ORGANISATION_WEIGHTS)
    )
    org_digit = (
        f"CASE 11 - ({org}) % 11 WHEN 10 THEN 'X' WHEN 11 THEN '0' "
        f"ELSE CAST(11 - ({org}) % 11 AS VARCHAR) END"
    )
    allowed = f"regexp_full_match({code}, '[{CODE_CHARACTERS}]{{18}}')"
    return (
        f"({allowed} AND regexp_full_match(substr({code}, 3, 6), '[0-9]{{6}}') "
        f"AND substr({code}, 17, 1) = {org_digit} "
        f"AND substr({code}, 18, 1) = substr('{CODE_CHARACTERS}', "
        f"(31 - ({check}) % 31) % 31 + 1, 1))"
    )


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
        raw.execute(
            f"CREATE OR REPLACE TEMP TABLE _evidence_text AS SELECT row_number() OVER () + 1 "
            f"AS {ROW}, * FROM {_source_sql(path)}"
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
    problems = _cell_problems(raw, str(path), used, booleans)
    if problems:
        raise IngestError(problems[:MAX_PROBLEMS])
    selects = [ROW]
    for column in used:
        cell = f"nullif(trim(CAST(\"{column}\" AS VARCHAR)), '')"
        if column in TEXT_COLUMNS:
            selects.append(
                f'upper({cell}) AS "{column}"' if column == "uscc" else f'{cell} AS "{column}"'
            )
        elif column in DATE_COLUMNS:
            selects.append(f'CAST({cell} AS DATE) AS "{column}"')
        elif column in INTEGER_COLUMNS:
            selects.append(f'CAST({cell} AS INTEGER) AS "{column}"')
        elif column in booleans:
            selects.append(
                f"CASE WHEN lower({cell}) IN ({_sql_text(TRUE_WORDS)}) THEN true "
                f'WHEN lower({cell}) IN ({_sql_text(FALSE_WORDS)}) THEN false END AS "{column}"'
            )
        else:
            selects.append(f'CAST({cell} AS DOUBLE) AS "{column}"')
    raw.execute(
        "CREATE OR REPLACE TEMP TABLE _evidence AS SELECT "
        + ", ".join(selects)
        + " FROM _evidence_text"
    )
    raw.execute("DROP TABLE _evidence_text")
    return con.table("_evidence")


def _cell_problems(raw, file: str, columns: list[str], booleans: set[str]) -> list[IngestProblem]:
    checks: list[tuple[str, str, str]] = []  # column, condition of a bad cell, reason
    for column in columns:
        cell = f"nullif(trim(CAST(\"{column}\" AS VARCHAR)), '')"
        if column == "uscc":
            checks.append((column, f"{cell} IS NULL", "missing unified social credit code"))
            checks.append((column, f"{cell} IS NOT NULL AND NOT {credit_code_sql(cell)}", ""))
        elif column in TEXT_COLUMNS:
            continue
        elif column in INTEGER_COLUMNS:
            checks.append(
                (
                    column,
                    f"{cell} IS NOT NULL AND TRY_CAST({cell} AS INTEGER) IS NULL",
                    "not a whole number",
                )
            )
        elif column in DATE_COLUMNS:
            checks.append(
                (
                    column,
                    f"{cell} IS NOT NULL AND TRY_CAST({cell} AS DATE) IS NULL",
                    "not a date (write YYYY-MM-DD)",
                )
            )
        elif column in booleans:
            words = _sql_text(TRUE_WORDS + FALSE_WORDS)
            checks.append(
                (
                    column,
                    f"{cell} IS NOT NULL AND lower({cell}) NOT IN ({words})",
                    "not a yes/no value (true/false, yes/no, 1/0, 是/否)",
                )
            )
        else:
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
    for column, condition, reason in checks:
        rows = raw.execute(
            f'SELECT {ROW}, CAST("{column}" AS VARCHAR) FROM _evidence_text WHERE {condition} '
            f"ORDER BY {ROW} LIMIT {MAX_PROBLEMS}"
        ).fetchall()
        for row, text in rows:
            problems.append(IngestProblem(file, row, column, _reason(column, text, reason)))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _reason(column: str, text: str | None, reason: str) -> str:
    if column == "uscc" and not reason:
        try:
            parse_credit_code(text or "")
        except InvalidCreditCode as error:
            return str(error)
    return (
        f"'{text}' is {reason}" if text is not None and not reason.startswith("missing") else reason
    )
