"""Readers beside writers (issue 15, item 6): read-only opens on read-only files, many
readers at once, a reader waiting out a writer, a foreign DuckDB file refused.

Locks are per process in DuckDB, so the other party is always a real second process.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.errors import StoreError
from zonemetrics.store.connection import open_store

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def hold_store(path: Path, seconds: float, read_only: bool) -> subprocess.Popen:
    """Another process with the store open for `seconds`; returns once it holds it."""
    code = (
        "import sys, time, duckdb\n"
        "con = duckdb.connect(sys.argv[1], read_only=sys.argv[3] == 'ro')\n"
        "print('holding', flush=True)\n"
        "time.sleep(float(sys.argv[2]))\n"
        "con.close()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(path), str(seconds), "ro" if read_only else "rw"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout.readline().strip() == "holding"
    return process


@pytest.fixture
def store_path(tiny_store) -> Path:
    path = tiny_store.path
    tiny_store.close()
    return path


def test_a_chmod_444_store_is_read_with_the_policy_memo_working(store_path):
    from zonemetrics.indicators.zone_view import zone_profile

    store_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        store = open_store(store_path, create=False, read_only=True)
        profile = zone_profile(store, "xiangjiang")  # builds the memo's temp tables
        assert profile["indicators"] and store.sql("SELECT count(*) FROM observations")[0][0]
        store.close()
    finally:
        store_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 444")
def test_a_writer_on_a_read_only_file_gets_a_clear_error(store_path):
    store_path.chmod(stat.S_IRUSR)
    try:
        with pytest.raises(StoreError, match="cannot open store"):
            open_store(store_path, create=False)
    finally:
        store_path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_show_reads_beside_two_other_readers(store_path):
    readers = [hold_store(store_path, 5, read_only=True) for _ in range(2)]
    try:
        result = runner.invoke(app, ["--store", str(store_path), "show", "xiangjiang", "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["zone"] == "xiangjiang"
    finally:
        for reader in readers:
            reader.wait()


def test_show_during_a_write_waits_for_it_and_then_answers(store_path):
    writer = hold_store(store_path, 2.0, read_only=False)
    started = time.monotonic()
    result = runner.invoke(app, ["--store", str(store_path), "zones", "--json"])
    waited = time.monotonic() - started
    writer.wait()
    assert result.exit_code == 0, result.output
    assert "waiting for the store lock held by another zonemetrics process" in result.stderr
    assert waited > 0.5 and {z["zone_id"] for z in json.loads(result.stdout)} >= {"xiangjiang"}


def test_a_writer_gives_up_after_its_timeout_with_a_clear_message(store_path):
    reader = hold_store(store_path, 6, read_only=True)
    messages: list[str] = []
    try:
        with pytest.raises(StoreError, match=r"held the store lock for 0\.5 s"):
            open_store(store_path, create=False, timeout=0.5, on_wait=messages.append)
    finally:
        reader.wait()
    assert messages == ["waiting for the store lock held by another zonemetrics process..."]


def test_a_foreign_duckdb_file_is_refused_and_left_untouched(tmp_path):
    foreign = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE sources (id INTEGER, name VARCHAR)")
    con.execute("INSERT INTO sources VALUES (1, 'their own table')")
    con.close()
    before = hashlib.sha256(foreign.read_bytes()).hexdigest()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a zonemetrics store"):
            open_store(foreign, read_only=read_only)
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == before
    result = runner.invoke(app, ["--store", str(foreign), "ingest", "--bundled"])
    assert result.exit_code != 0 and "not a zonemetrics store" in str(result.exception)
    assert hashlib.sha256(foreign.read_bytes()).hexdigest() == before


def test_a_new_store_carries_the_ledger_marker(tmp_path):
    store = open_store(tmp_path / "new.duckdb")
    assert store.meta("application") == "zonemetrics ledger"
    store.close()
