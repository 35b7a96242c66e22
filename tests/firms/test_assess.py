"""Certification assessment: every HNTE criterion at its boundaries, with the verdicts the
rule text gives, and bad files rejected whole."""

from __future__ import annotations

import csv
from pathlib import Path

import ibis
import pytest

from zonemetrics.errors import IngestError
from zonemetrics.firms.assess import assess
from zonemetrics.firms.evidence import load_evidence
from zonemetrics.firms.rules import rule_for

VALID_CODE = "91110000600037341L"  # python-stdnum's documented example (see test_uscc)

# A firm meeting every HNTE condition comfortably; each test moves one field to a boundary.
QUALIFYING = {
    "uscc": VALID_CODE,
    "name": "firm",
    "year": "2023",
    "founded": "2018-03-15",
    "applied": "2023-06-30",
    "revenue": "100000000",
    "revenue_3y": "250000000",
    "rd_expense_3y": "15000000",
    "rd_domestic_3y": "15000000",
    "high_tech_revenue": "80000000",
    "total_income": "100000000",
    "st_staff": "30",
    "employees": "100",
    "owns_core_ip": "yes",
    "in_key_field": "yes",
    "innovation_score": "80",
    "major_incident": "no",
}


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _assess(tmp_path: Path, rows: list[dict[str, str]], kind: str = "hnte"):
    rule = rule_for(kind)
    con = ibis.duckdb.connect()
    try:
        return assess(load_evidence(con, _write(tmp_path / "firms.csv", rows), rule), rule)
    finally:
        con.disconnect()


def _criterion(firm: dict, criterion_id: str) -> dict:
    return next(c for c in firm["criteria"] if c["id"] == criterion_id)


def _judge(tmp_path: Path, **changes: str) -> dict:
    [firm] = _assess(tmp_path, [{**QUALIFYING, **changes}]).firms
    return firm


def test_a_firm_meeting_every_condition_qualifies(tmp_path):
    firm = _judge(tmp_path)
    assert firm["verdict"] == "qualified"
    assert all(c["passed"] for c in firm["criteria"])


# R&D ratio over three years, with the band set by the latest year's sales revenue:
# up to 50 million yuan (inclusive) 5%, up to 200 million (inclusive) 4%, above 3%.
@pytest.mark.parametrize(
    ("revenue", "rd_3y", "revenue_3y", "threshold", "passed"),
    [
        ("50000000", "5000000", "100000000", 0.05, True),  # exactly 50m: 5% band, at 5%
        ("50000000", "4999999", "100000000", 0.05, False),  # just under 5%
        ("50000000", "4000000", "100000000", 0.05, False),  # 4% is not enough at 50m
        ("50000001", "4000000", "100000000", 0.04, True),  # just above 50m: 4% band
        ("200000000", "4000000", "100000000", 0.04, True),  # exactly 200m: still 4%
        ("200000000", "3999999", "100000000", 0.04, False),
        ("200000000", "3000000", "100000000", 0.04, False),  # 3% is not enough at 200m
        ("200000001", "3000000", "100000000", 0.03, True),  # above 200m: 3% band
        ("200000001", "2999999", "100000000", 0.03, False),
    ],
)
def test_rd_ratio_bands_at_their_boundaries(
    tmp_path, revenue, rd_3y, revenue_3y, threshold, passed
):
    firm = _judge(
        tmp_path, revenue=revenue, rd_expense_3y=rd_3y, rd_domestic_3y=rd_3y, revenue_3y=revenue_3y
    )
    rd = _criterion(firm, "rd_ratio")
    assert rd["threshold"] == threshold
    assert rd["passed"] is passed
    assert rd["margin"] == pytest.approx(rd["value"] - threshold)
    assert firm["verdict"] == ("qualified" if passed else "not_qualified")


@pytest.mark.parametrize(
    ("high_tech", "passed"), [("60000000", True), ("59999999", False), ("60000001", True)]
)
def test_high_tech_revenue_share_at_sixty_percent(tmp_path, high_tech, passed):
    firm = _judge(tmp_path, high_tech_revenue=high_tech, total_income="100000000")
    assert _criterion(firm, "high_tech_revenue_share")["passed"] is passed


