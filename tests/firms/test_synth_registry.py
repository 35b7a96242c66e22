"""The synthetic registry loads through the real loaders and feeds the bottom-up counts."""

from __future__ import annotations

from zonemetrics.firms.bottom_up import certified_counts
from zonemetrics.firms.registry import load_firm_table
from zonemetrics.firms.synth_registry import write_synthetic_registry
from zonemetrics.firms.uscc import is_valid_credit_code
from zonemetrics.ingest.load import ingest_paths


def test_a_synthetic_registry_loads_and_is_labelled(bundle_copy, tmp_path):
    files = write_synthetic_registry(tmp_path / "reg", firms=300, seed=3)
    _reports, errors = ingest_paths(bundle_copy, [files.folder / "sources.csv"])
    assert not errors
    assert load_firm_table(bundle_copy, files.folder / "firms.csv", "firms") == 300
    assert load_firm_table(bundle_copy, files.folder / "firm_facts.csv", "firm_facts") == 900
    load_firm_table(bundle_copy, files.folder / "certifications.csv", "certifications")
    rows = bundle_copy.sql("SELECT uscc, name_zh, name_en, county_id FROM firms")
    assert all(is_valid_credit_code(code) for code, *_ in rows)
    assert all("虚构" in zh and "not real" in en for _, zh, en, _ in rows)
    assert sum(county is not None for *_, county in rows) > 250  # real counties resolve
    [(title,)] = bundle_copy.sql("SELECT title FROM sources WHERE source_id = ?", [files.source_id])
    assert "SYNTHETIC" in title
    # certified firms exist, and only where a zone could be found for them are they counted
    assert 0 < files.certifications < 300
    counts = certified_counts(bundle_copy).to_pyarrow().to_pylist()
    assert all(r["valid_firms"] >= r["new_firms"] for r in counts)


def test_the_same_seed_writes_the_same_registry(tmp_path):
    a = write_synthetic_registry(tmp_path / "a", firms=50, seed=9)
    b = write_synthetic_registry(tmp_path / "b", firms=50, seed=9)
    for name in ("firms.csv", "firm_facts.csv"):
        assert (a.folder / name).read_bytes() == (b.folder / name).read_bytes()
