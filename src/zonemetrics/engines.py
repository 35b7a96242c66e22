"""Compute backends by name, and making a table available on any of them.

Indicators, rankings and firm aggregations are written once as Ibis expressions; which
engine runs them is a parameter. A backend is named by a short spec so that the command
line (`--backend`) and tests can say which one they mean:

- `duckdb` (the default): an in-memory DuckDB; `duckdb://PATH` or a `*.duckdb` path
  opens that file instead. Nothing to start.
- `pyspark`: a local SparkSession (local[2], bound to 127.0.0.1, no web UI, few shuffle
  partitions), for checking that the expressions run on Spark; `spark://HOST:PORT` joins
  a cluster's master instead.
- `postgres://user:pass@host:port/db` (or `postgresql://`): a PostgreSQL database.

Data reaches the engine through `register_table`, because each engine takes data in its
own way (DuckDB scans Parquet and Arrow in place, Spark reads Parquet itself, PostgreSQL
needs the rows copied in) and callers should not have to know which.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import ibis
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from zonemetrics.errors import ZonemetricsError

DEFAULT_BACKEND = "duckdb"
SPARK_LOCAL_MASTER = "local[2]"
SPARK_SHUFFLE_PARTITIONS = "4"
POSTGRES_SCHEMES = ("postgres", "postgresql")
_COPY_BATCH_ROWS = 200_000


class BackendError(ZonemetricsError):
    """A backend spec that is unknown, or a backend that cannot be reached or started."""


def backend_kind(spec: str | None) -> str:
    """The engine a spec names: 'duckdb', 'pyspark' or 'postgres'."""
    text = (spec or DEFAULT_BACKEND).strip()
    lowered = text.lower()
    if lowered == "duckdb" or lowered.startswith("duckdb://") or _is_duckdb_path(text):
        return "duckdb"
    if lowered in ("pyspark", "spark") or lowered.startswith("spark://"):
        return "pyspark"
    if urlsplit(text).scheme.lower() in POSTGRES_SCHEMES:
        return "postgres"
    raise BackendError(
        f"unknown backend {redact(text)!r}: use duckdb, duckdb://PATH, pyspark, "
        "spark://HOST:PORT or postgres://USER:PASS@HOST:PORT/DB"
    )


def connect_backend(spec: str | None = None) -> ibis.BaseBackend:
    """Connect to the backend a spec names (see the module docstring for specs)."""
    text = (spec or DEFAULT_BACKEND).strip()
    kind = backend_kind(text)
    if kind == "duckdb":
        return _connect_duckdb(text)
    if kind == "pyspark":
        master = text if text.lower().startswith("spark://") else SPARK_LOCAL_MASTER
        return ibis.pyspark.connect(spark_session(master))
    return _connect_postgres(text)


def unavailable_reason(spec: str | None) -> str | None:
    """Why the backend a spec names cannot be used here, or None if it can.

    Tests use this to skip with a reason a reader can act on, rather than fail with a
    Java or socket traceback; `connect_backend` raises the same facts as errors.
    """
    kind = backend_kind(spec)
    if kind == "pyspark":
        if importlib.util.find_spec("pyspark") is None:
            return "pyspark is not installed (pip install pyspark==4.0.5)"
        if not _java_available():
            return "no Java runtime on PATH or JAVA_HOME (apt-get install openjdk-17-jre-headless)"
        return None
    if kind == "postgres":
        if importlib.util.find_spec("psycopg") is None:
            return "psycopg is not installed (pip install 'ibis-framework[postgres]')"
        import psycopg

        try:
            psycopg.connect(_libpq_url(spec or ""), connect_timeout=3).close()
        except psycopg.Error as exc:
            detail = " ".join(str(exc).split())
            return f"cannot connect to PostgreSQL at {redact(spec or '')}: {detail}"
        return None
    return None


def spark_session(master: str = SPARK_LOCAL_MASTER):  # -> pyspark.sql.SparkSession
    """The process's SparkSession, created on first use with settings fit for one laptop.

    Spark keeps one session per JVM, so later calls return the same session whatever
    `master` says; tests rely on that to pay the JVM start-up once.
    """
    reason = unavailable_reason("pyspark")
    if reason:
        raise BackendError(f"cannot start Spark: {reason}")
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.appName("zonemetrics")
        .master(master)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", SPARK_SHUFFLE_PARTITIONS)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", str(Path(tempfile.gettempdir()) / "zonemetrics-spark"))
        .config("spark.driver.memory", os.environ.get("ZONEMETRICS_SPARK_DRIVER_MEMORY", "2g"))
    )
    if master.startswith("local"):
        builder = builder.config("spark.driver.bindAddress", "127.0.0.1").config(
            "spark.driver.host", "127.0.0.1"
        )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and Spark raise many types on a failed start
        raise BackendError(f"cannot start Spark ({master}): {exc}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def register_table(backend: ibis.BaseBackend, name: str, data: pa.Table | str | Path) -> ibis.Table:
    """Make `data` (an Arrow table or a Parquet file) available on `backend` as `name`.

    DuckDB and Spark read the data where it is (a view, no copy where they can); on
    PostgreSQL the rows are copied, with COPY so that millions of rows take seconds, not
    hours of INSERTs, into a temporary table that lasts as long as the connection.
    """
    source: pa.Table | Path = data if isinstance(data, pa.Table) else Path(data)
    if isinstance(source, Path) and not source.exists():
        raise BackendError(f"{source}: no such Parquet file or directory")
    kind = backend.name
    if kind == "duckdb":
        if isinstance(source, Path):
            return backend.read_parquet(source, table_name=name)
        backend.con.register(name, source)
        return backend.table(name)
    if kind == "pyspark":
        if isinstance(source, Path):
            return backend.read_parquet(str(source), table_name=name)
        backend._session.createDataFrame(source).createOrReplaceTempView(name)
        return backend.table(name)
    if kind == "postgres":
        return _copy_into_postgres(backend, name, source)
    table = source if isinstance(source, pa.Table) else pq.read_table(source)
    return backend.create_table(name, table, overwrite=True)


def redact(spec: str) -> str:
    """A spec fit to print: any password in a URL replaced by ***."""
    parts = urlsplit(spec)
    if parts.password is None:
        return spec
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def _is_duckdb_path(text: str) -> bool:
    return text.endswith((".duckdb", ".ddb")) and "://" not in text


def _connect_duckdb(text: str) -> ibis.BaseBackend:
    path = text[len("duckdb://") :] if text.lower().startswith("duckdb://") else text
    if path.lower() in ("", "duckdb", ":memory:"):
        return ibis.duckdb.connect()
    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return ibis.duckdb.connect(str(target))
    except Exception as exc:  # duckdb raises its own IOException types
        raise BackendError(f"{target}: cannot open DuckDB file: {exc}") from exc


def _connect_postgres(text: str) -> ibis.BaseBackend:
    reason = unavailable_reason(text)
    if reason:
        raise BackendError(reason)
    return ibis.connect(_libpq_url(text))


def _libpq_url(text: str) -> str:
    """libpq and ibis both accept postgresql://; normalise postgres:// to it."""
    parts = urlsplit(text)
    return urlunsplit(parts._replace(scheme="postgresql"))


