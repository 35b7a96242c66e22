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


CLI = "from zonemetrics.cli.main import main; main()"


def cli_process(store_path: Path, *args: str) -> subprocess.Popen:
    """A real `zonemetrics` process on the store, its answer cache off (so it reads the
    store), waiting up to two minutes for a lock on this loaded machine."""
    env = dict(os.environ, ZONEMETRICS_NO_CACHE="1", ZONEMETRICS_LOCK_TIMEOUT="120")
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "--store", str(store_path), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def finished(process: subprocess.Popen) -> tuple[str, str, float]:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out, err, time.monotonic()


def test_two_shows_and_a_rank_run_at_the_same_time(store_path):
    commands = [
        ("show", "xiangjiang", "--json"),
        ("show", "湘江新区", "--json"),
        ("rank", "gdp", "--year", "2020", "--json"),
    ]
    starts, processes = [], []
    for command in commands:
        starts.append(time.monotonic())
        processes.append(cli_process(store_path, *command))
    results = [finished(p) for p in processes]
    # all three were alive together (none ended before the last had started) and none
    # waited for a lock: readers share the file
    assert min(ended for _out, _err, ended in results) > max(starts)
    assert not any("waiting for the store lock" in err for _out, err, _ended in results)
    first, second = (json.loads(out) for out, _err, _ended in results[:2])
    assert first == second and first["zone"] == "xiangjiang"
    ranking = json.loads(results[2][0])
    assert [row["zone"] for row in ranking["rows"]] == ["xiangjiang"]


INGEST_SLOWLY = """
import sys, time
from zonemetrics.ingest.load import ingest_file
from zonemetrics.store.connection import open_store

store = open_store(sys.argv[1], create=False)
told = []

def hold_the_write_open(file, done, total):
    if not told:  # the write lock is held and the transaction open: let a reader come
        told.append(done)
        print("writing", flush=True)
        time.sleep(float(sys.argv[3]))

report = ingest_file(store, sys.argv[2], hold_the_write_open)
store.close()
print("committed", report.rows_added, flush=True)
"""


def test_a_show_during_an_ingest_waits_and_reads_the_committed_state(store_path, tmp_path):
    before = json.loads(finished(cli_process(store_path, "show", "xiangjiang", "--json"))[0])
    data = tmp_path / "revision.csv"
    data.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2021,3200,亿元,xinzixun-2021-11-07\n",
        encoding="utf-8",
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", INGEST_SLOWLY, str(store_path), str(data), "3"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdout.readline().strip() == "writing"
    reader = cli_process(store_path, "show", "xiangjiang", "--json")
    out, err, _ended = finished(reader)
    assert writer.wait(timeout=600) == 0 and "committed 1" in writer.stdout.read()
    after = json.loads(finished(cli_process(store_path, "show", "xiangjiang", "--json"))[0])
    assert before != after  # the ingest changed what `show` says
    # the reader waited for the writer (never a lock error) and saw one whole state
    assert "waiting for the store lock" in err and "lock" not in out
    assert json.loads(out) in (before, after)


@pytest.fixture
def read_only_mount(tmp_path):
    """A real read-only file system (a tmpfs remounted read-only; needs root)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a read-only file system needs root; the chmod tests run instead")
    mount = tmp_path / "ro"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_show_and_rank_read_a_store_on_a_read_only_mount(store_path, read_only_mount):
    store = read_only_mount / "ledger.duckdb"
    store.write_bytes(store_path.read_bytes())
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)], check=True)
    with pytest.raises(OSError):
        (read_only_mount / "probe").write_text("x")  # the mount really is read-only
    show = finished(cli_process(store, "show", "xiangjiang", "--json"))
    rank = finished(cli_process(store, "rank", "gdp", "--year", "2020", "--json"))
    assert json.loads(show[0])["zone"] == "xiangjiang"
    assert [row["zone"] for row in json.loads(rank[0])["rows"]] == ["xiangjiang"]
    assert sorted(p.name for p in read_only_mount.iterdir()) == ["ledger.duckdb"]


def test_a_store_in_a_read_only_folder_is_read_and_nothing_is_written_beside_it(store_path):
    folder = store_path.parent
    files_before = sorted(p.name for p in folder.iterdir())
    digest = hashlib.sha256(store_path.read_bytes()).hexdigest()
    store_path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        show = finished(cli_process(store_path, "show", "xiangjiang", "--json"))
        rank = finished(cli_process(store_path, "rank", "gdp", "--year", "2020", "--json"))
    finally:
        folder.chmod(stat.S_IRWXU)
        store_path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert json.loads(show[0])["zone"] == "xiangjiang"
    assert [row["zone"] for row in json.loads(rank[0])["rows"]] == ["xiangjiang"]
    # a reader writes no log, lock or temporary file, and never touches the store
    assert sorted(p.name for p in folder.iterdir()) == files_before
    assert hashlib.sha256(store_path.read_bytes()).hexdigest() == digest
