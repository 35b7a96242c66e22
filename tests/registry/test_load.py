"""The registry in a store: every catalogue zone with its kind, province, home, approval
month and approved area, sourced to the catalogue, through the ingest path."""

from __future__ import annotations

import csv

from zonemetrics.indicators.rank import rank
from zonemetrics.ledger import queries
from zonemetrics.ledger.aliases import resolve_zone
from zonemetrics.registry.catalogue import (
    CATALOGUE_SOURCE,
    approval_month,
    catalogue_zone_ids,
    catalogue_zones,
)
from zonemetrics.registry.divisions import catalogue_dir
from zonemetrics.registry.load import load_registry


def _catalogue_rows() -> list[dict[str, str]]:
    with (catalogue_dir() / "zones_catalogue_2018.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_catalogue_row_is_a_zone_with_its_kind(bundle_store):
    counts = dict(
        bundle_store.sql(
            "SELECT kind, count(*) FROM zones WHERE source_id = ? GROUP BY kind",
            [CATALOGUE_SOURCE],
        )
    )
    assert sum(counts.values()) == len(_catalogue_rows()) == 2543
    # the official state-level type counts the catalogue's README checks against
    assert counts["national_etdz"] == 219
    assert counts["national_htz"] == 156
    assert counts["national_customs_area"] == 135
    assert counts["national_border_zone"] == 19
    assert counts["national_other_zone"] == 23


def test_the_code_printed_twice_gives_two_zones(bundle_store):
    twice = [z for z in catalogue_zones() if z.code == "S377018"]
    ids = {catalogue_zone_ids()[(z.level, z.seq)] for z in twice}
    assert len(twice) == len(ids) == 2
    names = {resolve_zone(bundle_store, z.name) for z in twice}
    assert names == ids


def test_a_zone_resolves_by_its_chinese_name_and_short_form(bundle_store):
    zone = resolve_zone(bundle_store, "长沙高新技术产业开发区")
    assert resolve_zone(bundle_store, "长沙高新区") == zone
    record = queries.zone_record(bundle_store, zone)
    assert record["kind"] == "national_htz"
    assert record["province"] == "hunan"
    assert record["name_en"] == "Changsha High-tech Industrial Development Zone"


def test_approval_month_and_area_come_from_the_catalogue_row(bundle_store):
    for row in _catalogue_rows()[:50]:
        zone = resolve_zone(bundle_store, row["name"])
        record = queries.zone_record(bundle_store, zone)
        assert record["approval_date"] == approval_month(row["approved"])[0]
        assert record["approval_precision"] == "month"
        [(value, text, source, caliber)] = bundle_store.sql(
            "SELECT value, original_text, source_id, caliber FROM observations "
            "WHERE zone_id = ? AND indicator = 'land_area'",
            [zone],
        )
        assert abs(value - float(row["area_ha"]) / 100) < 1e-9
        assert text == f"{row['area_ha']}公顷"
        assert (source, caliber) == (CATALOGUE_SOURCE, "approved_catalogue")


def test_two_step_approvals_are_dated_by_the_first_step_and_keep_the_text():
    assert approval_month("2000.04/2002.12") == (
        "2000-04",
        "approval as the catalogue writes it: 2000.04/2002.12",
    )
    assert approval_month("1994.08") == ("1994-08", None)


def test_zones_named_after_a_county_live_in_it(bundle_store):
    def parent_of(name: str) -> tuple[str, str]:
        [(parent_name, kind)] = bundle_store.sql(
            "SELECT p.name_zh, p.kind FROM zones z JOIN zones p ON z.parent = p.zone_id "
            "WHERE z.name_zh = ?",
            [name],
        )
        return parent_name, kind

    # the county stem alone, or after the province word
    assert parent_of("宁乡经济技术开发区") == ("宁乡市", "county")
    assert parent_of("湖南茶陵经济开发区") == ("茶陵县", "county")
    # province word, city stem, then a county of that city (named as in the 2023 codes)
    assert parent_of("湖南株洲渌口经济开发区") == ("渌口区", "county")
    # city stem, then a county of that city
    assert parent_of("伊春市南岔新能源产业园") == ("南岔县", "county")
    # a city stem shared with one of its counties (长沙市, 长沙县) leaves the city
    assert parent_of("长沙经济技术开发区") == ("长沙市", "city")


def test_every_catalogue_zone_has_a_province_in_the_store(bundle_store):
    orphans = bundle_store.sql(
        "SELECT count(*) FROM zones z LEFT JOIN zones p ON z.province = p.zone_id "
        "WHERE z.source_id = ? AND p.kind IS DISTINCT FROM 'province'",
        [CATALOGUE_SOURCE],
    )
    assert orphans == [(0,)]


def test_divisions_attach_to_the_bundled_provinces_and_cities(bundle_store):
    assert resolve_zone(bundle_store, "4301") == "changsha"
    assert resolve_zone(bundle_store, "43") == "hunan"
    [(parent,)] = bundle_store.sql("SELECT parent FROM zones WHERE name_zh = '宁乡市'")
    assert parent == "changsha"


def test_nbs_functional_area_codes_resolve_to_their_zone(bundle_store):
    with (catalogue_dir() / "divisions_2023_zone_statcodes.csv").open(encoding="utf-8") as f:
        paired = [r for r in csv.DictReader(f) if r["catalogue2018_code_exact_name"]]
    for row in paired[:10]:
        assert resolve_zone(bundle_store, row["nbs_code"]) == resolve_zone(
            bundle_store, row["nbs_name"]
        )


def test_loading_the_registry_again_adds_nothing(bundle_copy):
    before = bundle_copy.fingerprint()
    assert sum(r.rows_added for r in load_registry(bundle_copy)) == 0
    assert bundle_copy.fingerprint() == before


def test_zone_kinds_and_peer_sets_share_one_spelling(bundle_store):
    htz = queries.zones(bundle_store, "national_htz")
    assert len(htz) == 156
    provincial = queries.zones(bundle_store, "provincial_dz")
    assert len(provincial) == 1991
    hunan = queries.zones(bundle_store, "hunan_zones")
    assert hunan and all(z["province"] == "hunan" for z in hunan)
    assert len(queries.zones(bundle_store, "new_areas")) == 19


def test_national_high_tech_zones_rank_by_approved_area(bundle_store):
    ranking = rank(bundle_store, "land_area", 2018, "national_htz")
    assert ranking.of == ranking.with_data == 156
    top = ranking.rows[0]
    largest = max(
        (
            r
            for r in _catalogue_rows()
            if (r["level"], r["zone_type"]) == ("national", "高新技术产业开发区")
        ),
        key=lambda r: float(r["area_ha"]),
    )
    assert top["name_zh"] == largest["name"]
    assert top["rank"] == 1
