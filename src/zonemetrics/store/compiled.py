"""Ibis expressions compiled once per version of the code, then run as plain SQL.

`show` and `rank` build dozens of Ibis expressions (the reconciliation policy, every
derived indicator, every rank). Running them in DuckDB takes milliseconds; importing
Ibis, building the expressions and compiling them to SQL takes seconds, and gives the
same SQL every time for the same code and the same schema. So on the embedded store
each query is compiled the first time it is asked and its SQL is kept in the user's
cache folder, keyed by the code (every module's size and modification time, as
`result_cache.code_token`) and the schema version; later processes run the kept SQL
directly, without importing Ibis. This is a cache of compiled code, like Python's
bytecode, not of answers: a write to the store does not touch it, and every query
reads the store as it is.

The values a query is asked about (a zone, a year) are compiled as sentinel literals
and written into the kept SQL as literals of the actual values at run time, so one
compilation serves every zone and year. Anything that changes the expression's shape
(an indicator code, a peer set, whether a year is given) is part of the query's key.

Other engines (Spark, PostgreSQL) and views of a store (as of a date, less some
sources) are not a `Store`: they run the Ibis expression as before. The cache is an
optimisation only; an unreadable cache folder means compiling, never an error.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zonemetrics.store.connection import Store, sql_literal
from zonemetrics.store.result_cache import NO_CACHE_ENV, cache_dir, code_token

if TYPE_CHECKING:
    import ibis

#: the folder of kept SQL (beside the answers)
SQL_FOLDER = "sql"
MEMO_PREFIX = "_zm_memo_"
_MEMO_NAME = re.compile(rf"\b{MEMO_PREFIX}(\w+)\b")
# an integer no zone, year or count takes, compiled in place of an integer parameter
_INT_SENTINEL_BASE = 1_987_650_000

_kept: dict[Path, dict[str, str]] = {}  # this process's view of the kept SQL, by file


def _sql_file(store: Store) -> Path:
    if store.kept_sql_file is None:  # asked once per open store: it is a query
        name = f"{code_token()}-v{store.schema_version()}.json"
        store.kept_sql_file = cache_dir().parent / SQL_FOLDER / name
    return store.kept_sql_file


def _load(store: Store) -> dict[str, str]:
    path = _sql_file(store)
    if path not in _kept:
        try:
            _kept[path] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            _kept[path] = {}
    return _kept[path]


def _keep(store: Store, key: str, sql: str) -> None:
    kept = _load(store)
    kept[key] = sql
    target = _sql_file(store)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:  # another process may have kept other queries meanwhile: keep theirs too
            on_disk = json.loads(target.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            on_disk = {}
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=target.parent, suffix=".tmp", delete=False
        ) as handle:
            handle.write(json.dumps(on_disk | kept, ensure_ascii=False))
        os.replace(handle.name, target)
    except OSError:
        pass


def kept_sql(store: Store, key: str) -> str | None:
    if os.environ.get(NO_CACHE_ENV):
        return None
    return _load(store).get(key)


def keep_sql(store: Store, key: str, sql: str) -> None:
    if not os.environ.get(NO_CACHE_ENV):
        _keep(store, key, sql)


def forget_kept() -> None:
    """Drop this process's view of the kept SQL (tests simulate a new process)."""
    _kept.clear()


def _sentinels(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Stand-in values to compile with, and each stand-in's SQL text -> the parameter."""
    standins: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for number, (name, value) in enumerate(sorted(params.items())):
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise TypeError(f"parameter {name}: only strings and integers are compiled apart")
        if isinstance(value, int):
            standins[name] = _INT_SENTINEL_BASE + number
            texts[str(standins[name])] = name
        else:
            standins[name] = f"__zonemetrics_parameter_{name}__"
            texts[sql_literal(standins[name])] = name  # type: ignore[index]
    return standins, texts


def _fill(sql: str, params: dict[str, Any]) -> str:
    _, texts = _sentinels(params)
    for text, name in texts.items():
        pattern = re.escape(text) if text.startswith("'") else rf"(?<![\w.]){re.escape(text)}\b"
        sql = re.sub(pattern, lambda _m, n=name: sql_literal(params[n]) or "NULL", sql)
    return sql


def ensure_memos(store: Store, sql: str) -> None:
    """Create the memo tables a kept query reads, from their kept SQL, dependencies first."""
    for key in dict.fromkeys(_MEMO_NAME.findall(sql)):
        if store.has_memo(key):
            continue
        memo_sql = kept_sql(store, f"memo:{key}")
        if memo_sql is None:
            raise LookupError(key)
        ensure_memos(store, memo_sql)
        store.create_memo(key, memo_sql)


def rows(
    tables: Any,
    key: str,
    build: Callable[[dict[str, Any]], ibis.Table],
    **params: Any,
) -> list[dict[str, Any]]:
    """The rows of `build(params)`, as `expr.to_pyarrow().to_pylist()` gives them.

    `key` names the query and everything that shapes it; `params` are the values it is
    asked about, strings or integers (a None is shape, so it belongs in the key)."""
    if not isinstance(tables, Store):
        return _rows_of_expr(build(params))
    store = tables
    full_key = f"query:{key}"
    sql = kept_sql(store, full_key)
    if sql is not None:
        try:
            ensure_memos(store, sql)
            return store.records(_fill(sql, params))
        except LookupError:  # a memo's SQL was not kept: compile afresh
            pass
    standins, texts = _sentinels(params)
    expr = build(standins)
    sql = str(store.ibis.compile(expr))
    missing = [name for text, name in texts.items() if text not in sql]
    if not missing:  # a parameter compiled away (folded, cast) is not kept
        keep_sql(store, full_key, sql)
    if missing:
        return _rows_of_expr(build(params))
    return store.records(_fill(sql, params))


def _rows_of_expr(expr: Any) -> list[dict[str, Any]]:
    return expr.to_pyarrow().to_pylist()
