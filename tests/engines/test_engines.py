"""Choosing a backend by name, and putting a table on it from Arrow or Parquet."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zonemetrics.engines import (
    BackendError,
    backend_kind,
    connect_backend,
    redact,
    register_table,
    unavailable_reason,
)

# Awkward cells on purpose: CSV-special characters, Chinese text, an empty string next to
# a null (PostgreSQL's COPY must keep them apart), a null integer, a null boolean.
LEDGER_LIKE = pa.table(
    {
        "zone_id": ["xiangjiang", "pudong", "binhai", "xiongan"],
        "name_zh": ["湘江新区", 'Pudong, "new" area', "", None],
        "year": pa.array([2023, 2023, 2022, 2023], pa.int32()),
        "gdp_yuan": pa.array([450_000_000_000, 1_700_000_000_000, None, 0], pa.int64()),
        "share": [0.0023, 0.5, None, 1e-12],
        "is_new_area": [True, True, None, False],
    }
)


@pytest.mark.parametrize(
    ("spec", "kind"),
    [
        (None, "duckdb"),
        ("duckdb", "duckdb"),
        ("duckdb:///tmp/ledger.duckdb", "duckdb"),
        ("data/ledger.duckdb", "duckdb"),
        ("pyspark", "pyspark"),
        ("spark://10.0.0.5:7077", "pyspark"),
        ("postgres://u:p@127.0.0.1:5432/zm", "postgres"),
        ("postgresql://u@localhost/zm", "postgres"),
    ],
)
def test_a_spec_names_its_engine(spec, kind):
    assert backend_kind(spec) == kind


def test_an_unknown_spec_lists_the_known_ones_and_hides_the_password():
    with pytest.raises(BackendError) as caught:
        connect_backend("mysql://analyst:s3cret@db/zones")
    message = str(caught.value)
    assert "s3cret" not in message
    assert "mysql://analyst:***@db/zones" in message
    assert "pyspark" in message and "postgres://" in message


def test_redact_keeps_everything_but_the_password():
    assert redact("postgres://zm:pw@127.0.0.1:5432/db") == "postgres://zm:***@127.0.0.1:5432/db"
    assert redact("pyspark") == "pyspark"


def test_the_default_is_an_in_memory_duckdb():
    backend = connect_backend(None)
    assert backend.name == "duckdb"
    assert backend.raw_sql("SELECT current_database()").fetchone() == ("memory",)


def test_a_duckdb_file_is_created_and_kept(tmp_path: Path):
    path = tmp_path / "engines" / "ledger.duckdb"
    backend = connect_backend(f"duckdb://{path}")
    register_table(backend, "zones_arrow", LEDGER_LIKE)
    backend.raw_sql("CREATE TABLE zones AS SELECT * FROM zones_arrow")
    backend.disconnect()
    assert path.is_file()
    assert connect_backend(str(path)).table("zones").count().to_pyarrow().as_py() == 4


def test_an_unreachable_postgres_is_a_reason_not_a_hang():
    reason = unavailable_reason("postgres://zm:pw@127.0.0.1:1/zm")
    assert reason is not None
    assert "cannot connect to PostgreSQL" in reason and "pw@" not in reason
    with pytest.raises(BackendError, match="cannot connect"):
        connect_backend("postgres://zm:pw@127.0.0.1:1/zm")


def rows_by_zone(table) -> list[dict]:
    return sorted(table.to_pyarrow().to_pylist(), key=lambda row: row["zone_id"])


def test_an_arrow_table_arrives_intact(backend):
    table = register_table(backend, "zones_from_arrow", LEDGER_LIKE)
    assert rows_by_zone(table) == sorted(LEDGER_LIKE.to_pylist(), key=lambda r: r["zone_id"])


def test_a_parquet_file_arrives_intact(backend, tmp_path: Path):
    path = tmp_path / "zones.parquet"
    pq.write_table(LEDGER_LIKE, path)
    table = register_table(backend, "zones_from_parquet", path)
    assert rows_by_zone(table) == sorted(LEDGER_LIKE.to_pylist(), key=lambda r: r["zone_id"])


def test_registering_again_replaces_the_earlier_data(backend):
    register_table(backend, "zones_again", LEDGER_LIKE)
    table = register_table(backend, "zones_again", LEDGER_LIKE.slice(0, 1))
    assert [row["zone_id"] for row in rows_by_zone(table)] == ["xiangjiang"]


def test_a_missing_parquet_file_is_named(backend, tmp_path: Path):
    with pytest.raises(BackendError, match=r"no-such\.parquet"):
        register_table(backend, "nothing", tmp_path / "no-such.parquet")
