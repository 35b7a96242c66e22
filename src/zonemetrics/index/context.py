"""What a step may use of the coin it runs on, as a protocol.

Steps are functions of a coin, but they must not import the coin module (the coin
imports them to look them up). They are typed against this protocol instead, which
the Coin satisfies; a plug-in step receives the same object and may use the same
members.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
import pandas as pd

from zonemetrics.index.dataset import Dataset
from zonemetrics.index.framework import Framework


class CoinContext(Protocol):
    """The members of a Coin a step reads and writes."""

    idata: pd.DataFrame
    imeta: pd.DataFrame
    framework: Framework
    dsets: dict[str, Dataset]
    weights: dict[str, dict[str, float]]
    active_weights: str
    details: dict[str, Any]
    latest: str
    log: list[Any]

    def get_dset(self, name: str | None = None) -> Dataset: ...

    def row_values(self, ds: Dataset, column: str) -> np.ndarray: ...

    def weight_set(self, w: str | Mapping[str, float] | None = None) -> dict[str, float]: ...

    def write(self, name: str, ds: Dataset) -> None: ...

    def warn(self, message: str) -> None: ...
