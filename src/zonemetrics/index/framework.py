"""The index framework (COINr's iMeta): which indicators exist and how they nest.

Everything that aggregates, weights or audits needs the same questions answered
(what are the children of this node, what level is it at, what is its weight), so
they are answered once here from the iMeta table rather than re-derived in each step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from zonemetrics.index.errors import IndexSpecError

IMETA_REQUIRED = ("iCode", "Level", "Parent", "Direction", "Weight", "Type")


def _clean_str(value: object) -> str | None:
    """iMeta cells are read from CSV, where an empty cell becomes NaN: map it to None."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _clean_float(value: object, default: float = float("nan")) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
    return default if np.isnan(out) else out


@dataclass(frozen=True)
class Framework:
    """The parsed iMeta: indicators (level 1), aggregates (levels 2..top), groups, denominators.

    `order` keeps the iMeta row order per level, because COINr users read outputs in
    that order and because tests compare by code, never by position.
    """

    meta: pd.DataFrame
    level: dict[str, int]
    parent: dict[str, str | None]
    direction: dict[str, float]
    weight: dict[str, float]
    denominator: dict[str, str | None]
    target: dict[str, float]
    group_cols: list[str]
    denom_cols: list[str]
    order: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def from_imeta(cls, imeta: pd.DataFrame) -> Framework:
        missing = [c for c in IMETA_REQUIRED if c not in imeta.columns]
        if missing:
            raise IndexSpecError(f"iMeta lacks required column(s): {', '.join(missing)}")
        level: dict[str, int] = {}
        parent: dict[str, str | None] = {}
        direction: dict[str, float] = {}
        weight: dict[str, float] = {}
        denominator: dict[str, str | None] = {}
        target: dict[str, float] = {}
        groups: list[str] = []
        denoms: list[str] = []
        order: dict[int, list[str]] = {}
        for row in imeta.to_dict("records"):
            code = _clean_str(row["iCode"])
            kind = _clean_str(row["Type"])
            if code is None or kind is None:
                raise IndexSpecError("every iMeta row needs an iCode and a Type")
            if kind == "Group":
                groups.append(code)
                continue
            if kind == "Denominator":
                denoms.append(code)
                continue
            if kind not in ("Indicator", "Aggregate"):
                continue
            lev = int(_clean_float(row["Level"]))
            level[code] = lev
            parent[code] = _clean_str(row.get("Parent"))
            direction[code] = _clean_float(row.get("Direction"), 1.0)
            weight[code] = _clean_float(row.get("Weight"), 1.0)
            denominator[code] = _clean_str(row.get("Denominator"))
            target[code] = _clean_float(row.get("Target"))
            order.setdefault(lev, []).append(code)
        fw = cls(
            imeta, level, parent, direction, weight, denominator, target, groups, denoms, order
        )
        fw.validate()
        return fw

    def validate(self) -> None:
        """Fail early on a broken tree: a dangling parent would silently drop indicators."""
        if 1 not in self.order:
            raise IndexSpecError("iMeta has no Level 1 indicators")
        for code, par in self.parent.items():
            if par is None:
                if self.level[code] != self.top_level:
                    raise IndexSpecError(f"{code} (level {self.level[code]}) has no Parent")
                continue
            if par not in self.level:
                raise IndexSpecError(f"Parent {par!r} of {code} is not an iCode in iMeta")
            if self.level[par] != self.level[code] + 1:
                raise IndexSpecError(f"Parent {par} of {code} is not one level up")

    @property
    def top_level(self) -> int:
        return max(self.order)

    @property
    def indicators(self) -> list[str]:
        return list(self.order[1])

    @property
    def index_code(self) -> str:
        top = self.order[self.top_level]
        if len(top) != 1:
            raise IndexSpecError(f"top level {self.top_level} must hold exactly one iCode")
        return top[0]

    def codes_at(self, level: int) -> list[str]:
        return list(self.order.get(level, []))

    def children(self, code: str) -> list[str]:
        lev = self.level[code] - 1
        return [c for c in self.order.get(lev, []) if self.parent[c] == code]

    def membership(self, level: int) -> tuple[list[str], list[str], np.ndarray]:
        """Child codes at `level`, parent codes at `level + 1`, and the 0/1 matrix linking them.

        Aggregation of a whole level is then one matrix product, which is what lets the
        uncertainty engine aggregate thousands of runs at once.
        """
        kids = self.codes_at(level)
        pars = self.codes_at(level + 1)
        mat = np.zeros((len(kids), len(pars)))
        pos = {p: j for j, p in enumerate(pars)}
        for i, k in enumerate(kids):
            mat[i, pos[self.parent[k]]] = 1.0  # type: ignore[index]
        return kids, pars, mat

    def all_codes(self) -> list[str]:
        return [c for lev in sorted(self.order) for c in self.order[lev]]


def effective_weights(fw: Framework, weights: Mapping[str, float]) -> dict[str, float]:
    """Each node's share of the index: its weight within its group times its parent's share.

    This is what a weight really means after the hierarchy has diluted it (COINr's
    get_eff_weights), so the audit reports it next to the nominal weights.
    """
    eff: dict[str, float] = {fw.index_code: 1.0}
    for lev in range(fw.top_level, 1, -1):
        for par in fw.codes_at(lev):
            kids = fw.children(par)
            total = sum(weights[k] for k in kids)
            for k in kids:
                eff[k] = eff[par] * weights[k] / total if total else float("nan")
    return eff
