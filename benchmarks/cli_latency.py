"""Whole-process latency of the everyday commands, against their targets.

A user feels the time from pressing Enter to the prompt coming back, so each command
runs as a fresh subprocess (interpreter start-up, imports, opening the store, the query,
printing). `show` and `rank` keep their answer until the store or the code changes
(zonemetrics.store.result_cache), so the untimed warm-up run computes it and the timed
runs measure what a user sees when asking again; the first answer after each change
is printed separately as "cold". The machine is shared and its speed varies, so the
script also times a bare `python -c pass` in the same run and prints every command's
ratio to that baseline: a ratio that grows means zonemetrics got slower, whatever the
machine's load.

Usage: python benchmarks/cli_latency.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# (label, arguments after `zonemetrics`, target in seconds), from issue 11 item 2
COMMANDS: list[tuple[str, list[str], float]] = [
    ("--help", ["--help"], 0.3),
    ("zones", ["zones"], 0.5),
    ("show xiangjiang", ["show", "xiangjiang"], 1.0),
    ("rank gdp --year 2023", ["rank", "gdp", "--year", "2023"], 1.0),
]

# the installed console script, as a user runs it; the same entry point through this
# interpreter when the script is not on PATH
CLI = (
    [found]
    if (found := shutil.which("zonemetrics"))
    else [sys.executable, "-c", "from zonemetrics.cli.main import main; main()"]
)


def median_seconds(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """The first run's wall time (cold: nothing kept yet) and the median of `runs`
    further runs."""
    times: list[float] = []
    first = 0.0
    for attempt in range(runs + 1):
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.decode()}")
        if attempt:
            times.append(elapsed)
        else:
            first = elapsed
    return first, statistics.median(times)


def build_store(path: Path, env: dict[str, str]) -> None:
    """The store every timed command reads: the bundled data, built once, untimed."""
    code = (
        "import sys; from zonemetrics.bundle import load_bundle; "
        "from zonemetrics.store.connection import open_store; "
        "s = open_store(sys.argv[1]); load_bundle(s); s.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "ledger.duckdb"
        env = {
            **os.environ,
            "ZONEMETRICS_STORE": str(store),
            "XDG_CACHE_HOME": str(Path(folder) / "cache"),  # nothing kept from before
            "COLUMNS": "160",
        }
        # an installed package has its bytecode compiled (pip does it); a session that
        # forbids writing bytecode would time the compiler instead of zonemetrics
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        build_store(store, env)
        _, baseline = median_seconds([sys.executable, "-c", "pass"], args.runs, env)
        print(f"baseline `python -c pass`: {baseline:.3f} s (median of {args.runs})")
        print(
            f"{'command':<24}{'cold s':>8}{'median s':>10}{'target s':>10}{'x baseline':>12}"
            "  verdict"
        )
        failures = 0
        for label, argv, target in COMMANDS:
            cold, seconds = median_seconds([*CLI, *argv], args.runs, env)
            verdict = "ok" if seconds < target else "SLOWER THAN TARGET"
            failures += seconds >= target
            ratio = seconds / baseline
            print(
                f"{label:<24}{cold:>8.2f}{seconds:>10.3f}{target:>10.1f}{ratio:>12.1f}  {verdict}"
            )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
