"""Zone x year tables: one figure per zone and year, in the units people read, with
markers where the figure is weaker than it looks."""

from __future__ import annotations

import pytest

from zonemetrics.errors import ZonemetricsError
from zonemetrics.indicators.rank import rank
from zonemetrics.indicators.tables import (
    compare_zones,
    indicator_list,
    parse_list,
    parse_years,
    zone_year_table,
)
from zonemetrics.ingest.load import ingest_file
from zonemetrics.ledger.queries import show_zone


@pytest.fixture
def store_with_bound(tiny_store, tmp_path):
    """The tiny ledger plus a re-post's bound for 2021 and an official exact 2022."""
    extra = tmp_path / "extra_observations.csv"
    extra.write_text(
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2021,>3500,亿元,xinzixun-2021-11-07\n"
        "xiangjiang,gdp_growth_real,2022,>5,%,xinzixun-2021-11-07\n",
        encoding="utf-8",
    )
    ingest_file(tiny_store, extra)
    return tiny_store


def test_money_is_shown_in_yi_yuan_with_the_names_of_the_zone(tiny_store):
    table = zone_year_table(tiny_store, "gdp", zones=["湘江新区"])
    assert table.unit == "亿元" and table.base_unit == "CNY"
    (row,) = table.rows
    assert (row.zone_id, row.name_zh, row.name_en) == (
        "xiangjiang",
        "湖南湘江新区",
        "Hunan Xiangjiang New Area",
    )
    assert row.cells[2020].value == 2511.0
    assert row.cells[2020].original_text == "2511亿元"


def test_a_cell_is_the_policys_preferred_value_and_counts_the_values_that_conflict(tiny_store):
    cell = zone_year_table(tiny_store, "gdp", zones=["xiangjiang"]).cell("xiangjiang", 2015)
    # two sources: Rednet (major media) says 1602.5, a re-post says 1063; both cannot hold
    assert cell.value == 1602.5 and cell.preferred
    assert cell.tier == "major_media" and cell.source_id == "rednet-en-2017-09-25"
    assert cell.conflicts == 1 and cell.n_values == 2
    assert cell.markers == ("conflict",) and cell.marker_text == "C1"


def test_a_figure_only_a_repost_gives_is_marked_low_tier(tiny_store):
    cell = zone_year_table(tiny_store, "gdp", zones=["xiangjiang"]).cell("xiangjiang", 2020)
    assert cell.tier == "repost" and "low_tier" in cell.markers


def test_a_bound_stays_a_bound_and_is_marked(store_with_bound):
    table = zone_year_table(store_with_bound, "gdp_growth_real", zones=["xiangjiang"])
    cell = table.cell("xiangjiang", 2022)
    assert cell.unit == "%"
    assert (cell.qualifier, cell.value, cell.text) == ("lower_bound", 5.0, ">5")
    assert cell.markers == ("bound", "low_tier")


def test_years_and_zones_select_rows_and_columns_and_missing_stays_missing(store_with_bound):
    table = zone_year_table(
        store_with_bound, "gdp", zones=["xiangjiang", "hunan"], years=parse_years("2019-2021")
    )
    assert table.years == [2019, 2020, 2021]
    assert [row.zone_id for row in table.rows] == ["xiangjiang", "hunan"]
    assert table.cell("hunan", 2020) is None  # Hunan's 2020 GDP is not in this ledger
    assert table.cell("xiangjiang", 2019) is None
    assert sorted(table.rows[0].cells) == [2020, 2021]


def test_a_peer_set_lists_every_member_even_without_data(tiny_store):
    table = zone_year_table(tiny_store, "gdp", peer_set="provinces", years=[2015])
    assert [row.zone_id for row in table.rows] == ["hunan"]
    assert table.rows[0].cells == {}


