"""Kill harness (issue 15, item 8): ingest, candidate review and export are killed with
SIGKILL at random points, over a hundred times; after every kill `doctor` finds the
store whole, every write is all there or not there at all, and no export lies
half-written under its real name.

The writers are real processes on a real DuckDB file. To spend the time budget on the
writes rather than on interpreter start-up, a helper process imports zonemetrics once
and forks one child per attempt (it never opens the store itself, so each child starts
clean); this test kills the child after a random delay drawn over the operation's
measured uncut duration, so kills land anywhere from opening the store to the commit.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from zonemetrics.store.connection import open_store
from zonemetrics.store.doctor import examine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ledger"
KILLS_PER_OPERATION = 34  # three operations: 102 kills in all
TIME_LIMIT_S = 3600  # a guard against a hang, not a speed target (a few minutes when quiet)

FORKING_HELPER = r"""
import json, os, sys, traceback
from pathlib import Path

from zonemetrics.ingest.candidates import Candidate, accept, add_candidates
from zonemetrics.ingest.load import ingest_paths
from zonemetrics.publish.export import export
from zonemetrics.store.connection import open_store


def run(op, args):
    if op == "ingest":
        store = open_store(args["store"], create=False)
        _, errors = ingest_paths(store, [Path(p) for p in args["files"]])
        assert not errors, errors
    elif op == "add_candidates":
        store = open_store(args["store"], create=False)
        ingest_paths(store, [Path(args["sources"])])
        add_candidates(store, args["source"], [Candidate(*c) for c in args["candidates"]])
    elif op == "accept":
        store = open_store(args["store"], create=False)
        accept(store, None, args["source"])
    elif op == "export":
        store = open_store(args["store"], create=False, read_only=True)
        export(store, args["format"], Path(args["out"]))
    store.close()


for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            run(request["op"], request["args"])
            code = 0
        except BaseException:
            traceback.print_exc()
            code = 1
        os._exit(code)
    print(json.dumps({"pid": pid}), flush=True)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"status": status}), flush=True)
