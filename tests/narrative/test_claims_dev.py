"""Extraction quality on the labelled development set in ../shared/data/claims-dev,
scored by the set's own scorer (the benchmark prints the full report)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from zonemetrics.store.connection import Store

ROOT = Path(__file__).resolve().parents[2]
SET = ROOT.parent / "shared" / "data" / "claims-dev"


def test_precision_and_recall_over_point_nine(bundle_store: Store, tmp_path: Path):
    if not (SET / "tools" / "score.py").is_file():
        pytest.skip(f"{SET} is absent: the labelled set only exists in ../shared")
    spec = importlib.util.spec_from_file_location(
        "bench", ROOT / "benchmarks" / "claims_extraction.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    from zonemetrics.narrative.extract import Extractor
    from zonemetrics.narrative.gazetteer import Gazetteer

    extractor = Extractor(Gazetteer.from_store(bundle_store, bench.extra_places(SET)))
    rows, _ = bench.predictions(extractor, SET)
    scored = bench.score(SET, rows, tmp_path / "predictions.jsonl")
    core = scored["strict"]["tier=core"]
    overall = scored["lenient"]["all"]
    assert core["precision"] > 0.9 and core["recall"] > 0.9
    assert overall["precision"] > 0.9 and overall["recall"] > 0.9
