"""The same indicator and ranking expressions give the same answers on every engine.

The bundled ledger is pushed to each engine once; every result is compared with the
embedded DuckDB store's, row for row. Floats may differ in the last bit where engines
use different maths libraries (Spark's JVM pow vs DuckDB's C pow in a CAGR): they are
compared to 1e-12 relative; everything else must be equal.
"""

from __future__ import annotations

import math

import pytest

from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.rank import rank, rank_with_reported
from zonemetrics.store.remote import BackendTables

_PUSHED: dict[str, BackendTables] = {}


@pytest.fixture
def ledger_on(backend, bundle_store) -> BackendTables:
    """The bundled ledger on the engine under test (pushed once per engine)."""
    if backend.name not in _PUSHED:
        _PUSHED[backend.name] = BackendTables(bundle_store, backend)
    return _PUSHED[backend.name]


def same(a, b) -> bool:
    """Equal, except floats, which may differ in the last bits between engines."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _rows(tables, code):
    values = compute(tables, code)
    return values.order_by(["zone_id", "period", "caliber"]).to_pyarrow().to_pylist()


def test_gdp_ranking_2023_is_the_same_on_every_engine(ledger_on, bundle_store):
    here = rank_with_reported(ledger_on, "gdp", 2023, "new_areas")
    assert here.rows[0]["zone"] == "pudong"
    assert same(
        here.as_dict(), rank_with_reported(bundle_store, "gdp", 2023, "new_areas").as_dict()
    )


@pytest.mark.parametrize(
    "code",
    ["gdp_cagr", "share_of_province_land_computed", "gdp_usd_computed", "gdp_land_density_ratio"],
)
def test_derived_indicators_are_the_same_on_every_engine(ledger_on, bundle_store, code):
    assert same(_rows(ledger_on, code), _rows(bundle_store, code))


def test_a_ranking_on_a_derived_indicator_is_the_same_on_every_engine(ledger_on, bundle_store):
    here = rank(ledger_on, "gdp_per_km2", 2023, "new_areas")
    assert here.with_data > 0
    assert same(here.rows, rank(bundle_store, "gdp_per_km2", 2023, "new_areas").rows)
