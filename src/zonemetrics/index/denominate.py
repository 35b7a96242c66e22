"""Denominate: divide extensive indicators by a size measure (COINr's Denominate).

Countries of very different size cannot be compared on totals; dividing by area,
GDP, population or energy turns totals into intensities before anything else runs.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from zonemetrics.index.errors import IndexSpecError


def denominate(
    values: np.ndarray,
    columns: tuple[str, ...],
    denominators: Mapping[str, np.ndarray],
    denomby: Mapping[str, str | None],
) -> np.ndarray:
    """Return a copy of `values` with each column in `denomby` divided by its denominator.

    `denominators` maps a denominator code to its per-row values; a zero denominator
    gives NaN (missing) rather than an infinite intensity.
    """
    out = values.astype(float, copy=True)
    for j, code in enumerate(columns):
        den_code = denomby.get(code)
        if den_code is None:
            continue
        if den_code not in denominators:
            raise IndexSpecError(f"denominator {den_code!r} of {code} is not a column of iData")
        den = np.asarray(denominators[den_code], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[:, j] = np.where(den == 0, np.nan, out[:, j] / den)
    return out