@pytest.mark.parametrize(("st_staff", "passed"), [("10", True), ("9", False), ("11", True)])
def test_st_staff_share_at_ten_percent(tmp_path, st_staff, passed):
    firm = _judge(tmp_path, st_staff=st_staff, employees="100")
    staff = _criterion(firm, "st_staff_share")
    assert staff["passed"] is passed
    assert staff["value"] == int(st_staff) / 100


@pytest.mark.parametrize(("score", "passed"), [("70", False), ("71", True), ("70.5", True)])
def test_innovation_score_must_exceed_seventy(tmp_path, score, passed):
    # 工作指引: "70分以上（不含70分）" - exactly 70 does not qualify
    firm = _judge(tmp_path, innovation_score=score)
    assert _criterion(firm, "innovation_score")["passed"] is passed
    assert firm["verdict"] == ("qualified" if passed else "not_qualified")


@pytest.mark.parametrize(("domestic", "passed"), [("9000000", True), ("8999999", False)])
def test_domestic_rd_share_at_sixty_percent(tmp_path, domestic, passed):
    firm = _judge(tmp_path, rd_expense_3y="15000000", rd_domestic_3y=domestic)
    assert _criterion(firm, "rd_domestic_share")["passed"] is passed


@pytest.mark.parametrize(
    ("founded", "passed"), [("2022-06-30", True), ("2022-07-01", False), ("2020-02-29", True)]
)
def test_registered_one_full_year_before_applying(tmp_path, founded, passed):
    firm = _judge(tmp_path, founded=founded, applied="2023-06-30")
    assert _criterion(firm, "registered_one_year")["passed"] is passed


def test_an_incident_or_missing_ip_fails(tmp_path):
    assert _judge(tmp_path, major_incident="yes")["verdict"] == "not_qualified"
    assert _judge(tmp_path, owns_core_ip="否")["verdict"] == "not_qualified"


def test_missing_evidence_leaves_the_verdict_open_and_is_named(tmp_path):
    firm = _judge(tmp_path, innovation_score="", owns_core_ip="")
    assert firm["verdict"] == "incomplete"
    assert firm["missing_evidence"] == ["innovation_score", "owns_core_ip"]


def test_a_failing_criterion_decides_even_with_evidence_missing(tmp_path):
    firm = _judge(tmp_path, innovation_score="", st_staff="5")
    assert firm["verdict"] == "not_qualified"


def test_the_cultivation_list_puts_the_nearest_misses_first(tmp_path):
    rows = [
        {**QUALIFYING, "name": "two_short", "st_staff": "2", "innovation_score": "50"},
        {**QUALIFYING, "name": "staff_short", "st_staff": "9"},  # 10% of a 10% line
        {**QUALIFYING, "name": "at_the_line", "innovation_score": "70"},  # 0 points short
        {**QUALIFYING, "name": "qualified"},
    ]
    result = _assess(tmp_path, rows)
    assert [f["name"] for f in result.cultivation] == ["at_the_line", "staff_short", "two_short"]
    assert result.counts == {"qualified": 1, "not_qualified": 3}


def test_a_specialized_sme_may_qualify_by_equity_instead_of_revenue(tmp_path):
    base = {
        "uscc": VALID_CODE,
        "year": "2023",
        "niche_years": "3",
        "operating_revenue": "8000000",
        "rd_expense": "1000000",
        "equity_2y": "20000000",
        "sme_score": "65",
    }
    [firm] = _assess(tmp_path, [base], "specialized_sme").firms
    assert firm["verdict"] == "qualified"
    route = _criterion(firm, "revenue_route")
    assert [p["passed"] for p in route["parts"]] == [False, True]


# ---- bad files: named file, row, column and reason; nothing assessed ----


def _rejected(tmp_path: Path, rows: list[dict[str, str]]) -> IngestError:
    with pytest.raises(IngestError) as error:
        _assess(tmp_path, rows)
    return error.value


