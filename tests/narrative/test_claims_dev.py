"""Extraction quality on the labelled development set in ../shared/data/claims-dev,
through the checker users run, scored by the set's own scorer (the benchmark prints
the full report, and the held-out set's aggregates)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from zonemetrics.narrative.check import Checker

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location(
        "bench", ROOT / "benchmarks" / "claims_extraction.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_development_set_keeps_its_precision_and_recall(checker: Checker, tmp_path: Path):
    bench = _bench()
    if not (bench.DEV / "tools" / "score.py").is_file():
        pytest.skip(f"{bench.DEV} is absent: the labelled set only exists in ../shared")
    rows, _ = bench.predictions(checker, bench.DEV)
    scored = bench.score(bench.DEV, rows, tmp_path / "predictions.jsonl")
    overall = scored["lenient"]["all"]
    core = scored["lenient"]["tier=core"]
    assert overall["precision"] >= 0.87 and overall["recall"] >= 0.87
    assert core["precision"] >= 0.9 and core["recall"] >= 0.9
