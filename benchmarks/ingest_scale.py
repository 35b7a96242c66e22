"""Ingest at scale: rows per second and peak memory, against DuckDB's own CSV reader.

Targets (issue 15): 1M observation rows at >= 100k rows/s with peak memory < 1 GB; a
one-row ingest into that store < 200 MB; `conflicts` on 1M observations < 10 s.

Each step runs in its own process, so its peak resident memory (ru_maxrss from
os.wait4) is its own. Two baselines are measured in the same run on the same machine:
DuckDB's read_csv of the same file into a table (a bare load: the ratio says how far
the ledger's validating ingest is from it), and a bare GROUP BY of the store's
observations by figure and source (the least any conflict listing must do). On a
shared machine the wall-clock rates move with the load, so the rates are also given
per CPU second of the child (user + system time), and the load average is printed.

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
from dataclasses import dataclass
from pathlib import Path

ZONES = [
    "pudong", "binhai", "liangjiang", "zhoushan", "lanzhou", "nansha", "xixian", "guian",
    "westcoast", "jinpu", "tianfu", "xiangjiang", "jiangbei", "fuzhou", "dianzhong",
    "harbin", "changchun", "ganjiang", "xiongan",
]  # fmt: skip
YEARS = range(1950, 2101)


#: sources that report each figure: a real figure has a few, not hundreds
SOURCES_PER_FIGURE = 3
#: one value in this many is misreported by a fifth, so `conflicts` has work to do
MISREPORTED_EVERY = 200


def write_inputs(folder: Path, rows: int) -> tuple[Path, Path]:
    """Sources and observations: each figure (zone, year, caliber) is reported by a few
    sources that agree, except one value in MISREPORTED_EVERY; each source's series is
    smooth, so every row passes validation and the plausibility rules (a fair test of
    the path a real bulletin takes)."""
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
            caliber = f"bench_{s // SOURCES_PER_FIGURE}"
            for z, zone in enumerate(ZONES):
                series = random.Random(z * 100_003 + s // SOURCES_PER_FIGURE)
                level = 800 + series.random() * 400
                for year in YEARS:
                    if written == rows:
                        return sources, observations
                    level *= 1 + series.uniform(-0.02, 0.04)
                    value = level * (1.2 if rng.randrange(MISREPORTED_EVERY) == 0 else 1)
                    out.write(f"{zone},gdp,{year},{value:.1f},亿元,bench-{s},{caliber}\n")
                    written += 1
    return sources, observations


@dataclass
class Step:
    seconds: float  # wall clock of the whole child, start-up included
    cpu: float  # user + system seconds of the child
    peak_mb: float
    out: str

    @property
    def timed(self) -> float:
        """The seconds the child measured around its own work (its last line)."""
        return float(self.out.splitlines()[-1].split()[-1])


def run(code: str, *args: str) -> Step:
    """Wall seconds, CPU seconds, peak resident MB and stdout of `python -c code args`."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    out = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"step failed ({status}): {code[:60]}...")
    return Step(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.strip())


BASELINE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
started = time.perf_counter()
con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?, all_varchar=true)", [sys.argv[2]])
print(time.perf_counter() - started)
"""
GROUP_BASELINE = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("SET enable_progress_bar = false")
started = time.perf_counter()
con.execute(
    "SELECT count(*) FROM (SELECT zone_id, indicator, measure, peer_set, period, caliber, "
    "source_id, max(obs_id) FROM observations GROUP BY ALL)"
).fetchall()
print(time.perf_counter() - started)
"""
BUNDLE = """
import sys
from zonemetrics.bundle import load_bundle
from zonemetrics.store.connection import open_store
load_bundle(open_store(sys.argv[1]))
"""
INGEST = """
import sys, time
from zonemetrics.ingest.load import ingest_paths
from zonemetrics.store.connection import open_store
store = open_store(sys.argv[1])
started = time.perf_counter()
reports, errors = ingest_paths(store, sys.argv[2:])
assert not errors, errors[0]
print(sum(r.rows_added for r in reports), time.perf_counter() - started)
"""
CONFLICTS = """
import sys, time
from zonemetrics.ledger.queries import conflicts
from zonemetrics.store.connection import open_store
store = open_store(sys.argv[1], read_only=True)
store.raw.execute("SET enable_progress_bar = false")
started = time.perf_counter()
found = conflicts(store)
print(len(found), time.perf_counter() - started)
"""


def _load() -> str:
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    rows = parser.parse_args().rows
    print(f"{os.cpu_count()} cores, {_load()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sources, observations = write_inputs(folder, rows)
        size_mb = observations.stat().st_size / 2**20
        print(f"{rows:,} observation rows, {size_mb:.0f} MB of CSV")

        base = run(BASELINE, str(folder / "baseline.duckdb"), str(observations))
        base_rate = rows / base.timed
        print(
            f"baseline  duckdb read_csv: {base_rate:>10,.0f} rows/s  peak {base.peak_mb:6.0f} MB"
            f"  ({rows / base.cpu:,.0f} rows per CPU second, {base.seconds:.1f} s with start-up)"
        )

        store = str(folder / "ledger.duckdb")
        run(BUNDLE, store)
        run(INGEST, store, str(sources))
        ingest = run(INGEST, store, str(observations))
        added = ingest.out.splitlines()[-1].split()[0]
        rate = rows / ingest.timed
        print(
            f"zonemetrics ingest      : {rate:>10,.0f} rows/s  peak {ingest.peak_mb:6.0f} MB  "
            f"({rows / ingest.cpu:,.0f} rows per CPU second, {ingest.seconds:.1f} s with "
            f"start-up; {added} added)"
        )
        print(
            f"  against the baseline  : {rate / base_rate:.2f} x its rate, "
            f"{(rows / ingest.cpu) / (rows / base.cpu):.2f} x its rate per CPU second, "
            f"{ingest.peak_mb / base.peak_mb:.1f} x its memory"
        )
        one = folder / "one_row.csv"
        one.write_text(
            "zone,indicator,period,value,unit,source,caliber\n"
            "xiangjiang,gdp,2023,4510.2,亿元,bench-0,bench_single\n",
            encoding="utf-8",
        )
        single = run(INGEST, store, str(one))
        print(
            f"one-row ingest into it  : {single.timed:6.2f} s  peak {single.peak_mb:6.0f} MB  "
            f"({single.seconds:.1f} s with start-up)"
        )
        group = run(GROUP_BASELINE, store)
        listed = run(CONFLICTS, store)
        groups = listed.out.splitlines()[-1].split()[0]
        print(
            f"conflicts on the store  : {listed.timed:6.2f} s  peak {listed.peak_mb:6.0f} MB "
            f"({groups} figures in conflict; {listed.cpu:.1f} CPU s)"
        )
        print(
            f"  baseline GROUP BY     : {group.timed:6.2f} s  peak {group.peak_mb:6.0f} MB "
            f"(conflicts takes {listed.timed / group.timed:.1f} x its time)"
        )
        print(
            "targets: >= 100,000 rows/s and < 1024 MB at 1M rows; one row < 200 MB; "
            "conflicts < 10 s"
        )
    print(_load())


if __name__ == "__main__":
    main()
