import pytest

from zonemetrics.ingest.periods import parse_period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2023", "year", 2023, 2023),
        ("2024Q1", "quarter", 2024, 2024),
        ("2024-03", "month", 2024, 2024),
        ("2024-03-21", "date", 2024, 2024),
        ("2021-2025", "span", 2021, 2025),
        ("2021/22", "uncertain", 2021, 2022),
        ("", "undated", None, None),
    ],
)
def test_documented_period_forms(text, kind, start, end):
    period = parse_period(text)
    assert (period.kind, period.start_year, period.end_year) == (kind, start, end)


@pytest.mark.parametrize(
    "text", ["2024-13", "2025-2021", "23", "2024-02-30", "FY24", "2023年13月", "2023年第五季度"]
)
def test_other_forms_are_refused(text):
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "normalised", "kind"),
    [
        ("2023H1", "2023H1", "half"),
        ("2023h2", "2023H2", "half"),
        ("2023Q1-Q3", "2023Q1-Q3", "part_year"),
        ("2023Q1-Q2", "2023H1", "half"),  # one form for one stretch of months
        ("2023-01/2023-09", "2023Q1-Q3", "part_year"),  # 1-9月 is the first three quarters
        ("2023-04/2023-06", "2023Q2", "quarter"),
        ("2023-01/2023-02", "2023-01/2023-02", "part_year"),
    ],
)
def test_parts_of_a_year_have_one_form_each(text, normalised, kind):
    period = parse_period(text)
    assert (period.text, period.kind, period.start_year, period.end_year) == (
        normalised,
        kind,
        2023,
        2023,
    )


@pytest.mark.parametrize(
    "text", ["2023Q1-Q4", "2023Q3-Q1", "2023-01/2023-12", "2023-01/2024-02", "2023H3"]
)
def test_a_part_of_a_year_that_is_the_whole_year_or_spans_two_is_refused(text):
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("written", "ledger_form", "kind"),
    [
        ("2024年", "2024", "year"),
        ("2024年度", "2024", "year"),
        ("2024 年", "2024", "year"),
        ("FY2024", "2024", "year"),  # China's fiscal year is the calendar year
        ("fy 2024", "2024", "year"),
        ("2024年上半年", "2024H1", "half"),
        ("2024年下半年", "2024H2", "half"),
        ("2023年前三季度", "2023Q1-Q3", "part_year"),
        ("2024年一季度", "2024Q1", "quarter"),
        ("2024年第3季度", "2024Q3", "quarter"),
        ("2024年3月", "2024-03", "month"),
    ],
)
def test_periods_as_people_write_them_are_understood(written, ledger_form, kind):
    period = parse_period(written)
    assert (period.text, period.kind) == (ledger_form, kind)
