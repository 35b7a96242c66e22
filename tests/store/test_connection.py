"""Where the store lives and how its schema is versioned."""

from __future__ import annotations

import re

import pytest

from zonemetrics.errors import StoreError
from zonemetrics.ingest.candidates import Candidate, accept, add_candidates
from zonemetrics.store.connection import (
    STORE_ENV,
    default_store_path,
    inline_parameters,
    open_store,
)
from zonemetrics.store.schema import MIGRATIONS, SCHEMA_VERSION


def test_the_environment_chooses_the_default_store(monkeypatch, tmp_path):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "elsewhere.duckdb"))
    assert default_store_path() == tmp_path / "elsewhere.duckdb"


def test_without_the_environment_the_store_is_under_the_user_data_directory(monkeypatch):
    monkeypatch.delenv(STORE_ENV, raising=False)
    path = default_store_path()
    assert path.name == "ledger.duckdb" and "zonemetrics" in str(path)


def test_a_new_store_is_created_at_the_current_schema_version(tmp_path):
    store = open_store(tmp_path / "new" / "ledger.duckdb")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.fingerprint()["observations"][0] == 0
    store.close()


def test_reopening_a_store_keeps_its_contents(tiny_store):
    path, before = tiny_store.path, tiny_store.fingerprint()
    tiny_store.close()
    again = open_store(path)
    assert again.fingerprint() == before
    again.close()


def test_a_store_from_a_newer_zonemetrics_is_refused(tmp_path):
    store = open_store(tmp_path / "ledger.duckdb")
    store.set_meta("schema_version", str(SCHEMA_VERSION + 1))
    store.close()
    with pytest.raises(StoreError, match="newer than this zonemetrics understands"):
        open_store(tmp_path / "ledger.duckdb")


def test_a_store_of_an_older_schema_is_migrated_and_keeps_its_contents(tiny_store):
    """A ledger written before reviewers could correct candidates (schema 2), holding a
    pending candidate, opens with the new column and everything it held."""
    add_candidates(
        tiny_store,
        "xinzixun-2021-11-07",
        [Candidate("Output was 2,511 亿元 in 2020.", "湘江新区", "gdp", "2020", "2511", "亿元")],
    )
    path, before = tiny_store.path, tiny_store.fingerprint()
    tiny_store.raw.execute("ALTER TABLE candidates DROP COLUMN corrections")
    for later in MIGRATIONS[3:]:  # the tables schema 2 did not have yet
        for table in re.findall(r"CREATE TABLE (\w+)", later):
            tiny_store.raw.execute(f"DROP TABLE {table}")
    tiny_store.set_meta("schema_version", "2")
    tiny_store.close()
    again = open_store(path)
    assert again.schema_version() == SCHEMA_VERSION
    after = again.fingerprint()
    assert {t: after[t] for t in before if t not in ("meta", "candidates")} == {
        t: before[t] for t in before if t not in ("meta", "candidates")
    }
    assert again.sql(
        "SELECT zone, indicator, period, value_text, review, corrections FROM candidates"
    ) == [("xiangjiang", "gdp", "2020", "2511", "pending", None)]
    accept(again, all_from="xinzixun-2021-11-07", corrections={"caliber": "whole_area"})
    assert again.sql("SELECT review, corrections FROM candidates") == [
        ("accepted", '{"caliber": "whole_area"}')
    ]
    again.close()


def test_plain_parameters_are_written_as_literals_with_the_same_answer(tmp_path):
    """Strings, integers, booleans and None are inlined (DuckDB would import pandas to
    bind them); a quote in a value and a `?` inside quoted text stay what they are."""
    store = open_store(tmp_path / "ledger.duckdb")
    query = "SELECT ?, '?' AS q, ? IS NULL, ? + 1, ?"
    params = ["it's", None, 41, True]
    assert (
        inline_parameters(query, params) == "SELECT 'it''s', '?' AS q, NULL IS NULL, 41 + 1, TRUE"
    )
    assert store.sql(query, params) == [("it's", "?", True, 42, True)]
    assert inline_parameters("SELECT ?", [1.5]) is None  # bound as usual
    assert store.sql("SELECT ?", [1.5]) == [(1.5,)]
    assert inline_parameters("SELECT ?, ?", [1]) is None
    store.close()