def test_the_table_agrees_with_show_and_rank(bundle_store):
    table = zone_year_table(bundle_store, "gdp", peer_set="new_areas", years=[2023])
    ranking = {r["zone"]: r for r in rank(bundle_store, "gdp", 2023, "new_areas").rows}
    for row in table.rows:
        cell = row.cells.get(2023)
        ranked = ranking[row.zone_id]
        if cell is None:
            assert ranked["value"] is None
        elif ranked["caliber"] == cell.caliber:
            assert cell.value * 1e8 == pytest.approx(ranked["value"])
    shown = show_zone(bundle_store, "xiangjiang", 2023)["indicators"]
    cell = table.cell("xiangjiang", 2023)
    assert any(r["indicator"] == "gdp" and r["original_text"] == cell.original_text for r in shown)


def test_derived_values_carry_the_weakness_of_their_inputs(bundle_store):
    table = zone_year_table(bundle_store, "gdp_growth_nominal", zones=["xiangjiang"])
    assert table.derived and table.unit == "%"
    for year, cell in table.rows[0].cells.items():
        assert cell.receipt, year
        inputs = zone_year_table(bundle_store, "gdp", zones=["xiangjiang"], years=[year - 1, year])
        input_cells = [c for c in inputs.rows[0].cells.values()]
        if all("low_tier" in c.markers for c in input_cells):
            assert "low_tier" in cell.markers


def test_records_are_the_long_form_of_the_same_cells(tiny_store):
    table = zone_year_table(tiny_store, "gdp", zones=["xiangjiang"])
    records = table.records()
    assert len(records) == sum(len(row.cells) for row in table.rows)
    first = records[0]
    assert first["name_zh"] == "湖南湘江新区" and first["unit"] == "亿元"
    assert first["markers"] == table.cell("xiangjiang", first["year"]).marker_text
    assert table.as_dict()["markers"]["low_tier"]["zh"]


def test_compare_lines_zones_up_over_the_same_years(tiny_store):
    comparison = compare_zones(tiny_store, ["xiangjiang", "湖南"], years=parse_years("2015,2022"))
    assert comparison.zones == ["xiangjiang", "hunan"]
    assert [t.indicator for t in comparison.tables] == ["gdp", "gdp_growth_real"]
    for table in comparison.tables:
        assert table.years == [2015, 2022]
        assert [row.zone_id for row in table.rows] == ["xiangjiang", "hunan"]
    gdp = comparison.tables[0]
    assert gdp.cell("hunan", 2022).value == 48670.4


def test_compare_needs_two_zones(tiny_store):
    with pytest.raises(ZonemetricsError, match="two zones"):
        compare_zones(tiny_store, ["xiangjiang"])


def test_the_indicator_list_counts_zones_and_years_held(tiny_store):
    listed = {r["code"]: r for r in indicator_list(tiny_store)}
    assert listed["gdp"]["zones"] == 2  # Xiangjiang and Hunan
    assert listed["gdp"]["display_unit"] == "亿元"
    assert listed["gdp"]["name_zh"] == "地区生产总值"
    assert any(r["kind"].startswith("derived") for r in listed.values())


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2018-2023", [2018, 2019, 2020, 2021, 2022, 2023]),
        ("2018,2020", [2018, 2020]),
        ("2019", [2019]),
        ("2015, 2018-2019", [2015, 2018, 2019]),
        ("2018，2020", [2018, 2020]),
        (None, None),
    ],
)
def test_years_as_people_write_them(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["2023-2018", "18-23", "last year"])
def test_years_not_understood_say_how_to_write_them(text):
    with pytest.raises(ZonemetricsError, match=r"2018-2023|after"):
        parse_years(text)


def test_unknown_indicators_and_zones_are_clear_errors(tiny_store):
    with pytest.raises(ZonemetricsError, match="zonemetrics indicators"):
        zone_year_table(tiny_store, "gpd")
    with pytest.raises(ZonemetricsError, match="unknown zone"):
        zone_year_table(tiny_store, "gdp", zones=["atlantis"])


def test_lists_split_on_latin_and_chinese_commas():
    assert parse_list("xiangjiang, 两江新区，tianfu") == ["xiangjiang", "两江新区", "tianfu"]
