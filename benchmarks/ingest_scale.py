"""Ingest at scale: rows per second and peak memory, against DuckDB's own CSV reader.

Targets (issue 15): 1M observation rows at >= 100k rows/s with peak memory < 1 GB; a
one-row ingest into that store < 200 MB; `conflicts` on 1M observations < 10 s.

Each step runs in its own process, so its peak resident memory (ru_maxrss from
os.wait4) is its own. The baseline is DuckDB's read_csv of the same file into a table,
measured in the same run on the same machine: the ratio says how far the ledger's
validating ingest is from a bare load.

    python benchmarks/ingest_scale.py --rows 1000000
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ZONES = [
    "pudong", "binhai", "liangjiang", "zhoushan", "lanzhou", "nansha", "xixian", "guian",
    "westcoast", "jinpu", "tianfu", "xiangjiang", "jiangbei", "fuzhou", "dianzhong",
    "harbin", "changchun", "ganjiang", "xiongan",
]  # fmt: skip
YEARS = range(1950, 2101)


def write_inputs(folder: Path, rows: int) -> tuple[Path, Path]:
    """Sources and observations: each source gives a smooth GDP series for every new
    area, so every row passes validation and the plausibility rules (a fair test of the
    path a real bulletin takes)."""
    per_source = len(ZONES) * len(YEARS)
    n_sources = -(-rows // per_source)
    sources = folder / "bench_sources.csv"
    with sources.open("w", encoding="utf-8") as out:
        out.write("source_id,title,producer,published,tier\n")
        for s in range(n_sources):
            out.write(f"bench-{s},Benchmark series {s} (synthetic),bench,2024-01-01,blog\n")
    observations = folder / "bench_observations.csv"
    rng = random.Random(7)
    written = 0
    with observations.open("w", encoding="utf-8") as out:
        out.write("zone,indicator,period,value,unit,source,caliber\n")
        for s in range(n_sources):
            for zone in ZONES:
                level = 800 + rng.random() * 400
                for year in YEARS:
                    if written == rows:
                        return sources, observations
                    level *= 1 + rng.uniform(-0.02, 0.04)
                    out.write(f"{zone},gdp,{year},{level:.1f},亿元,bench-{s},bench\n")
                    written += 1
    return sources, observations


def run(code: str, *args: str) -> tuple[float, float, str]:
    """Seconds, peak resident MB and stdout of `python -c code args` in a child."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True
    )
    out = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"step failed ({status}): {code[:60]}...")
    return elapsed, usage.ru_maxrss / 1024, out.strip()


BASELINE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)", [sys.argv[2]])
"""
BUNDLE = """
import sys
from zonemetrics.bundle import load_bundle
from zonemetrics.store.connection import open_store
load_bundle(open_store(sys.argv[1]))
"""
INGEST = """
import sys
from zonemetrics.ingest.load import ingest_paths
from zonemetrics.store.connection import open_store
store = open_store(sys.argv[1])
reports, errors = ingest_paths(store, sys.argv[2:])
assert not errors, errors[0]
print(sum(r.rows_added for r in reports))
"""
CONFLICTS = """
import sys, time
from zonemetrics.ledger.queries import conflicts
from zonemetrics.store.connection import open_store
store = open_store(sys.argv[1])
store.raw.execute("SET enable_progress_bar = false")
started = time.perf_counter()
found = conflicts(store)
print(len(found), time.perf_counter() - started)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources, observations = write_inputs(folder, rows)
        size_mb = observations.stat().st_size / 2**20
        print(f"{rows:,} observation rows, {size_mb:.0f} MB of CSV")

        base_s, base_mb, _ = run(BASELINE, str(folder / "baseline.duckdb"), str(observations))
        print(f"baseline  duckdb read_csv: {rows / base_s:>10,.0f} rows/s  peak {base_mb:6.0f} MB")

        store = str(folder / "ledger.duckdb")
        run(BUNDLE, store)
        run(INGEST, store, str(sources))
        ingest_s, ingest_mb, added = run(INGEST, store, str(observations))
        rate = rows / ingest_s
        print(
            f"zonemetrics ingest      : {rate:>10,.0f} rows/s  peak {ingest_mb:6.0f} MB  "
            f"({added} added; {rate / (rows / base_s):.2f} x the baseline's rate, "
            f"{ingest_mb / base_mb:.1f} x its memory)"
        )
        one = folder / "one_row.csv"
        one.write_text(
            "zone,indicator,period,value,unit,source,caliber\n"
            "xiangjiang,gdp,2023,4510.2,亿元,bench-0,bench_single\n",
            encoding="utf-8",
        )
        one_s, one_mb, _ = run(INGEST, store, str(one))
        print(f"one-row ingest into it  : {one_s:6.2f} s  peak {one_mb:6.0f} MB")
        _s, conflicts_mb, out = run(CONFLICTS, store)
        groups, seconds = out.splitlines()[-1].split()
        print(f"conflicts on the store  : {float(seconds):6.2f} s  peak {conflicts_mb:6.0f} MB "
              f"({groups} figures in conflict)")
        print(
            "targets: >= 100,000 rows/s and < 1024 MB at 1M rows; one row < 200 MB; "
            "conflicts < 10 s"
        )


if __name__ == "__main__":
    main()
