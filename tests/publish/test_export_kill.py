"""A killed export leaves nothing half-written under a real name.

The export runs in its own process on a large store and is killed with SIGKILL while
it writes (the moment a temporary part appears in the target folder); afterwards
every file under a real name must be whole, and the file that was being written must
not be there at all. The next export clears the dead writer's part.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zonemetrics.store.connection import open_store

COPIES = 60  # the bundled GDP observations 60 times over: files that take a while to write


@pytest.fixture(scope="module")
def large_store_path(bundle_store, tmp_path_factory) -> Path:
    """The bundled store with its GDP observations repeated as later vintages of the
    same figures (written with SQL: ingesting this many rows takes minutes here)."""
    bundle_store.raw.execute("CHECKPOINT")
    path = tmp_path_factory.mktemp("large") / "large.duckdb"
    shutil.copy(bundle_store.path, path)
    store = open_store(path)
    store.raw.execute(
        f"""
        INSERT INTO observations
        SELECT o.* REPLACE (
            (SELECT max(obs_id) FROM observations) + row_number() OVER () AS obs_id,
            o.content_key || '-copy-' || copies.copy AS content_key,
            o.vintage - to_days(copies.copy::INTEGER) AS vintage
        )
        FROM observations AS o CROSS JOIN range(1, {COPIES}) AS copies(copy)
        WHERE o.indicator = 'gdp'
        """
    )
    store.raw.execute("CHECKPOINT")
    store.close()
    return path


def _export_process(store: Path, *args: str) -> subprocess.Popen:
    code = "from zonemetrics.cli.main import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--store", str(store), "export", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def _kill_while_writing(process: subprocess.Popen, folder: Path, limit: float = 600) -> str:
    """SIGKILL the export as soon as a part is being written; the part's real name."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        parts = list(folder.glob(".*.zmpart")) if folder.is_dir() else []
        if parts:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return parts[0].name[1:].split(".")[0]
        if process.poll() is not None:
            pytest.fail(f"the export ended before it was killed: {process.stderr.read()!r}")
        time.sleep(0.005)
    process.kill()
    pytest.fail("no part appeared in time")


def _whole_csv(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n"), f"{path} ends mid-line"
    return len(list(csv.reader(text.splitlines())))


def test_a_killed_csv_export_leaves_only_whole_files(large_store_path, tmp_path):
    out = tmp_path / "csv"
    process = _export_process(
        large_store_path, "--format", "csv", "--out", str(out), "--indicators", "gdp"
    )
    being_written = _kill_while_writing(process, out)
    assert process.returncode == -signal.SIGKILL
    assert not (out / f"{being_written}.csv").exists()
    for path in out.glob("*.csv"):
        assert _whole_csv(path) >= 1
    # a new export clears the dead writer's part and writes every file whole
    again = _export_process(
        large_store_path,
        "--format",
        "csv",
        "--out",
        str(out),
        "--indicators",
        "gdp",
        "--zones",
        "xiangjiang",
    )
    assert again.wait(timeout=900) == 0, again.stderr.read()
    assert not list(out.glob(".*.zmpart"))
    assert _whole_csv(out / "observations.csv") > COPIES


def test_a_killed_xlsx_export_leaves_no_workbook_under_its_name(large_store_path, tmp_path):
    out = tmp_path / "ledger.xlsx"
    process = _export_process(
        large_store_path, "--format", "xlsx", "--out", str(out), "--indicators", "gdp"
    )
    _kill_while_writing(process, tmp_path)
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == []
