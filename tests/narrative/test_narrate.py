"""Statements written from the bundled ledger, in English and Chinese, with receipts."""

from __future__ import annotations

from zonemetrics.narrative.generate import Narrator
from zonemetrics.narrative.grammar import computed_share_note, receipt_line


def texts(statements) -> list[str]:
    return [s.text for s in statements]


def test_xiangjiang_2023_in_english_with_billions_and_bounds(narrator: Narrator):
    statements = narrator.narrate("xiangjiang", 2023, "en")
    written = texts(statements)
    assert (
        "Hunan Xiangjiang New Area's GDP reached 450 billion yuan ($63.86 billion) in 2023."
        in written
    )
    assert (
        "Hunan Xiangjiang New Area's GDP grew from 160 billion yuan in 2015 to 450 billion yuan "
        "in 2023." in written
    )
    assert "Hunan Xiangjiang New Area's R&D intensity was above 5% in 2023." in written
    assert (
        "Measured by its planning area, Hunan Xiangjiang New Area covers 0.567% of Hunan's land."
        in written
    )
    assert (
        "As of March 2024, Hunan Xiangjiang New Area had 64 state-level innovation platforms."
        in written
    )


def test_xiangjiang_2023_in_chinese_with_yi_yuan_and_counters(narrator: Narrator):
    written = texts(narrator.narrate("xiangjiang", 2023, "zh"))
    assert "2023年，湖南湘江新区地区生产总值达到4500亿元（约638.6亿美元）。" in written
    assert "2023年，湖南湘江新区专精特新中小企业新增27家。" in written
    assert "2023年，湖南湘江新区研发投入强度超过5%。" in written
    assert "2023年，湖南湘江新区地区生产总值在19个国家级新区中排名第5位。" in written


def test_every_statement_has_a_receipt_with_sources(narrator: Narrator):
    for statement in narrator.narrate("xiangjiang", 2023, "en"):
        receipt = statement.receipt
        used = receipt.get("observations", []) + receipt.get("inputs", [])
        assert used, statement.text
        assert all(o["source_id"] for o in used)


def test_the_conversion_names_the_rate_it_used(narrator: Narrator):
    (gdp,) = [s for s in narrator.narrate("xiangjiang", 2023, "en") if s.kind == "conversion"]
    rate = [
        o for o in gdp.receipt["conversion"]["inputs"] if o["indicator"] == "fx_cny_per_usd_avg"
    ]
    assert rate[0]["original_text"] == "7.0467 CNY/USD"


def test_a_computed_rank_says_its_peer_set_and_how_many_had_data(narrator: Narrator):
    ranks = [s for s in narrator.narrate("westcoast", 2023, "en") if s.kind == "rank"]
    computed = [s for s in ranks if s.receipt["ranked_by"] == "computed"]
    for statement in computed:
        receipt = statement.receipt
        assert receipt["peer_set"] == "new_areas" and receipt["of"] == 19
        assert receipt["with_data"] + len(receipt["missing"]) + len(receipt["bound_only"]) == 19
        if receipt["missing"]:
            assert "with 2023 data" in statement.text


def test_a_reported_rank_cites_its_source_and_the_ledgers_coverage(narrator: Narrator):
    ranks = [s for s in narrator.narrate("xiangjiang", 2023, "en") if s.kind == "rank"]
    gdp = next(s for s in ranks if s.claim.indicator == "gdp")
    assert gdp.receipt["ranked_by"] == "source"
    assert gdp.receipt["observations"][0]["source_id"] == "hbzq-new-areas-gdp-2023"
    assert gdp.receipt["of"] == 19
    assert 0 < gdp.receipt["ledger_peers_with_data"] < 19


def test_the_share_pair_sets_land_beside_output(narrator: Narrator):
    (pair,) = [s for s in narrator.narrate("xiangjiang", 2022, "zh") if s.kind == "share_pair"]
    assert (
        pair.text == "按规划面积计，湖南湘江新区面积占全省的0.567%，2022年地区生产总值占全省的8%。"
    )
    assert pair.receipt["gdp"]["observations"][0]["source_id"] == "rednet-1xinli-2022"
    assert pair.receipt["land"]["definition"] == "planning_area"


def test_a_stated_share_carries_the_share_its_gdps_give_and_whether_they_agree(
    narrator: Narrator,
):
    """The founding report's 8% for 2023 is stated as reported; its receipt shows that
    4500 / 50012.85 亿元 gives 9.00%, which the rounded 8% (7.5-8.5%) cannot be."""
    [share] = [
        s
        for s in narrator.narrate("xiangjiang", 2023, "en")
        if s.claim.indicator == "share_of_province_gdp" and s.kind == "share"
    ]
    computed = share.receipt["computed_from_gdp"]
    assert [round(c["value"], 2) for c in computed] == [9.0, 9.0]
    assert [c["agrees_with_stated"] for c in computed] == [False, False]
    assert computed_share_note(9.0, "unstated/first_release", False, "zh") == (
        "按两地地区生产总值计算：9.00%（口径未注明，初步核算数），与所述比重不符"
    )
    assert computed_share_note(9.0, "unstated/first_release", False, "en") == (
        "computed from the two GDPs: 9.00% (boundary not stated; first release); "
        "does not agree with the stated share"
    )


def test_the_receipt_line_is_in_the_statements_language():
    rank = {"peer_set": "new_areas", "with_data": 13, "of": 19}
    assert (
        receipt_line(["a", "b"], rank, "zh") == "来源：a、b；比较范围：国家级新区，19个中13个有数据"
    )
    assert receipt_line(["a"], rank, "en") == (
        "sources: a; peers: state-level new areas, 13 of 19 with data"
    )
    assert receipt_line(["a"], None, "en") == "sources: a"