def test_a_file_without_the_revenue_column_is_rejected(tmp_path):
    row = {k: v for k, v in QUALIFYING.items() if k != "revenue"}
    error = _rejected(tmp_path, [row])
    [problem] = error.problems
    assert (problem.row, problem.column, problem.reason) == (
        1,
        "revenue",
        "missing required column",
    )
    assert problem.file.endswith("firms.csv")


def test_negative_rd_and_text_in_a_number_column_name_their_cells(tmp_path):
    rows = [
        dict(QUALIFYING),
        {**QUALIFYING, "rd_expense_3y": "-5"},
        {**QUALIFYING, "employees": "many"},
    ]
    error = _rejected(tmp_path, rows)
    found = {(p.row, p.column) for p in error.problems}
    assert found == {(3, "rd_expense_3y"), (4, "employees")}
    reasons = " ".join(str(p) for p in error.problems)
    assert "'-5' is negative" in reasons
    assert "'many' is not a number" in reasons
    assert "firms.csv, row 4, column 'employees'" in reasons


def test_an_invalid_credit_code_is_rejected_with_its_position(tmp_path):
    error = _rejected(tmp_path, [{**QUALIFYING, "uscc": VALID_CODE[:-1] + "M"}])
    [problem] = error.problems
    assert problem.column == "uscc" and problem.row == 2
    assert "check character" in problem.reason


def test_the_cli_rejects_a_bad_file_and_prints_no_assessment(tmp_path):
    from typer.testing import CliRunner

    from zonemetrics.cli.main import app

    path = _write(tmp_path / "bad.csv", [{**QUALIFYING, "revenue": "lots"}])
    result = CliRunner().invoke(app, ["firms", "assess", str(path), "--rule", "hnte", "--json"])
    assert isinstance(result.exception, IngestError)
    assert "bad.csv, row 2, column 'revenue'" in str(result.exception)
    assert result.stdout == ""


# ---- the innovative-SME points table (评价标准 二、评价指标), scored from firm facts ----

# A firm scoring full marks on every indicator; each test moves one fact onto a band edge.
FULL_MARKS = {
    "uscc": VALID_CODE,
    "year": "2023",
    "ip_class1_high_value": "1",
    "ip_class1_own": "1",
    "ip_class1": "2",
    "ip_class2": "3",
    "rd_expense": "600000",
    "operating_revenue": "10000000",  # R&D 6%
    "main_business_revenue": "9000000",  # 90% of revenue
    "main_business_revenue_prior": "7000000",  # growth 28.6%
    "debt_ratio": "0.40",
    "strategic_emerging": "yes",
}


def _points(tmp_path: Path, **changes: str) -> dict[str, float | None]:
    [firm] = _assess(tmp_path, [{**FULL_MARKS, **changes}], "innovative_sme").firms
    found: dict[str, float | None] = {}
    for score in firm["scores"]:
        found[score["id"]] = score["points"]
        found |= {item["id"]: item["points"] for item in score["items"]}
    return found | {"verdict": firm["verdict"]}


def test_full_marks_give_one_hundred_points_and_qualify(tmp_path):
    points = _points(tmp_path)
    assert points["sme_score"] == 100
    assert (points["innovation_points"], points["growth_points"]) == (40, 30)
    assert points["verdict"] == "qualified"


@pytest.mark.parametrize(
    ("rd_expense", "points"),
    [
        ("500000", 20),  # 5% is "5%以上"
        ("499999", 15),
        ("300000", 15),  # 3% opens the 3%-5% band
        ("200000", 10),
        ("100001", 5),
        ("100000", 0),  # 1% is "1%以下": no points
        ("0", 0),
    ],
)
def test_rd_ratio_points_at_the_band_edges(tmp_path, rd_expense, points):
    assert _points(tmp_path, rd_expense=rd_expense)["rd_ratio_points"] == points


@pytest.mark.parametrize(
    ("debt", "points"), [("0.55", 10), ("0.5501", 5), ("0.7499", 5), ("0.75", 0), ("0.9", 0)]
)
def test_debt_ratio_points_at_55_and_75_percent(tmp_path, debt, points):
    assert _points(tmp_path, debt_ratio=debt)["debt_ratio_points"] == points


