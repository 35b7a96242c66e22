"""The bundled dataset: imported through the ingest path, every value sourced."""

from __future__ import annotations

from zonemetrics.bundle import (
    BUNDLE_CACHE_ENV,
    build_fresh_store,
    bundle_files,
    create_from_bundle,
    load_bundle,
    update_bundle,
)
from zonemetrics.ingest.load import ingest_file
from zonemetrics.ledger import queries
from zonemetrics.store.connection import open_store


def test_every_observation_in_the_bundle_has_a_source_with_a_tier(bundle_store):
    orphans = bundle_store.sql(
        "SELECT count(*) FROM observations o LEFT JOIN sources s USING (source_id) "
        "WHERE s.source_id IS NULL OR s.tier IS NULL"
    )
    assert orphans == [(0,)]
    assert bundle_store.sql("SELECT count(*) FROM observations")[0][0] > 500


def test_the_bundle_holds_the_nineteen_new_areas(bundle_store):
    new_areas = queries.zones(bundle_store, "new_area")
    assert len(new_areas) == 19
    assert {"pudong", "binhai", "xiangjiang", "xiongan"} <= {z["zone_id"] for z in new_areas}


def test_loading_the_bundle_twice_adds_nothing(bundle_store):
    before = bundle_store.fingerprint()
    assert sum(report.rows_added for report in load_bundle(bundle_store)) == 0
    assert bundle_store.fingerprint() == before


def test_xiangjiang_gdp_years_with_sources_and_the_2015_conflict_side_by_side(bundle_store):
    shown = queries.show_zone(bundle_store, "xiangjiang")
    gdp = [r for r in shown["indicators"] if r["indicator"] == "gdp" and r["measure"] == "value"]
    years = {r["period"] for r in gdp if r["period_kind"] == "year"}
    assert {"2015", "2016", "2017", "2020", "2021", "2022", "2023"} <= years
    assert all(r["source_id"] for r in gdp)
    [gdp_2015] = [r for r in gdp if r["period"] == "2015"]
    assert gdp_2015["conflicts"] == 1
    side_by_side = {gdp_2015["original_text"]: "preferred"} | {
        b["original_text"]: b["judgement"] for b in gdp_2015["beside"]
    }
    assert side_by_side["1063亿元"] == "conflicting"
    assert side_by_side["1602.5亿元"] in ("preferred", "agreeing")
    assert all(b["source_id"] for b in gdp_2015["beside"])


def test_bounds_stay_bounds(bundle_store):
    rows = bundle_store.sql(
        "SELECT qualifier, value, original_text FROM observations "
        "WHERE zone_id = 'xiangjiang' AND indicator = 'rd_intensity' AND period = '2023' "
        "AND measure = 'value'"
    )
    assert rows == [("lower_bound", 5.0, ">5%")]


def test_the_bundle_files_are_plain_csv_in_the_package():
    names = {path.name for path in bundle_files()}
    assert {"sources.csv", "zones.csv", "indicators.csv", "obs_seed_report.csv"} <= names


def test_an_unreadable_demo_file_is_set_aside_never_deleted(tmp_path):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"not a duckdb file, perhaps one of another version")
    store, aside = build_fresh_store(path)
    store.close()
    assert aside.read_bytes().startswith(b"not a duckdb file")
    assert aside.parent == tmp_path


def test_update_bundle_adds_nothing_to_a_current_store_and_keeps_a_users_rows(
    bundle_copy, tmp_path
):
    mine = tmp_path / "mine.csv"
    mine.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2019,2000,亿元,rednet-en-2017-09-25\n",
        encoding="utf-8",
    )
    ingest_file(bundle_copy, mine)
    before = bundle_copy.fingerprint()
    assert sum(report.rows_added for report in update_bundle(bundle_copy)) == 0
    assert bundle_copy.fingerprint() == before


def test_a_bundle_row_that_changed_becomes_a_new_vintage_beside_the_old(bundle_copy, tmp_path):
    """A newer bundle stating a figure differently (same source) adds a vintage; the
    earlier one stays as history and the newer one is current."""
    [(zone, indicator, period, value, source)] = bundle_copy.sql(
        "SELECT zone_id, indicator, period, value, source_id FROM observations "
        "WHERE zone_id = 'xiangjiang' AND indicator = 'gdp' AND period = '2023' "
        "AND measure = 'value' ORDER BY obs_id LIMIT 1"
    )
    changed = tmp_path / "bundle_next" / "obs_changed.csv"
    changed.parent.mkdir()
    revised = value / 1e8 + 1  # a test input: the figure as a newer bundle might state it
    changed.write_text(
        f"zone,indicator,period,value,unit,source\n{zone},{indicator},{period},{revised},亿元,{source}\n",
        encoding="utf-8",
    )
    ingest_file(bundle_copy, changed)
    rows = bundle_copy.sql(
        "SELECT value FROM observations WHERE zone_id = ? AND indicator = ? AND period = ? "
        "AND source_id = ? AND measure = 'value' ORDER BY vintage",
        [zone, indicator, period, source],
    )
    assert [r[0] for r in rows] == [value, revised * 1e8]


def test_a_new_store_is_a_copy_of_the_kept_bundle_store_and_equal_to_a_fresh_import(
    tmp_path, monkeypatch
):
    monkeypatch.setenv(BUNDLE_CACHE_ENV, str(tmp_path / "kept"))
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    create_from_bundle(first)
    kept = list((tmp_path / "kept").glob("bundle-*.duckdb"))
    assert len(kept) == 1  # the first build is kept for the next
    create_from_bundle(second)
    a, b = open_store(first), open_store(second)
    assert a.fingerprint() == b.fingerprint()
    a.close()
    b.close()


def test_without_the_cache_every_store_is_imported_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv(BUNDLE_CACHE_ENV, str(tmp_path / "kept"))
    monkeypatch.setenv("ZONEMETRICS_NO_CACHE", "1")
    create_from_bundle(tmp_path / "ledger.duckdb")
    assert not (tmp_path / "kept").exists()
