import pytest

from zonemetrics.ingest.units import parse_unit


@pytest.mark.parametrize(
    ("written", "base", "multiplier"),
    [
        ("亿元", "CNY", 1e8),
        ("万元", "CNY", 1e4),
        ("元", "CNY", 1),
        ("billion yuan", "CNY", 1e9),
        ("100m yuan", "CNY", 1e8),
        ("万亿元", "CNY", 1e12),
        ("%", "percent", 1),
        ("‰", "percent", 0.1),
        ("家", "count", 1),
        ("个", "count", 1),
        ("km2", "km2", 1),
        ("km²", "km2", 1),
        ("平方公里", "km2", 1),
        ("万人", "persons", 1e4),
        ("million people", "persons", 1e6),
        ("residents", "persons", 1),
        ("billion dollars", "USD", 1e9),
        ("CNY/USD", "CNY/USD", 1),
        ("Billion  Yuan", "CNY", 1e9),
    ],
)
def test_units_as_sources_write_them_map_to_base_units(written, base, multiplier):
    unit = parse_unit(written)
    assert unit is not None
    assert (unit.base, unit.multiplier) == (base, multiplier)


def test_an_unknown_unit_is_not_guessed():
    assert parse_unit("亿吨") is None
    assert parse_unit("") is None
