import pytest

from zonemetrics.ingest.values import parse_value


def test_an_exact_value_keeps_the_rounding_its_writer_used():
    value = parse_value("4282.3")
    assert (value.value, value.qualifier, value.rounding) == (4282.3, "exact", pytest.approx(0.05))


def test_trailing_zeros_of_an_integer_are_read_as_its_rounding():
    assert parse_value("4500").rounding == 50
    assert parse_value("27").rounding == 0.5


def test_a_bound_stays_a_bound():
    above = parse_value(">5")
    assert (above.value, above.qualifier, above.inclusive) == (5, "lower_bound", False)
    at_least = parse_value(">=11")
    assert (at_least.qualifier, at_least.inclusive) == ("lower_bound", True)
    below = parse_value("<1000")
    assert (below.value, below.qualifier) == (1000, "upper_bound")
    assert parse_value("5000以上").qualifier == "lower_bound"


def test_approximate_values_and_bands():
    assert parse_value("5左右").qualifier == "approx"
    assert parse_value("约450").value == 450
    band = parse_value("2000-3000")
    assert (band.value, band.value_high, band.qualifier) == (2000, 3000, "band")


def test_chinese_magnitudes_and_thousands_separators():
    assert parse_value("1.78万亿").value == pytest.approx(1.78e12)
    assert parse_value("1.78万亿").rounding == pytest.approx(0.005e12)
    assert parse_value("1,602.5").value == 1602.5


@pytest.mark.parametrize("text", ["", "n/a", "about", "五", "3000-2000", "12abc"])
def test_text_that_is_not_a_value_is_refused(text):
    assert parse_value(text) is None
