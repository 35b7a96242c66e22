"""An index of the new areas built from the bundled ledger, and honest about what it lacks.

The numbers below are checked by hand from the source figures of the bundle (GDP in
亿元, areas in km2, growth in percent), so a change in the policy or in the data that
moves them is seen here.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from zonemetrics.cli.main import app
from zonemetrics.index import IndexSpecError
from zonemetrics.index.ledger_frame import (
    LedgerFrame,
    build_ledger_frame,
    load_ledger_framework,
)
from zonemetrics.store.connection import Store

YI = 1e8  # 亿元
SCREENED_2023 = [
    "dianzhong",
    "ganjiang",
    "guian",
    "harbin",
    "jiangbei",
    "jinpu",
    "xiongan",
    "xixian",
]
RANKED_2023 = [
    "pudong",
    "zhoushan",
    "tianfu",
    "xiangjiang",
    "westcoast",
    "liangjiang",
    "changchun",
    "binhai",
    "fuzhou",
    "nansha",
    "lanzhou",
]

GROWTH_ONLY = """\
name: Real growth only
peer_set: new_areas
year: 2023
dat_thresh: 1
min_units: 3
pillars:
  growth: {name: Growth}
indicators:
  gdp_growth_real: {pillar: growth}
steps:
  - normalise: {f_n: n_minmax, l_u: [0, 100]}
  - aggregate: {f_ag: a_amean}
