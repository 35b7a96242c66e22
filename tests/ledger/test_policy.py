"""The reconciliation policy: which value is preferred, and what counts as a conflict."""

from __future__ import annotations

from pathlib import Path

from zonemetrics.ingest.load import ingest_file
from zonemetrics.ledger import queries
from zonemetrics.ledger.queries import possible_conflicts

SOURCES = """source_id,title,producer,published,tier
bulletin-2024,Statistical bulletin 2023,District statistics bureau,2024-04-01,official
daily-2024,Regional daily report,Regional daily,2024-02-05,major_media
repost-2025,Ranking table repost,unknown blog,2025-01-01,blog
"""


def _ingest(store, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ingest_file(store, path)


def _values(store, zone: str, indicator: str, period: str) -> dict[str, dict]:
    return {
        (row["caliber"]): row
        for row in queries.show_zone(store, zone)["indicators"]
        if row["indicator"] == indicator and row["period"] == period
    }


def test_two_different_values_without_a_caliber_stand_as_a_conflict(tiny_store):
    gdp_2015 = _values(tiny_store, "xiangjiang", "gdp", "2015")["unstated"]
    assert gdp_2015["value"] == 1602.5e8
    assert gdp_2015["source_id"] == "rednet-en-2017-09-25"  # major_media beats repost
    assert gdp_2015["conflicts"] == 1
    [group] = queries.conflicts(tiny_store)
    assert [(v["original_text"], v["judgement"]) for v in group["values"]] == [
        ("1602.5亿元", "preferred"),
        ("1063亿元", "conflicting"),
    ]


def test_the_same_figure_at_another_rounding_agrees(tiny_store, tmp_path):
    _ingest(tiny_store, tmp_path, "sources.csv", SOURCES)
    _ingest(
        tiny_store,
        tmp_path,
        "obs.csv",
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2023,5003.38,亿元,bulletin-2024\n"
        "xiangjiang,gdp,2023,5003.4,亿元,daily-2024\n"
        "xiangjiang,gdp,2023,>4000,亿元,repost-2025\n",
    )
    row = _values(tiny_store, "xiangjiang", "gdp", "2023")["unstated"]
    assert (row["source_id"], row["tier"], row["conflicts"], row["agreeing"]) == (
        "bulletin-2024",
        "official",
        0,
        2,
    )


def test_a_bound_conflicts_only_with_values_outside_it(tiny_store, tmp_path):
    _ingest(tiny_store, tmp_path, "sources.csv", SOURCES)
    _ingest(
        tiny_store,
        tmp_path,
        "obs.csv",
        "zone,indicator,period,value,unit,source\n"
        "xiangjiang,gdp,2023,3127,亿元,daily-2024\n"
        "xiangjiang,gdp,2023,>4000,亿元,repost-2025\n",
    )
    row = _values(tiny_store, "xiangjiang", "gdp", "2023")["unstated"]
    assert (row["original_text"], row["conflicts"]) == ("3127亿元", 1)


def test_values_on_different_calibers_are_shown_side_by_side_not_as_a_conflict(
    tiny_store, tmp_path
):
    _ingest(tiny_store, tmp_path, "sources.csv", SOURCES)
    _ingest(
        tiny_store,
        tmp_path,
        "obs.csv",
        "zone,indicator,period,value,unit,source,caliber\n"
        "xiangjiang,gdp,2019,476,亿元,daily-2024,directly_administered\n"
        "xiangjiang,gdp,2019,>3000,亿元,daily-2024,whole_area\n",
    )
    by_caliber = _values(tiny_store, "xiangjiang", "gdp", "2019")
    assert sorted(by_caliber) == ["directly_administered", "whole_area"]
    assert {row["conflicts"] for row in by_caliber.values()} == {0}


def test_a_later_vintage_of_the_same_source_replaces_it_in_the_view_but_not_in_the_ledger(
    tiny_store, tmp_path
):
    _ingest(
        tiny_store,
        tmp_path,
        "v1.csv",
        "zone,indicator,period,value,unit,source\n"
        "hunan,gdp,2021,46063.09,亿元,hunan-tjj-2022-bulletin\n",
    )
    _ingest(
        tiny_store,
        tmp_path,
        "v2.csv",
        "zone,indicator,period,value,unit,source,status\n"
        "hunan,gdp,2021,46063.1,亿元,hunan-tjj-2022-bulletin,R\n",
    )
    row = _values(tiny_store, "hunan", "gdp", "2021")["unstated"]
    assert (row["value"], row["status"], row["n_values"]) == (46063.1e8, "R", 1)
    held = tiny_store.sql("SELECT count(*) FROM observations WHERE period = '2021'")
    assert held == [(2,)]


def test_an_unstated_caliber_that_fits_no_named_one_is_a_possible_conflict(tiny_store, tmp_path):
    assert possible_conflicts(tiny_store) == []
    _ingest(tiny_store, tmp_path, "sources.csv", SOURCES)
    _ingest(
        tiny_store,
        tmp_path,
        "obs.csv",
        "zone,indicator,period,value,unit,source,caliber\n"
        "xiangjiang,gdp,2015,1063,亿元,bulletin-2024,directly_administered\n"
        "xiangjiang,gdp,2016,1801.12,亿元,bulletin-2024,whole_area\n",
    )
    [possible] = possible_conflicts(tiny_store, "xiangjiang")
    assert (possible["period"], possible["unstated_text"], possible["named"]) == (
        "2015",
        "1602.5亿元",
        ["directly_administered"],
    )
