"""Coverage of the bundled ledger: every cell says filled, conflicting, bound or missing."""

from __future__ import annotations

from zonemetrics.ledger.coverage import TOPICS, coverage


def test_the_matrix_has_one_cell_per_zone_topic_and_year(bundle_store):
    result = coverage(bundle_store, "new_area", range(2015, 2025))
    yearly_topics = len(TOPICS) - 1  # land area is one cell per zone, not per year
    assert len(result.zones) == 19
    assert len(result.cells) == 19 * (yearly_topics * 10 + 1)
    summary = result.summary()
    assert sum(summary[s] for s in ("filled", "conflicting", "bound_only", "missing")) == len(
        result.cells
    )
    assert 0 < summary["share_official_or_major_media"] < 1


def test_cells_tell_conflicts_bounds_and_searches_apart(bundle_store):
    cells = {(c["zone"], c["topic"], c["year"]): c for c in coverage(bundle_store).cells}
    assert cells[("xiangjiang", "gdp", 2015)]["status"] == "conflicting"  # 1602.5 vs 1063
    assert cells[("pudong", "gdp", 2023)]["status"] in ("filled", "conflicting")
    xiangjiang_rd = cells[("xiangjiang", "rd", 2023)]
    assert (xiangjiang_rd["status"], xiangjiang_rd["value"]) == ("bound_only", 5.0)  # '>5%'
    xiangjiang_2024 = cells[("xiangjiang", "gdp", 2024)]
    assert xiangjiang_2024["status"] == "missing" and xiangjiang_2024["searched"]


def test_the_json_summary_answers_the_coverage_questions(bundle_store):
    data = coverage(bundle_store).as_dict()
    assert {"pudong", "xiangjiang", "westcoast"} <= set(data["gdp_2023_zones"])
    assert len(data["gdp_2021_2024_zones"]) == 19  # a value or a bound for every area
    assert "xiangjiang" in data["zones_with_3_topics_beyond_gdp"]
    assert len(data["zones_with_3_indicators_beyond_gdp"]) >= 10
    assert {"land_area", "rd_intensity", "new_high_tech_enterprises"} <= set(
        data["indicators_held"]["xiangjiang"]
    )
