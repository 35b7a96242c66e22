"""A killed ingest leaves the store consistent: all of the file or none of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from zonemetrics.ingest.load import CHUNK_ROWS, ingest_paths
from zonemetrics.store.connection import open_store

ROWS = CHUNK_ROWS * 4

INGEST_AND_STALL = textwrap.dedent("""
    import sys, time
    from zonemetrics.ingest.load import ingest_file
    from zonemetrics.store.connection import open_store

    store = open_store(sys.argv[1])

    def stall_after_first_chunk(file, done, total):
        if done < total:
            print("midway", done, total, flush=True)
            time.sleep(120)

    ingest_file(store, sys.argv[2], stall_after_first_chunk)
    print("finished", flush=True)
""")


def _large_file(path: Path) -> Path:
    """Many rows of a test caliber, so the ingest writes several chunks."""
    lines = ["zone,indicator,period,value,unit,source,caliber"]
    lines += [
        f"xiangjiang,gdp_growth_real,2016,{i % 97}.5,%,rednet-en-2017-09-25,test_{i}"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _test_rows(store_path: Path) -> int:
    store = open_store(store_path)
    try:
        return store.sql("SELECT count(*) FROM observations WHERE caliber LIKE 'test_%'")[0][0]
    finally:
        store.close()


def test_sigkill_midway_leaves_none_of_the_file(tmp_path, fixtures_dir):
    store_path = tmp_path / "ledger.duckdb"
    store = open_store(store_path)
    ingest_paths(store, [fixtures_dir / "ledger"])
    before = store.fingerprint()
    store.close()
    data = _large_file(tmp_path / "large.csv")
    script = tmp_path / "stall.py"
    script.write_text(INGEST_AND_STALL)
    process = subprocess.Popen(
        [sys.executable, str(script), str(store_path), str(data)], stdout=subprocess.PIPE, text=True
    )
    line = process.stdout.readline()
    assert line.startswith("midway"), line
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert _test_rows(store_path) == 0
    reopened = open_store(store_path)
    assert reopened.fingerprint() == before
    reopened.close()


def test_the_same_file_ingested_without_interruption_goes_in_whole(tmp_path, fixtures_dir):
    store_path = tmp_path / "ledger.duckdb"
    store = open_store(store_path)
    ingest_paths(store, [fixtures_dir / "ledger", _large_file(tmp_path / "large.csv")])
    store.close()
    assert _test_rows(store_path) == ROWS
