"""A new user's first commands: data there without `demo`, a mistyped store refused,
and the README's Python example running as written (issue 11, item 1)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from zonemetrics.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def fresh_home_env(home: Path) -> dict[str, str]:
    """The environment of a user who has never run zonemetrics: an empty home, no
    store chosen, nothing cached. Only the test run's bundle cache is kept (a copy of
    the store the bundle builds, the same rows as building it again), so each first run
    copies it instead of importing the bundle anew; tests/conftest.py's bundle_store
    proves the import itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ZONEMETRICS_"))}
    kept = {k: os.environ[k] for k in ("ZONEMETRICS_BUNDLE_CACHE",) if k in os.environ}
    return env | kept | {"HOME": str(home), "PYTHONPATH": str(ROOT / "src")}


def test_zones_lists_the_nineteen_new_areas_without_running_demo_first(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", "from zonemetrics.cli.main import main; main()",
         "zones", "--kind", "new_area", "--json"],
        env=fresh_home_env(home), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 19
    assert "from the bundled data" in done.stderr
    assert (home / ".local" / "share" / "zonemetrics" / "ledger.duckdb").is_file()


def test_a_missing_store_is_an_error_and_nothing_is_created(tmp_path):
    missing = tmp_path / "missing.duckdb"
    result = runner.invoke(app, ["--store", str(missing), "zones"])
    assert result.exit_code != 0
    assert "no store there" in str(result.exception) and "--create" in str(result.exception)
    assert not missing.exists()


def test_an_empty_file_given_as_store_is_an_error_and_stays_empty(tmp_path):
    empty = tmp_path / "empty.duckdb"
    empty.touch()
    result = runner.invoke(app, ["--store", str(empty), "show", "xiangjiang"])
    assert result.exit_code != 0
    assert "no store there" in str(result.exception)
    assert empty.stat().st_size == 0


def test_create_makes_the_named_store_from_the_bundled_data(tmp_path):
    target = tmp_path / "new" / "mine.duckdb"
    result = runner.invoke(
        app, ["--store", str(target), "--create", "zones", "--kind", "new_area", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 19


def readme_python_example() -> str:
    """The README's Python example, exactly as a reader would copy it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert blocks, "the README has no Python example"
    return blocks[0]


def test_the_readme_python_example_runs_as_written_on_a_fresh_machine(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    # the example's expressions are printed, as an interactive session would show them
    check = "\nprint(len(queries.show_zone(store, '湘江新区')['indicators']))\n"
    script = readme_python_example() + check
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=fresh_home_env(home),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip().splitlines()[-1]) > 0
