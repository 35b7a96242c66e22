"""Whole-process latency of the everyday commands, against their targets.

A user feels the time from pressing Enter to the prompt coming back, so each command
runs as a fresh subprocess (interpreter start-up, imports, opening the store, the query,
printing). Three states are timed, because a user meets all three:

- first-ever: nothing in the cache folder (a new installation or a new version of the
  code): the read queries are built and compiled with Ibis, and their SQL is kept
  (zonemetrics.store.compiled). One run each; it happens once per version.
- cold: a fresh process on an existing store whose answers are not kept, e.g. the first
  `show` after an ingest: the kept SQL runs, nothing else is reused. The answers folder
  is emptied before every run. The targets are judged on this state.
- warm: the same question again with nothing changed (zonemetrics.store.result_cache).

The machine is shared and its speed varies, so the script also times a bare
`python -c pass` in the same run and prints every command's ratio to that baseline: a
ratio that grows means zonemetrics got slower, whatever the machine's load. `uptime`'s
load average is printed with the figures.

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


def seconds(argv: list[str], env: dict[str, str], before=None) -> float:
    """Wall time of one run of `argv` (after `before()`, untimed)."""
    if before is not None:
        before()
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.decode()}")
    return elapsed


def median_seconds(argv: list[str], runs: int, env: dict[str, str], before=None) -> float:
    return statistics.median(seconds(argv, env, before) for _ in range(runs))


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
    parser.add_argument("--runs", type=int, default=7, help="Timed runs per command and state.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "ledger.duckdb"
        cache = Path(folder) / "cache"
        env = {
            **os.environ,
            "ZONEMETRICS_STORE": str(store),
            "XDG_CACHE_HOME": str(cache),  # nothing kept from before
            "COLUMNS": "160",
        }
        env.pop("ZONEMETRICS_NO_CACHE", None)
        # an installed package has its bytecode compiled (pip does it); a session that
        # forbids writing bytecode would time the compiler instead of zonemetrics
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        build_store(store, env)
        answers = cache / "zonemetrics" / "answers"

        def forget_answers() -> None:
            shutil.rmtree(answers, ignore_errors=True)

        def forget_everything() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        baseline = median_seconds([sys.executable, "-c", "pass"], args.runs, env)
        print(f"baseline `python -c pass`: {baseline:.3f} s (median of {args.runs})")
        print(
            f"{'command':<24}{'first-ever':>11}{'cold':>8}{'warm':>8}{'target':>8}"
            f"{'cold/base':>11}{'warm/base':>11}  verdict (on cold)"
        )
        failures = 0
        for label, argv, target in COMMANDS:
            command = [*CLI, *argv]
            first = seconds(command, env, forget_everything)
            cold = median_seconds(command, args.runs, env, forget_answers)
            seconds(command, env)  # keeps the answer
            warm = median_seconds(command, args.runs, env)
            verdict = "ok" if cold < target else "SLOWER THAN TARGET"
            failures += cold >= target
            print(
                f"{label:<24}{first:>11.2f}{cold:>8.3f}{warm:>8.3f}{target:>8.1f}"
                f"{cold / baseline:>11.1f}{warm / baseline:>11.1f}  {verdict}"
            )
        print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