"""


class ForkingHelper:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORKING_HELPER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip

    def run(self, op: str, kill_after: float | None = None, **args) -> bool:
        """Run one operation in a fresh child; kill it after `kill_after` seconds if it
        is still running. Returns True when the child was killed before finishing."""
        self.process.stdin.write(json.dumps({"op": op, "args": args}) + "\n")
        self.process.stdin.flush()
        pid = json.loads(self.process.stdout.readline())["pid"]
        if kill_after is not None:
            time.sleep(kill_after)
            with contextlib.suppress(ProcessLookupError):  # it finished first
                os.kill(pid, signal.SIGKILL)
        status = json.loads(self.process.stdout.readline())["status"]
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        assert killed or os.WEXITSTATUS(status) == 0, f"{op} failed without being killed"
        return killed

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def fixture_rows() -> list[dict[str, str]]:
    """The fixture's values, one per indicator and period (a source states a figure
    once; the fixture holds two sources' conflicting 2015 GDP)."""
    with (FIXTURES / "observations.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["measure"] in ("", "value")]
    return list({(row["indicator"], row["period"]): row for row in reversed(rows)}.values())


def write_sources(path: Path, source_ids: list[str]) -> None:
    """Sources made for the harness, labelled as test data."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source_id", "title", "producer", "url", "published", "tier", "note"])
        for source_id in source_ids:
            writer.writerow(
                [source_id, "kill harness test source", "zonemetrics tests", "", "2024-01-01",
                 "blog", "test data: the fixture's figures repeated under a test source"]
            )  # fmt: skip


def write_observations(path: Path, source_ids: list[str]) -> int:
    """The fixture's real figures, restated under each test source (same values, so
    every plausibility rule that passed the fixture passes these)."""
    rows = fixture_rows()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["zone", "indicator", "period", "value", "unit", "source", "caliber"])
        for source_id in source_ids:
            for row in rows:
                writer.writerow(
                    [row["zone"], row["indicator"], row["period"], row["value"], row["unit"],
                     source_id, row["caliber"]]
                )  # fmt: skip
    return len(rows) * len(source_ids)


def assert_whole(store_path: Path) -> None:
    store = open_store(store_path, create=False, read_only=True)
    try:
        report = examine(store)
    finally:
        store.close()
    assert report.healthy, report.problems


def observations_from(store_path: Path, prefix: str) -> dict[str, int]:
    store = open_store(store_path, create=False, read_only=True)
    try:
        return dict(
            store.sql(
                "SELECT source_id, count(*) FROM observations WHERE source_id LIKE ? "
                "GROUP BY source_id",
                [prefix + "%"],
            )
        )
    finally:
        store.close()


def assert_complete_or_absent(folder: Path, reference: Path) -> None:
    """Every file under an exported name is a whole export; temporary parts aside."""
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        twin = reference / path.relative_to(folder)
        if not twin.exists():
            continue  # a temporary part of the killed writer, not under a real name
        if path.suffix == ".xlsx":
            sheets = load_workbook(path, read_only=True).sheetnames
            assert sheets == load_workbook(twin, read_only=True).sheetnames, path
        elif path.suffix == ".parquet":
            assert pq.read_table(path).equals(pq.read_table(twin)), path
        else:
            assert path.read_bytes() == twin.read_bytes(), path


@pytest.fixture
def store_path(tiny_store) -> Path:
    path = tiny_store.path
    tiny_store.close()
    return path


def test_writes_killed_at_random_points_leave_the_store_whole(store_path, tmp_path):
    randomness = random.Random(20240515)
    helper = ForkingHelper()
    started = time.monotonic()
    kills = {"ingest": 0, "accept": 0, "export": 0}
    try:
        # exports first, while the store does not change: each killed export is compared
        # with an uncut one
        formats = ("csv", "xlsx", "parquet")
        reference = tmp_path / "reference"
        uncut: dict[str, float] = {}
        for fmt in formats:
            began = time.monotonic()
            out = reference / fmt / ("out.xlsx" if fmt == "xlsx" else "out")
            helper.run("export", store=str(store_path), format=fmt, out=str(out))
            uncut[fmt] = time.monotonic() - began
        attempt = 0
        while kills["export"] < KILLS_PER_OPERATION:
            assert time.monotonic() - started < TIME_LIMIT_S, kills
            fmt = formats[attempt % len(formats)]
            folder = tmp_path / f"export_{attempt}"
            out = folder / fmt / ("out.xlsx" if fmt == "xlsx" else "out")
            delay = randomness.uniform(0, uncut[fmt])
            kills["export"] += helper.run(
                "export", kill_after=delay, store=str(store_path), format=fmt, out=str(out)
            )
            assert_complete_or_absent(folder, reference)
            attempt += 1

        # ingest: each attempt a new pair of files (sources, then observations citing them)
        began = time.monotonic()
        expected = ingest_attempt(helper, store_path, tmp_path, "uncut", None)
        uncut_ingest = time.monotonic() - began
        attempt = 0
        while kills["ingest"] < KILLS_PER_OPERATION:
            assert time.monotonic() - started < TIME_LIMIT_S, kills
            delay = randomness.uniform(0, uncut_ingest)
            killed = ingest_attempt(helper, store_path, tmp_path, f"k{attempt}", delay)
            kills["ingest"] += killed is None
            assert_whole(store_path)
            attempt += 1
        held = observations_from(store_path, "kill-")
        assert set(held.values()) == {expected // 20} == {len(fixture_rows())}, (
            "an ingest was imported in part"
        )

        # candidate review: pending candidates of a new source, accepted all at once
        uncut_accept = candidates_attempt(helper, store_path, tmp_path, "uncut", None)
        attempt = 0
        while kills["accept"] < KILLS_PER_OPERATION:
            assert time.monotonic() - started < TIME_LIMIT_S, kills
            delay = randomness.uniform(0, uncut_accept)
            accepted_in = candidates_attempt(helper, store_path, tmp_path, f"k{attempt}", delay)
            kills["accept"] += accepted_in is None
            assert_whole(store_path)
            attempt += 1
        reviewed = observations_from(store_path, "cand-")
        assert set(reviewed.values()) <= {len(fixture_rows())}, "a review was recorded in part"
    finally:
        helper.close()
    assert sum(kills.values()) >= 100
    assert_whole(store_path)


def ingest_attempt(
    helper: ForkingHelper, store_path: Path, tmp_path: Path, tag: str, delay: float | None
) -> int | None:
    """One ingest of 20 new sources' figures; the rows written, or None when killed."""
    source_ids = [f"kill-{tag}-{n}" for n in range(20)]
    sources, observations = tmp_path / f"{tag}_sources.csv", tmp_path / f"{tag}_obs.csv"
    write_sources(sources, source_ids)
    rows = write_observations(observations, source_ids)
    killed = helper.run(
        "ingest", kill_after=delay, store=str(store_path), files=[str(sources), str(observations)]
    )
    return None if killed else rows


def candidates_attempt(
    helper: ForkingHelper, store_path: Path, tmp_path: Path, tag: str, delay: float | None
) -> float | None:
    """Record the fixture's figures as candidates from a new source (uncut), then accept
    them all (killed after `delay`). The acceptance's duration, or None when killed."""
    source = f"cand-{tag}"
    sources = tmp_path / f"{source}_sources.csv"
    write_sources(sources, [source])
    candidates = [
        [f"{row['zone']} {row['indicator']} {row['period']}: {row['value']}{row['unit']}",
         row["zone"], row["indicator"], row["period"], row["value"], row["unit"]]
        for row in fixture_rows()
    ]  # fmt: skip
    helper.run(
        "add_candidates", store=str(store_path), sources=str(sources), source=source,
        candidates=candidates,
    )  # fmt: skip
    began = time.monotonic()
    killed = helper.run("accept", kill_after=delay, store=str(store_path), source=source)
    return None if killed else time.monotonic() - began