"""


@pytest.fixture(scope="module")
def frame_2023(bundle_store: Store) -> LedgerFrame:
    return build_ledger_frame(bundle_store, year=2023)


def cell(frame: LedgerFrame, zone: str, code: str) -> dict:
    cells = frame.cells
    rows = cells[(cells["uCode"] == zone) & (cells["iCode"] == code)]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def test_the_example_framework_declares_four_pillars_and_its_caliber_rule() -> None:
    fw = load_ledger_framework()
    assert fw.peer_set == "new_areas" and fw.year == 2023
    assert {p.code: p.weight for p in fw.pillars} == {
        "size": 1.0,
        "growth": 1.0,
        "innovation": 0.5,
        "firms": 0.5,
    }
    gdp = next(s for s in fw.indicators if s.code == "gdp")
    assert gdp.calibers == ("whole_area", "district", "city", "unstated")
    assert (fw.dat_thresh, fw.min_units) == (0.5, 3)


def test_units_are_the_19_new_areas_and_eight_are_screened_out_in_2023(
    frame_2023: LedgerFrame,
) -> None:
    assert len(frame_2023.idata) == 19
    assert frame_2023.screened_out == SCREENED_2023
    avail = frame_2023.availability.set_index("uCode")
    # eight areas appear in 2023 only in the ranking repost's bands: no value at all
    assert avail.loc["xiongan", ["n_value", "n_bound_only", "Dat_Avail"]].tolist() == [0, 2, 0.0]
    assert avail.loc["xiongan", "missing"] == (
        "gdp (bound_only), gdp_per_km2 (bound_only), gdp_growth_real (none), "
        "gdp_growth_nominal (none)"
    )
    # Liangjiang: a blog's 4,654.83 agrees with the re-post's '>2000', so both its GDP and
    # its GDP per km2 are values: 2 of 4 = 50%, at the threshold
    assert avail.loc["liangjiang", ["n_value", "Dat_Avail"]].tolist() == [2, 0.5]
    # Fuzhou and Lanzhou pass at exactly the threshold (GDP and GDP per km2 only)
    assert avail.loc[["fuzhou", "lanzhou"], "Dat_Avail"].tolist() == [0.5, 0.5]
    assert avail.loc[["westcoast", "zhoushan"], "Dat_Avail"].tolist() == [1.0, 1.0]


def test_a_bound_is_missing_and_the_cell_says_so(frame_2023: LedgerFrame) -> None:
    dianzhong = cell(frame_2023, "dianzhong", "gdp")
    assert dianzhong["status"] == "bound_only"
    assert (dianzhong["value"], dianzhong["qualifier"]) == (1000 * YI, "lower_bound")
    assert dianzhong["source_id"] == "hbzq-new-areas-gdp-2023"
    row = frame_2023.idata.set_index("uCode").loc["dianzhong"]
    assert math.isnan(row["gdp"])


def test_the_caliber_rule_prefers_the_whole_area_and_never_uses_a_part(
    frame_2023: LedgerFrame,
) -> None:
    # West Coast 2023: 5,003.4 for the district (China Daily) beats 5,003.38 unstated
    westcoast = cell(frame_2023, "westcoast", "gdp")
    assert (westcoast["value"], westcoast["caliber"]) == (5003.4 * YI, "district")
    # Gui'an's 24.1% growth is for the directly administered area only: not the area's
    guian = cell(frame_2023, "guian", "gdp_growth_real")
    assert guian["status"] == "other_caliber"
    assert guian["note"] == "only on caliber(s) not used: directly_administered"
    harbin = cell(frame_2023, "harbin", "gdp_growth_real")
    assert harbin["note"] == "only on caliber(s) not used: songbei_district"
    # Pudong has no approved-plan area; its administrative area is the same territory
    pudong = cell(frame_2023, "pudong", "gdp_per_km2")
    assert pudong["caliber"] == "district/administrative"
    assert pudong["value"] == pytest.approx(16715.15 * YI / 1210)


def test_innovation_and_firms_are_dropped_for_want_of_data(frame_2023: LedgerFrame) -> None:
    table = frame_2023.indicators.set_index("iCode")
    assert table.loc[table["kept"]].index.tolist() == [
        "gdp",
        "gdp_per_km2",
        "gdp_growth_real",
        "gdp_growth_nominal",
    ]
    assert table.loc["gdp", ["n_value", "n_bound_only"]].tolist() == [11, 8]
    assert table.loc["new_high_tech_enterprises", "reason"] == (
        "values for 1 zone(s), fewer than min_units 3"
    )
    assert frame_2023.dropped_pillars == ["innovation", "firms"]
    assert frame_2023.imeta["iCode"].tolist() == [
        "gdp",
        "gdp_per_km2",
        "gdp_growth_real",
        "gdp_growth_nominal",
        "size",
        "growth",
        "Index",
    ]
    # the one value that exists is still shown, with its source
    smes = cell(frame_2023, "xiangjiang", "new_specialized_smes")
    assert (smes["value"], smes["source_id"]) == (27, "seed-prnewswire-2024-03-21")


def test_the_coin_screens_exactly_the_listed_units(frame_2023: LedgerFrame) -> None:
    coin = frame_2023.coin()
    details = coin.details["Screened"]
    avail = frame_2023.availability
    assert details["Included"].tolist() == avail["Included"].tolist()
    assert details["Dat_Avail"].tolist() == avail["Dat_Avail"].tolist()
    assert coin.log[0].name == "screen"
    assert sorted(coin.get_dset("Screened").ucode) == sorted(RANKED_2023)


def test_real_growth_alone_ranks_eight_areas_by_hand(bundle_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "growth.yaml"
    path.write_text(GROWTH_ONLY)
    frame = build_ledger_frame(bundle_store, path)
    scores = frame.coin().scores().set_index("uCode")
    # 2023 real growth: Nansha 4.3 (min) ... Zhoushan 8.2 (max)
    assert scores.index.tolist() == [
        "binhai",
        "changchun",
        "jiangbei",
        "nansha",
        "pudong",
        "tianfu",
        "westcoast",
        "zhoushan",
    ]
    expected = {
        "binhai": 4.6,
        "changchun": 7.2,
        "jiangbei": 5.1,
        "nansha": 4.3,
        "pudong": 4.8,
        "tianfu": 6.9,
        "westcoast": 6.0,
        "zhoushan": 8.2,
    }
    for zone, growth in expected.items():
        assert scores.loc[zone, "Index"] == pytest.approx((growth - 4.3) / 3.9 * 100, abs=1e-9)
    assert scores.loc["binhai", "Index"] == pytest.approx(7.692307692, abs=1e-9)
    assert scores["Rank"].tolist() == [7, 2, 5, 8, 6, 3, 4, 1]


def test_west_coast_in_the_example_index_by_hand(frame_2023: LedgerFrame) -> None:
    scores = frame_2023.coin().scores().set_index("uCode")
    # size: GDP after treatment (Pudong's 16,715.15 winsorised to Binhai's 7,303.03; Lanzhou
    # 375 the minimum) and GDP per km2 of the approved plan (West Coast 2,096 km2, Lanzhou
    # 806 km2; Pudong's administrative 1,210 km2 the maximum)
    gdp = (5003.4 - 375) / (7303.03 - 375)
    density = (5003.4 / 2096 - 375 / 806) / (16715.15 / 1210 - 375 / 806)
    size = (gdp + density) / 2 * 100
    # growth: real 6.0 among 4.3..8.2; nominal 5,003.38/4,691.85 among Nansha's district
    # (2,323.54/2,252.58, the lowest) and Zhoushan (2,100.8/1,951.3, the highest); Binhai's
    # 2022 level is the district's and its 2023 level states no boundary, so no growth
    real = (6.0 - 4.3) / (8.2 - 4.3)
    nom = [5003.38 / 4691.85, 2323.54 / 2252.58, 2100.8 / 1951.3]
    nominal = (nom[0] - nom[1]) / (nom[2] - nom[1])
    growth = (real + nominal) / 2 * 100
    assert scores.loc["westcoast", "size"] == pytest.approx(size, abs=1e-9)
    assert scores.loc["westcoast", "growth"] == pytest.approx(growth, abs=1e-9)
    assert scores.loc["westcoast", "Index"] == pytest.approx((size + growth) / 2, abs=1e-9)
    assert round(scores.loc["westcoast", "Index"], 4) == 50.5364


def test_the_2023_ranking(frame_2023: LedgerFrame) -> None:
    scores = frame_2023.coin().scores().sort_values("Rank")
    assert scores["uCode"].tolist() == RANKED_2023
    # Fuzhou has no growth figure: its index is its size score alone
    fuzhou = scores.set_index("uCode").loc["fuzhou"]
    assert pd.isna(fuzhou["growth"]) and fuzhou["Index"] == fuzhou["size"]


def test_cli_ranks_lists_and_writes_a_spec_that_reruns(bundle_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            *("--store", str(bundle_file), "index", "ledger", "--year", "2023"),
            *("--out", str(out), "--json"),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [r["uCode"] for r in data["scores"]] == RANKED_2023
    assert [r["uCode"] for r in data["screened_out"]] == SCREENED_2023
    assert data["dropped_pillars"] == ["innovation", "firms"]
    for name in ("iData", "iMeta", "cells", "indicators", "availability", "scores"):
        assert (out / f"{name}.csv").is_file(), name
    rerun = runner.invoke(app, ["index", "run", str(out / "spec.yaml"), "--out", str(tmp_path)])
    assert rerun.exit_code == 0, rerun.output
    again = pd.read_csv(tmp_path / "scores.csv").sort_values("Rank")
    assert again["uCode"].tolist() == RANKED_2023
    first = pd.read_csv(out / "scores.csv").sort_values("Rank")
    assert again["Index"].to_numpy() == pytest.approx(first["Index"].to_numpy(), abs=1e-12)


def test_cli_table_names_the_screened_units(bundle_file: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["--store", str(bundle_file), "index", "ledger"],
        env={"COLUMNS": "220"},
    )
    assert result.exit_code == 0, result.output
    assert "Screened out" in result.output and "liangjiang" in result.output
    assert "pillars left empty and dropped: innovation, firms" in result.output


def test_a_year_without_enough_data_is_an_error_not_an_empty_index(
    bundle_store: Store,
) -> None:
    with pytest.raises(IndexSpecError, match="no indicator has values for 3 zones in 2005"):
        build_ledger_frame(bundle_store, year=2005)


def test_a_neutral_indicator_needs_a_direction(bundle_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "share.yaml"
    path.write_text(
        GROWTH_ONLY.replace(
            "gdp_growth_real: {pillar: growth}", "share_of_province_gdp_computed: {pillar: growth}"
        )
    )
    with pytest.raises(IndexSpecError, match="neutral in the catalogue: give it a direction"):
        build_ledger_frame(bundle_store, path)