@pytest.mark.parametrize(
    ("main_business", "points"),
    [
        ("7000000", 20),
        ("6999999", 15),
        ("6000000", 15),
        ("5500000", 10),
        ("5000001", 5),
        ("5000000", 0),
    ],
)
def test_main_business_share_points(tmp_path, main_business, points):
    changes = {"main_business_revenue": main_business, "main_business_revenue_prior": "1"}
    assert _points(tmp_path, **changes)["main_business_share_points"] == points


@pytest.mark.parametrize(
    ("this_year", "points"),
    [
        ("9200000", 20),  # 15% is "15%以上"
        ("9199999", 15),
        ("8800000", 15),  # 10%
        ("8400000", 10),  # 5%
        ("8000001", 5),
        ("8000000", 0),  # 0% is "0%以下"
        ("7900000", 0),
    ],
)
def test_growth_points_from_two_years_of_main_business_revenue(tmp_path, this_year, points):
    changes = {"main_business_revenue": this_year, "main_business_revenue_prior": "8000000"}
    assert _points(tmp_path, **changes)["main_business_growth_points"] == points


@pytest.mark.parametrize(
    ("ip", "points"),
    [
        ({}, 20),
        ({"ip_class1_high_value": "0"}, 15),
        ({"ip_class1_high_value": "0", "ip_class1_own": "0"}, 10),
        ({"ip_class1_high_value": "0", "ip_class1_own": "0", "ip_class1": "0"}, 5),
        (
            {"ip_class1_high_value": "0", "ip_class1_own": "0", "ip_class1": "0", "ip_class2": "0"},
            0,
        ),
    ],
)
def test_ip_points_take_the_best_class_held(tmp_path, ip, points):
    assert _points(tmp_path, **ip)["ip_points"] == points


def test_a_firm_without_class_one_ip_needs_no_count_of_its_kinds(tmp_path):
    # high-value and own-developed Class I items are Class I items: none of these, none
    # of those, so the registry's two IP counts suffice
    facts = {
        k: v for k, v in FULL_MARKS.items() if k not in ("ip_class1_high_value", "ip_class1_own")
    }
    [firm] = _assess(tmp_path, [{**facts, "ip_class1": "0"}], "innovative_sme").firms
    [ip] = [i for s in firm["scores"] for i in s["items"] if i["id"] == "ip_points"]
    assert ip["points"] == 5
    [firm] = _assess(tmp_path, [facts], "innovative_sme").firms  # 2 Class I items, kinds unknown
    [ip] = [i for s in firm["scores"] for i in s["items"] if i["id"] == "ip_points"]
    assert ip["points"] is None


def test_a_main_product_outside_the_strategic_fields_scores_five(tmp_path):
    assert _points(tmp_path, strategic_emerging="no")["field_points"] == 5


def test_sixty_points_do_not_qualify_with_innovation_under_twenty(tmp_path):
    # innovation 15 (IP 5 + R&D 10), growth 30, specialisation 30: 75 points in all,
    # but the announcement needs at least 20 for innovation
    points = _points(
        tmp_path, ip_class1_high_value="0", ip_class1_own="0", ip_class1="0", rd_expense="200000"
    )
    assert (points["sme_score"], points["innovation_points"]) == (75, 15)
    # a direct condition (award, title, R&D institution, equity) might still qualify it
    assert points["verdict"] == "incomplete"
    no_direct_route = {"st_award_3y": "否", "valid_title": "否", "rd_institution": "否"}
    points = _points(
        tmp_path,
        ip_class1_high_value="0",
        ip_class1_own="0",
        ip_class1="0",
        rd_expense="200000",
        equity_3y="0",
        **no_direct_route,
    )
    assert points["verdict"] == "not_qualified"


def test_a_direct_condition_qualifies_whatever_the_score(tmp_path):
    points = _points(
        tmp_path,
        rd_expense="0",
        ip_class2="0",
        ip_class1="0",
        ip_class1_own="0",
        ip_class1_high_value="0",
        valid_title="是",
    )
    assert points["innovation_points"] == 0 and points["verdict"] == "qualified"


