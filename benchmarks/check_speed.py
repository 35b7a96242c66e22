"""How long `check` takes on the founding report once started (target: under 0.5 s).

Prints the start-up cost (opening the store, building the gazetteer and compiling the
ledger queries once), the median time of a check after start-up, and, as the baseline
in the same run, a one-off check that compiles its queries itself.

    python benchmarks/check_speed.py [--runs 7] [--store PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

began = time.perf_counter()
from zonemetrics.bundle import load_bundle  # noqa: E402
from zonemetrics.narrative.check import Checker, check_text  # noqa: E402
from zonemetrics.store.connection import open_store  # noqa: E402

IMPORTS = time.perf_counter() - began
SEED = next(
    (
        p / "shared" / "seed"
        for p in Path(__file__).resolve().parents[2:4]
        if (p / "shared" / "seed").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "seed",
)
REPORT = SEED / "xiangjiang-new-area-2024-03.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--store", type=Path, help="a store (default: a fresh one of the bundle)")
    args = parser.parse_args()
    if not REPORT.is_file():
        sys.exit(f"{REPORT} is absent: the founding report only exists in ../shared")
    text = REPORT.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store = open_store(args.store)
        else:
            store = open_store(Path(tmp) / "speed.duckdb")
            load_bundle(store)
        t0 = time.perf_counter()
        checker = Checker(store)
        startup = time.perf_counter() - t0
        times = []
        for run in range(args.runs):
            t0, cpu0 = time.perf_counter(), time.process_time()
            result = checker.check(text)
            times.append(time.perf_counter() - t0)
            if run == 0:
                first_cpu = time.process_time() - cpu0
        # the baseline compiles its queries itself, as a check did before they were kept
        os.environ["ZONEMETRICS_NO_CACHE"] = "1"
        t0 = time.perf_counter()
        check_text(store, text)
        baseline = time.perf_counter() - t0
        store.close()
    median = statistics.median(times)
    print(f"load average (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"imports {IMPORTS:.2f} s; checker start-up {startup:.2f} s")
    first = times[0]
    print(
        f"first check of the founding report after start-up ({len(result['claims'])} claims): "
        f"{first * 1000:.0f} ms ({first_cpu * 1000:.0f} ms of CPU, all threads); "
        f"target < 500 ms: {'met' if first < 0.5 else 'NOT met'}"
    )
    print(
        f"later checks (the ledger view is cached per set of excluded sources): median "
        f"{median * 1000:.0f} ms over {args.runs} runs"
    )
    print(
        f"baseline, a one-off check compiling its own queries: {baseline * 1000:.0f} ms "
        f"(ratio to the first check {baseline / first:.1f}x)"
    )


if __name__ == "__main__":
    main()
