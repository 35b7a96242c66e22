"""One data set of a coin: rows are units (unit-years for a panel), columns are iCodes.

Values live in one float matrix so every step is a vectorised numpy operation; the
row labels (uCode and, for panels, Time) travel with it because screening drops rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Dataset:
    ucode: np.ndarray
    time: np.ndarray | None
    columns: tuple[str, ...]
    values: np.ndarray

    def __post_init__(self) -> None:
        if self.values.shape != (len(self.ucode), len(self.columns)):
            raise ValueError(
                f"values shape {self.values.shape} does not match "
                f"{len(self.ucode)} rows x {len(self.columns)} columns"
            )

    @property
    def n_rows(self) -> int:
        return len(self.ucode)

    def col(self, code: str) -> np.ndarray:
        return self.values[:, self.columns.index(code)]

    def cols(self, codes: list[str]) -> np.ndarray:
        idx = [self.columns.index(c) for c in codes]
        return self.values[:, idx]

    def replace(self, values: np.ndarray, columns: tuple[str, ...] | None = None) -> Dataset:
        return Dataset(self.ucode, self.time, columns or self.columns, values)

    def take_rows(self, keep: np.ndarray) -> Dataset:
        time = None if self.time is None else self.time[keep]
        return Dataset(self.ucode[keep], time, self.columns, self.values[keep])

    def blocks(self, pooled: bool = False) -> list[np.ndarray]:
        """Row indices of each cross-section (one per Time), or all rows at once.

        Cross-sectional operations (imputation by mean, outlier treatment,
        normalisation) work within a year unless the user asks for global pooling.
        """
        if pooled or self.time is None:
            return [np.arange(self.n_rows)]
        return [np.flatnonzero(self.time == t) for t in np.unique(self.time)]

    def to_frame(self) -> pd.DataFrame:
        head: dict[str, object] = {"uCode": self.ucode}
        if self.time is not None:
            head["Time"] = self.time
        frame = pd.DataFrame(head)
        body = pd.DataFrame(self.values, columns=list(self.columns))
        return pd.concat([frame, body], axis=1)