def test_missing_facts_leave_the_score_open_and_are_named(tmp_path):
    rows = [{k: v for k, v in FULL_MARKS.items() if k != "debt_ratio"}]
    [firm] = _assess(tmp_path, rows, "innovative_sme").firms
    points = {s["id"]: s["points"] for s in firm["scores"]}
    assert points["growth_points"] is None and points["sme_score"] is None
    assert firm["verdict"] == "incomplete"
    assert "debt_ratio" in firm["missing_evidence"]


def test_a_score_given_in_the_file_is_used_as_given(tmp_path):
    rows = [
        {
            "uscc": VALID_CODE,
            "year": "2023",
            "sme_score": "65",
            "innovation_points": "25",
            "growth_points": "20",
            "specialisation_points": "20",
        }
    ]
    [firm] = _assess(tmp_path, rows, "innovative_sme").firms
    total = next(s for s in firm["scores"] if s["id"] == "sme_score")
    assert (total["points"], total["given_in_file"]) == (65, True)
    assert firm["verdict"] == "qualified"


# ---- the little giant: 链 and 品 need an assessor's finding, never a guessed threshold ----

LITTLE_GIANT = {
    "uscc": VALID_CODE,
    "year": "2023",
    "niche_years": "5",
    "operating_revenue": "150000000",
    "main_business_revenue": "140000000",
    "main_business_growth_2y": "0.08",
    "information_system": "yes",
    "management_certification": "yes",
    "debt_ratio": "0.45",
    "market_share": "0.12",
    "own_brand": "yes",
    "rd_expense": "6000000",
    "rd_expense_prior": "5000000",
    "operating_revenue_prior": "120000000",
    "rd_institution": "yes",
    "class1_ip_in_use": "3",
}


def test_a_little_giant_meeting_every_stated_figure_still_needs_the_chain_and_product_findings(
    tmp_path,
):
    [firm] = _assess(tmp_path, [LITTLE_GIANT], "little_giant").firms
    assert firm["verdict"] == "incomplete"
    assert firm["missing_evidence"] == ["chain_role_finding", "main_product_field_finding"]
    with_findings = {**LITTLE_GIANT, "chain_role_finding": "是", "main_product_field_finding": "是"}
    [firm] = _assess(tmp_path, [with_findings], "little_giant").firms
    assert firm["verdict"] == "qualified"


def test_a_little_giant_failing_a_stated_figure_fails_whatever_the_findings(tmp_path):
    [firm] = _assess(tmp_path, [{**LITTLE_GIANT, "debt_ratio": "0.71"}], "little_giant").firms
    assert firm["verdict"] == "not_qualified"
    assert _criterion(firm, "debt_ratio")["margin"] == pytest.approx(-0.01)


def test_row_numbers_follow_the_file_in_a_file_read_in_parallel(tmp_path):
    # large enough for the engine to read it in several parallel chunks: a bad cell deep
    # in the file is still named by its own line
    bad_at = 250_000  # 0-based data row; its file row is bad_at + 2 (header = row 1)
    rows = [QUALIFYING] * 300_000
    rows[bad_at] = {**QUALIFYING, "employees": "-3"}
    error = _rejected(tmp_path, rows)
    assert [(p.row, p.column) for p in error.problems] == [(bad_at + 2, "employees")]


def test_codes_typed_with_hyphens_or_lower_case_are_reported_as_printed(tmp_path):
    typed = VALID_CODE[:8].lower() + "-" + VALID_CODE[8:].lower()
    result = _assess(tmp_path, [QUALIFYING, {**QUALIFYING, "uscc": typed}])
    assert [f["uscc"] for f in result.firms] == [VALID_CODE, VALID_CODE]


def test_without_the_latest_revenue_the_rd_band_is_not_known(tmp_path):
    # the band (5%, 4% or 3%) is set by the latest year's sales revenue: without it the
    # R&D criterion stays open rather than being judged against the most lenient band
    firm = _judge(tmp_path, revenue="")
    rd = _criterion(firm, "rd_ratio")
    assert (rd["threshold"], rd["passed"]) == (None, None)
    assert firm["verdict"] == "incomplete" and "revenue" in firm["missing_evidence"]
