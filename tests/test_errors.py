"""Errors reach the user as one line naming what failed and why; a traceback only
with --debug. Library errors are real ones, raised by the libraries themselves."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from zonemetrics.errors import explain
from zonemetrics.ledger.queries import sources
from zonemetrics.store.connection import open_store

CLI = "from zonemetrics.cli.main import main; main()"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    # a wide terminal: a long temporary path (as a parallel run's are) is then not wrapped
    # in the middle of the file name the tests look for
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = dict(os.environ, PYTHONPATH=src, COLUMNS="250")
    return subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, env=env, timeout=300
    )


def caught(action) -> BaseException:
    try:
        action()
    except Exception as error:  # the point: whatever the library raised
        return error
    raise AssertionError("no error was raised")


def test_a_yaml_tag_that_builds_python_objects_is_one_clear_line():
    error = caught(lambda: yaml.safe_load("steps: !!python/object/apply:os.system ['id']"))
    message = explain(error)
    assert "not allowed" in message and "line 1" in message and "\n" not in message


def test_a_yaml_syntax_error_names_line_and_column():
    message = explain(caught(lambda: yaml.safe_load("data: x.csv\nsteps: [normalise,\n")))
    assert message.startswith("YAML, line 3, column 1: not valid YAML")


def test_os_errors_name_the_file_and_the_reason(tmp_path):
    missing = caught(lambda: (tmp_path / "absent.csv").read_bytes())
    assert explain(missing) == f"{tmp_path / 'absent.csv'}: no such file or folder"
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out.csv"))
    assert explain(full) == f"{tmp_path / 'out.csv'}: the disk is full"
    read_only = OSError(errno.EROFS, os.strerror(errno.EROFS), "/mnt/ro/ledger.duckdb")
    assert explain(read_only) == "/mnt/ro/ledger.duckdb: the file system is read-only"


def test_a_store_with_a_table_missing_is_called_damaged(tmp_path):
    store = open_store(tmp_path / "ledger.duckdb")
    store.raw.execute("DROP TABLE sources")
    message = explain(caught(lambda: sources(store)))
    store.close()
    assert "the store is damaged or is not a zonemetrics store" in message


def test_a_bug_is_not_disguised():
    assert explain(KeyError("x")) is None


def test_the_cli_reports_a_400_digit_value_as_its_cell_not_a_traceback(tmp_path):
    import json

    fixtures = Path(__file__).parent / "fixtures" / "ledger"
    bad = tmp_path / "digits.csv"
    bad.write_text(
        "zone,indicator,period,value,unit,source\n"
        f"china,gdp,2023,{'9' * 400},元,rednet-en-2017-09-25\n"
    )
    store = str(tmp_path / "s.duckdb")
    open_store(store).close()  # a named store must exist (or be asked for with --create)
    done = run_cli("--store", store, "ingest", str(fixtures), str(bad), "--json")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    [error] = json.loads(done.stdout)["errors"]
    [problem] = error["problems"]
    assert (problem["row"], problem["column"]) == (2, "value")
    assert "too large to be a figure" in problem["reason"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("data: x.csv\nsteps: !!python/object/apply:os.system ['id']\n", "python/object"),
        ("data: x.csv\nsteps: [normalise,\n", "line 3"),
    ],
)
def test_a_bad_index_spec_is_one_line_unless_debug(tmp_path, spec, expected):
    path = tmp_path / "spec.yaml"
    path.write_text(spec)
    done = run_cli("index", "run", str(path), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert "spec.yaml" in done.stderr  # the file is named
    debug = run_cli("--debug", "index", "run", str(path), "--out", str(tmp_path / "out"))
    assert "Traceback" in debug.stderr


def test_firms_aggregate_with_text_revenue_is_a_clear_error(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "firms.parquet"
    columns = {
        "firm_id": [1], "zone_id": ["xiangjiang"], "year": [2023], "revenue": ["a lot"],
        "rd_expense": [5], "employees": [10], "is_high_tech": [True],
        "is_specialized_sme": [False],
    }  # fmt: skip
    pq.write_table(pa.table(columns), path)
    done = run_cli("firms", "aggregate", str(path), "--backend", "duckdb")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "revenue" in done.stderr
