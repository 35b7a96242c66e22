"""The random hot-deck (`i_hotdeck`): one plausible completion of the data per seed."""

from __future__ import annotations

import numpy as np

from zonemetrics.index.impute import i_hotdeck, impute_block


def test_hotdeck_fills_only_the_gaps_with_observed_values_of_the_same_indicator() -> None:
    block = np.array([[1.0, 10.0], [np.nan, 20.0], [3.0, np.nan], [4.0, 40.0], [np.nan, 50.0]])
    filled = impute_block(block, "i_hotdeck", {"seed": 7})
    observed = ~np.isnan(block)
    assert np.array_equal(filled[observed], block[observed])
    assert not np.isnan(filled).any()
    for j in range(block.shape[1]):
        donors = set(block[observed[:, j], j])
        assert set(filled[~observed[:, j], j]) <= donors


def test_hotdeck_is_fixed_by_its_seed_and_varies_across_seeds() -> None:
    column = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]] + [[np.nan]] * 6)
    first, again = i_hotdeck(column, seed=1), i_hotdeck(column, seed=1)
    assert np.array_equal(first, again)
    draws = {tuple(i_hotdeck(column, seed=s)[6:, 0]) for s in range(10)}
    assert len(draws) > 1


def test_hotdeck_with_groups_takes_donors_from_the_units_own_group() -> None:
    column = np.array([[1.0], [np.nan], [100.0], [np.nan]])
    filled = i_hotdeck(column, seed=3, f=["a", "a", "b", "b"])
    assert filled[1, 0] == 1.0 and filled[3, 0] == 100.0
