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


@pytest.mark.parametrize("text", ["2023年", "2024-13", "2025-2021", "23", "2024-02-30"])
def test_other_forms_are_refused(text):
    assert parse_period(text) is None
