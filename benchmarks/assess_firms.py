"""Assessing firms against the HNTE rules: vectorised on DuckDB, measured in one run.

Builds N SYNTHETIC firm-years (default 1,000,000) of HNTE evidence from the synthetic firm
registry (`zonemetrics.firms.synth`: skewed sizes, sector R&D habits) plus seeded draws for
the columns the registry lacks (staff shares, high-tech revenue, scores), writes them to
Parquet, and times:

  * check: DuckDB reading the file with every cell checked and typed (`firms.evidence`);
  * assess: the typed columns handed from DuckDB to Arrow and the whole rule evaluated
    over them column by column (`firms.assess.assess_table`: every criterion's value,
    threshold, margin and pass, the verdicts, the cultivation shortfall) and counted;
  * baseline: the same rule as a Python loop over one firm at a time (on a sample),
    whose verdicts are checked equal to the vectorised ones.

Target: more than 1,000,000 firm-years per second assessed.

    python benchmarks/assess_firms.py                 # 1,000,000 firm-years
    python benchmarks/assess_firms.py --rows 200000   # a quick run
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute
import pyarrow.parquet as pq

from zonemetrics.firms.assess import assess_table, cultivation_rows, verdict_counts
from zonemetrics.firms.evidence import load_evidence
from zonemetrics.firms.rules import rule_for
from zonemetrics.firms.synth import synthetic_firms
from zonemetrics.firms.uscc import check_character, organisation_check

TARGET_RATE = 1_000_000
BASELINE_SAMPLE = 100_000
YEARS_PER_FIRM = 10  # a panel of firms with ten years of evidence each


def _codes(count: int, rng: np.random.Generator) -> list[str]:
    """Valid (made-up) credit codes built by the standard's check rules."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    codes = []
    for draw in rng.integers(0, len(alphabet), (count, 8)):
        body = "".join(alphabet[i] for i in draw)
        first = "91430100" + body + organisation_check(body)
        codes.append(first + check_character(first))
    return codes


