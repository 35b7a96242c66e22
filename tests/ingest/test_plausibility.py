"""Plausibility rules on ingest (data/catalog/plausibility.yaml) and the flags they
leave, on imported outliers and on derived values built from weak inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonemetrics.errors import IngestError
from zonemetrics.indicators.derive import derived_values
from zonemetrics.ingest.load import ingest_file
from zonemetrics.ingest.plausibility import rules
from zonemetrics.ledger.queries import show_zone

HEADER = "zone,indicator,period,value,unit,source"
# a source already in the bundle, so the rows below differ from the bundle only in value
SOURCE = "yaliqi-new-areas-gdp-2024"


def csv_file(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_every_rule_states_its_reason_and_check():
    assert {r.check for r in rules()} == {"part_of_whole", "at_most", "year_on_year", "magnitude"}
    assert all(len(r.reason) > 40 for r in rules())


def test_tianfu_gdp_in_wan_yi_yuan_is_refused_with_the_reason(bundle_copy, tmp_path):
    path = csv_file(tmp_path / "tianfu.csv", f"tianfu,gdp,2024,5075,万亿元,{SOURCE}")
    before = bundle_copy.fingerprint()
    with pytest.raises(IngestError) as caught:
        ingest_file(bundle_copy, path)
    assert bundle_copy.fingerprint() == before
    problems = caught.value.problems
    assert {(p.row, p.column) for p in problems} == {(2, "value")}
    reasons = " | ".join(p.reason for p in problems)
    assert "part_above_whole" in reasons
    assert "a part cannot exceed the whole" in reasons
    assert "四川省" in reasons or "sichuan" in reasons
    assert "--accept-outliers" in reasons


def test_with_accept_outliers_it_is_imported_and_flagged_in_show(bundle_copy, tmp_path):
    path = csv_file(tmp_path / "tianfu.csv", f"tianfu,gdp,2024,5075,万亿元,{SOURCE}")
    report = ingest_file(bundle_copy, path, accept_outliers=True)
    assert report.rows_added == 1
    shown = show_zone(bundle_copy, "tianfu", year=2024)
    gdp = [r for r in shown["indicators"] if r["indicator"] == "gdp" and r["measure"] == "value"]
    values = [*gdp, *(b for r in gdp for b in r["beside"])]
    flagged = [v for v in values if v["flags"]]
    assert [v["original_text"] for v in flagged] == ["5075万亿元"]
    assert "part_above_whole" in {f["rule"] for f in flagged[0]["flags"]}
    unflagged = [v for v in values if v["original_text"] != "5075万亿元"]
    assert unflagged and all(v["flags"] == [] for v in unflagged)


def test_a_share_above_100_percent_is_refused(bundle_copy, tmp_path):
    path = csv_file(
        tmp_path / "share.csv", f"xiangjiang,share_of_province_gdp,2023,150,%,{SOURCE}"
    )
    with pytest.raises(IngestError, match="share_above_whole"):
        ingest_file(bundle_copy, path)


def test_a_jump_in_one_sources_own_series_is_refused(bundle_copy, tmp_path):
    path = csv_file(
        tmp_path / "jump.csv",
        f"liangjiang,gdp,2030,5000,亿元,{SOURCE}",
        f"liangjiang,gdp,2031,8000,亿元,{SOURCE}",
    )
    with pytest.raises(IngestError) as caught:
        ingest_file(bundle_copy, path)
    found = [p for p in caught.value.problems if "year_on_year_band" in p.reason]
    assert {p.row for p in found} == {2, 3}
    assert "+60.0%" in found[0].reason


def test_an_ordinary_figure_passes_every_rule(bundle_copy, tmp_path):
    path = csv_file(tmp_path / "fine.csv", f"tianfu,gdp,2024,5075,亿元,{SOURCE}")
    assert ingest_file(bundle_copy, path).rows_added == 1


def test_xiangjiang_2021_nominal_growth_carries_its_flags(bundle_store):
    [growth] = derived_values(bundle_store, "gdp_growth_nominal", "xiangjiang", 2021)
    assert round(growth["value"], 1) == 46.3
    flags = {f["flag"]: f["reason"] for f in growth["flags"]}
    assert "low_tier_input" in flags and "blog" in flags["low_tier_input"]
    assert "beyond_band" in flags and "+46.3%" in flags["beyond_band"]


def test_a_growth_from_solid_inputs_carries_no_flag(bundle_store):
    rows = derived_values(bundle_store, "gdp_growth_nominal")
    assert any(r["flags"] == [] for r in rows)


def test_a_flagged_outlier_is_shown_in_the_ranking(bundle_copy, tmp_path):
    from zonemetrics.indicators.rank import rank

    path = csv_file(tmp_path / "tianfu.csv", f"tianfu,gdp,2024,5075,万亿元,{SOURCE}")
    ingest_file(bundle_copy, path, accept_outliers=True)
    rows = {r["zone"]: r for r in rank(bundle_copy, "gdp", 2024).rows}
    assert rows["tianfu"]["rank"] == 1
    assert {f["rule"] for f in rows["tianfu"]["flags"]} >= {"part_above_whole"}
    assert all(r["flags"] == [] for zone, r in rows.items() if zone != "tianfu")
