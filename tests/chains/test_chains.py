"""Chains and platforms: the bundled, sourced entries, gaps in a chain, platform shares,
and a bad file leaving the store as it was."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zonemetrics.chains.load import load_chains
from zonemetrics.chains.report import chain_report, platform_report
from zonemetrics.errors import IngestError

SEED = "seed-prnewswire-2024-03-21"  # the founding report, a bundled source


def _write(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    folder.mkdir(exist_ok=True)
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_the_bundled_storage_chain_runs_upstream_to_downstream(bundle_store):
    [chain] = [
        c
        for c in chain_report(bundle_store, "xiangjiang")
        if c["chain_id"].endswith("storage_materials")
    ]
    segments = [link["segment"] for link in chain["links"]]
    assert segments == sorted(segments, key=["upstream", "midstream", "downstream"].index)
    assert chain["gaps"] == []
    by_link = {link["link_id"]: link for link in chain["links"]}
    assert "BASF Shanshan Battery Materials" in by_link["cathode_material"]["leaders"]
    sources = {r[0] for r in bundle_store.sql("SELECT source_id FROM chain_firms")}
    held = {r[0] for r in bundle_store.sql("SELECT source_id FROM sources")}
    assert sources <= held


def test_a_link_without_firms_is_a_gap(bundle_copy, tmp_path):
    folder = tmp_path / "mine"
    _write(
        folder,
        "chain_links.csv",
        [
            {
                "chain_id": "xiangjiang_energy_storage_materials",
                "link_id": "electrolyte",
                "segment": "midstream",
                "position": "7",
                "name_zh": "电解液",
                "name_en": "Electrolyte",
                "source": SEED,
            }
        ],
    )
    assert load_chains(bundle_copy, folder) == 1
    [chain] = [
        c
        for c in chain_report(bundle_copy, "xiangjiang")
        if c["chain_id"].endswith("storage_materials")
    ]
    assert chain["gaps"] == ["electrolyte"]
    assert chain["firms_per_link"]["electrolyte"] == 0


def test_a_zones_share_of_its_provinces_platforms_by_level(bundle_store):
    report = platform_report(bundle_store, "xiangjiang")
    assert report["province"] == "hunan"
    levels = {r["level"]: r for r in report["by_level"]}
    held = bundle_store.sql(
        "SELECT count(*) FROM platforms p JOIN zones z USING (zone_id) "
        "WHERE p.level = 'provincial' AND coalesce(z.province, z.zone_id) = 'hunan'"
    )[0][0]
    assert levels["provincial"]["province_count"] == held
    assert levels["provincial"]["share_of_province"] == pytest.approx(
        levels["provincial"]["zone_count"] / held
    )


def test_a_bad_row_names_its_cell_and_writes_nothing(bundle_copy, tmp_path):
    folder = tmp_path / "bad"
    _write(
        folder,
        "platforms.csv",
        [
            {"platform_id": "ok_lab", "zone": "湘江新区", "name_zh": "甲", "name_en": "A",
             "kind": "laboratory", "level": "provincial", "since": "", "source": SEED, "note": ""},
            {"platform_id": "bad_lab", "zone": "nowhere", "name_zh": "乙", "name_en": "B",
             "kind": "laboratory", "level": "county", "since": "", "source": SEED, "note": ""},
        ],
    )  # fmt: skip
    before = bundle_copy.fingerprint()
    with pytest.raises(IngestError) as error:
        load_chains(bundle_copy, folder)
    found = {(p.row, p.column) for p in error.value.problems}
    assert found == {(3, "zone"), (3, "level")}
    assert bundle_copy.fingerprint() == before