def evidence_table(rows: int, seed: int = 0) -> pa.Table:
    """SYNTHETIC HNTE evidence, one row per firm-year."""
    firms = synthetic_firms(rows, seed)
    rng = np.random.default_rng([seed, 7])
    revenue = np.asarray(firms["revenue"].to_numpy(zero_copy_only=False), dtype="float64")
    rd = firms["rd_expense"].to_numpy(zero_copy_only=False)
    rd = np.where(np.isnan(rd.astype("float64")), 0.0, rd.astype("float64"))
    employees = np.maximum(firms["employees"].to_numpy(zero_copy_only=False), 1).astype("float64")
    years_factor = rng.uniform(2.2, 3.1, rows)
    founded_days = rng.integers(200, 9000, rows)
    applied = np.datetime64("2023-06-30")
    codes = _codes(max(1, rows // YEARS_PER_FIRM), rng)
    return pa.table(
        {
            "uscc": pa.array(codes).take(np.arange(rows) % len(codes)),
            "year": firms["year"],
            "founded": pa.array(applied - founded_days.astype("timedelta64[D]")),
            "applied": pa.array(np.full(rows, applied)),
            "revenue": revenue,
            "revenue_3y": revenue * years_factor,
            "rd_expense_3y": rd * years_factor,
            "rd_domestic_3y": rd * years_factor * rng.uniform(0.4, 1.0, rows),
            "high_tech_revenue": revenue * rng.beta(4, 2, rows),
            "total_income": revenue * rng.uniform(1.0, 1.1, rows),
            "st_staff": np.floor(employees * rng.beta(2, 12, rows)),
            "employees": employees,
            "owns_core_ip": rng.random(rows) < 0.7,
            "in_key_field": rng.random(rows) < 0.6,
            "innovation_score": np.round(rng.normal(72, 10, rows)).clip(0, 100),
            "major_incident": rng.random(rows) < 0.01,
            "synthetic": np.full(rows, True),
        }
    )


def python_loop_verdicts(records: list[dict]) -> list[str]:
    """The HNTE rule of 2016 written as a loop over firms: the baseline."""
    verdicts = []
    for r in records:
        founded, applied = r["founded"], r["applied"]
        months = (applied.year - founded.year) * 12 + applied.month - founded.month
        months -= 1 if applied.day < founded.day else 0
        band = 0.05 if r["revenue"] <= 50e6 else 0.04 if r["revenue"] <= 200e6 else 0.03
        checks = [
            months / 12 >= 1,
            bool(r["owns_core_ip"]),
            bool(r["in_key_field"]),
            r["employees"] > 0 and r["st_staff"] / r["employees"] >= 0.10,
            r["revenue_3y"] > 0 and r["rd_expense_3y"] / r["revenue_3y"] >= band,
            None if r["rd_expense_3y"] <= 0 else r["rd_domestic_3y"] / r["rd_expense_3y"] >= 0.6,
            r["total_income"] > 0 and r["high_tech_revenue"] / r["total_income"] >= 0.6,
            r["innovation_score"] > 70,
            not r["major_incident"],
        ]
        if any(c is False for c in checks):
            verdicts.append("not_qualified")
        elif any(c is None for c in checks):
            verdicts.append("incomplete")
        else:
            verdicts.append("qualified")
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="Best of this many runs.")
    args = parser.parse_args()
    rule = rule_for("hnte")
    table = evidence_table(args.rows, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hnte_evidence_SYNTHETIC.parquet"
        pq.write_table(table, path)
        con = ibis.duckdb.connect()
        con.raw_sql("SET enable_progress_bar = false")
        with Timed() as check:
            typed = load_evidence(con, path, rule)
        best: dict[str, Timed] = {}
        for _ in range(args.repeat):
            with Timed() as handing:
                columns = typed.to_pyarrow()
            with Timed() as judging:
                assessed = assess_table(columns, rule)
                counts = verdict_counts(assessed)
                nearest = cultivation_rows(assessed, 10)
            for name, timed in (("hand", handing), ("judge", judging)):
                if name not in best or timed.wall < best[name].wall:
                    best[name] = timed
        ordered = assessed.take(pa.compute.sort_indices(assessed["_row"]))
        sample = typed.order_by("_row").limit(BASELINE_SAMPLE).to_pyarrow().to_pylist()
        vectorised = ordered["verdict"].slice(0, BASELINE_SAMPLE).to_pylist()
        for _ in range(args.repeat):
            with Timed() as looping:
                loop = python_loop_verdicts(sample)
            if "loop" not in best or looping.wall < best["loop"].wall:
                best["loop"] = looping
        con.disconnect()
    if vectorised != loop:
        mismatch = sum(a != b for a, b in zip(vectorised, loop, strict=True))
        raise SystemExit(f"the loop and the vectorised rule disagree on {mismatch} firms")
    n = args.rows
    assess_wall = best["hand"].wall + best["judge"].wall
    assess_cpu = best["hand"].cpu + best["judge"].cpu
    rate = n / assess_wall
    loop_rate = len(sample) / best["loop"].wall
    print(
        f"{n:,} SYNTHETIC firm-years, HNTE rule of {rule.from_year}, DuckDB "
        f"{duckdb_version()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
        f"best of {args.repeat} (wall s; cpu s = all this process's threads)"
    )
    print(
        f"  check every cell     {check.wall:7.3f} s  cpu {check.cpu:7.3f} s  "
        f"{n / check.wall:>12,.0f}/s"
    )
    print("  assess: DuckDB -> Arrow, then every criterion's value, threshold, margin, pass,")
    print("          the verdicts, their counts and the cultivation list")
    print(
        f"                       {assess_wall:7.3f} s  cpu {assess_cpu:7.3f} s  "
        f"{rate:>12,.0f}/s  {counts}"
    )
    print(
        f"    DuckDB -> Arrow    {best['hand'].wall:7.3f} s; the rule over the columns "
        f"{best['judge'].wall:.3f} s ({n / best['judge'].wall:,.0f}/s); "
        f"{len(nearest)} nearest misses ranked"
    )
    print(
        f"  check + assess       {check.wall + assess_wall:7.3f} s  "
        f"{n / (check.wall + assess_wall):>12,.0f}/s"
    )
    print(f"  baseline: Python loop, one firm at a time ({len(sample):,} rows, same verdicts)")
    print(
        f"                       {best['loop'].wall:7.3f} s  cpu {best['loop'].cpu:7.3f} s  "
        f"{loop_rate:>12,.0f}/s"
    )
    print(
        f"  ratio assess / loop: {rate / loop_rate:,.1f}x wall, "
        f"{(n / assess_cpu) / (len(sample) / best['loop'].cpu):,.1f}x per cpu second"
    )
    print(
        f"  target > {TARGET_RATE:,} firm-years/s assessed: "
        f"{'met' if rate > TARGET_RATE else 'NOT met'} (wall)"
    )


class Timed:
    """Wall-clock and CPU seconds of a block: on a shared machine the CPU time shows
    the work done, the wall time what waiting for the cores added."""

    def __enter__(self) -> Timed:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def duckdb_version() -> str:
    import duckdb

    return duckdb.__version__


if __name__ == "__main__":
    main()
