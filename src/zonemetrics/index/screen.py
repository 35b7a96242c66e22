"""Screen units by data availability and by zeros (COINr's Screen).

A unit scored on a handful of indicators would rank on whatever happens to be
present; screening drops such units and says which ones, instead of hiding them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zonemetrics.index.errors import IndexSpecError

UNIT_SCREENS = ("byNA", "byNZ", "byBoth", "none")
_ALIASES = {"byzeros": "byNZ", "byZeros": "byNZ"}


@dataclass(frozen=True)
class ScreenResult:
    keep: np.ndarray
    availability: np.ndarray
    nonzero: np.ndarray


def screen_units(
    values: np.ndarray,
    unit_screen: str = "byNA",
    dat_thresh: float = 0.66,
    nonzero_thresh: float = 0.05,
) -> ScreenResult:
    """Keep rows whose fraction of available (and/or non-zero) indicators meets the thresholds.

    The non-zero fraction is taken over all indicators, as in COINr, so a missing value
    also counts against it.
    """
    method = _ALIASES.get(unit_screen, unit_screen)
    if method not in UNIT_SCREENS:
        raise IndexSpecError(f"unit_screen must be one of {UNIT_SCREENS} (or byzeros)")
    k = values.shape[1]
    avail = (~np.isnan(values)).sum(axis=1) / k
    nonzero = (np.nan_to_num(values, nan=0.0) != 0).sum(axis=1) / k
    ok_na = avail >= dat_thresh
    ok_nz = nonzero >= nonzero_thresh
    keep = {
        "byNA": ok_na,
        "byNZ": ok_nz,
        "byBoth": ok_na & ok_nz,
        "none": np.ones(values.shape[0], dtype=bool),
    }[method]
    return ScreenResult(keep, avail, nonzero)