def _java_available() -> bool:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return True
    return shutil.which("java") is not None


def _copy_into_postgres(
    backend: ibis.BaseBackend, name: str, source: pa.Table | Path
) -> ibis.Table:
    from psycopg import sql

    if isinstance(source, pa.Table):
        arrow_schema = source.schema
        batches = source.to_batches(max_chunksize=_COPY_BATCH_ROWS)
    else:
        parquet = pq.ParquetFile(source)
        arrow_schema = parquet.schema_arrow
        batches = parquet.iter_batches(batch_size=_COPY_BATCH_ROWS)
    schema = ibis.Schema.from_pyarrow(arrow_schema)
    # A temporary table: it lives as long as the connection and never replaces a table
    # of the user's. (ibis 12's create_table(overwrite=True) also emits an empty DROP
    # with sqlglot 30, so the earlier copy is dropped here.)
    with backend.con.cursor() as cursor, backend.con.transaction():
        drop = sql.SQL("DROP TABLE IF EXISTS pg_temp.{}").format(sql.Identifier(name))
        cursor.execute(drop)
    backend.create_table(name, schema=schema, temp=True)
    copy = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, arrow_schema.names))
    )
    options = pa_csv.WriteOptions(include_header=False)
    with backend.con.cursor() as cursor, backend.con.transaction(), cursor.copy(copy) as writer:
        for batch in batches:
            buffer = io.BytesIO()
            pa_csv.write_csv(batch, buffer, write_options=options)
            writer.write(buffer.getvalue())
    return backend.table(name)
