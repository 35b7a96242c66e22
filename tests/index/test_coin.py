"""Leaving indicators out of a coin and bringing them back (COINr's exclude and change_ind)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from zonemetrics.index import Coin
from zonemetrics.index.coin import change_ind
from zonemetrics.index.errors import IndexSpecError
from zonemetrics.index.spec import run_spec


def test_dropping_an_indicator_rebuilds_the_coin_without_it(small_coin) -> None:  # type: ignore[no-untyped-def]
    """x2 dropped: P1 is x1 alone, so the index is the mean of x1 = [1, 2, 4, 5] and
    x3 = [3, 1, 2, 4] reversed (Direction -1), each scaled to [0, 100]: x1 gives
    0, 25, 75, 100 and x3 gives 33.3, 100, 66.7, 0."""
    coin = small_coin().normalise(f_n="n_minmax", l_u=[0, 100]).aggregate(f_ag="a_amean")
    dropped = change_ind(coin, drop=["x2"])
    assert dropped.framework.indicators == ["x1", "x3"]
    assert "x2" not in dropped.idata.columns and "x2" not in set(dropped.imeta["iCode"])
    expected = [(0 + 100 / 3) / 2, (25 + 100) / 2, (75 + 200 / 3) / 2, (100 + 0) / 2]
    np.testing.assert_allclose(dropped.get_dset("Aggregated").col("Index"), expected)
    back = change_ind(dropped, add=["x2"])
    np.testing.assert_allclose(
        back.get_dset("Aggregated").col("Index"), coin.get_dset("Aggregated").col("Index")
    )
    again = dropped.regen({"normalise": {"l_u": [1, 100]}})
    assert again.framework.indicators == ["x1", "x3"]


def test_an_exclusion_that_empties_a_pillar_or_names_no_indicator_is_refused(small_coin) -> None:  # type: ignore[no-untyped-def]
    coin = small_coin()
    with pytest.raises(IndexSpecError, match="leaves P2 with no indicator below it"):
        change_ind(coin, drop=["x3"])
    with pytest.raises(IndexSpecError, match="P1 is not an indicator"):
        Coin(*coin.given, exclude=("P1",))
    with pytest.raises(IndexSpecError, match="x9 is not an indicator of the given iMeta"):
        change_ind(coin, add=["x9"])


def test_a_spec_can_exclude_indicators(spec_a: Path) -> None:
    spec_a.write_text(spec_a.read_text() + "exclude: [LPI, Flights]\n")
    coin = run_spec(spec_a)
    assert "LPI" not in coin.framework.indicators and "Flights" not in coin.framework.indicators
    assert np.isfinite(coin.get_dset("Aggregated").col("Index")).all()
