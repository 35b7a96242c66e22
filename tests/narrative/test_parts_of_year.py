"""Parts of a year as English and Chinese texts write them: the months each phrase covers."""

from __future__ import annotations

from zonemetrics.narrative.parts_of_year import part_of_year


def test_running_totals_of_the_year_so_far():
    assert part_of_year("exports over the past nine months") == (1, 9)
    assert part_of_year("first among zones for the nine-month period") == (1, 9)
    assert part_of_year("capital absorbed over the three quarters") == (1, 9)
    assert part_of_year("the first 10 months") == (1, 10)


def test_halves_and_single_quarters():
    assert part_of_year("in the first half") == (1, 6)
    assert part_of_year("上半年") == (1, 6)
    assert part_of_year("in the second quarter") == (4, 6)
