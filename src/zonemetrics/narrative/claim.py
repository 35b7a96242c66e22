"""The claim record shared by generation, extraction and checking.

A generated statement and an extracted claim are the same record, so that a statement
fed back to the checker can be compared field by field with the claim it came from.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = (
    "level",
    "change",
    "share",
    "share_pair",
    "rank",
    "threshold",
    "count",
    "conversion",
    "growth",
)


@dataclass
class Claim:
    """One quantitative claim: a value (or bound) or a rank of one indicator of one zone.

    `value` is in base units (yuan, not 亿元; percent as a plain number). `comparator`
    is one of `=`, `>`, `>=`, `<`, `<=`, `about`, `first_time_above`, `from_to`.
    """

    kind: str
    text: str
    indicator: str | None
    zone_text: str | None = None
    zone: str | None = None
    zone_name: str | None = None
    period: str | None = None
    period_inferred: bool = False
    value: float | None = None
    unit: str | None = None
    rounding: float = 0.0
    comparator: str = "="
    rank: int | None = None
    peer_set: str | None = None
    peer_count: int | None = None
    value_from: float | None = None
    period_from: str | None = None
    converted_value: float | None = None
    converted_unit: str | None = None
    modality: str = "actual"
    start: int = 0
    end: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data.pop("start")
        data.pop("end")
        data.update(self.extra)
        return data
