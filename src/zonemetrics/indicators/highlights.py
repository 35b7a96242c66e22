"""The figures of the founding report, computed from the ledger for the demo.

The founding report (People's Daily via PRNewswire, 2024-03-21) says Xiangjiang's
output "surged from 160 billion yuan in 2015 to 450 billion yuan in 2023", on "0.5
percent of Hunan's land" and "eight percent" of its GDP. These are the derived values
that test those sentences.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.indicators.derive import compute
from zonemetrics.indicators.ranges import Tables

HIGHLIGHTS = (
    ("gdp_multiple", "2015-2023"),
    ("gdp_cagr", "2015-2023"),
    ("share_of_province_land_computed", None),
    ("share_of_province_gdp_computed", None),
    ("gdp_land_density_ratio", None),
)


def zone_highlights(tables: Tables, zone_id: str = "xiangjiang") -> list[dict[str, Any]]:
    """Derived values behind the report's sentences, each with its receipt ids."""
    out: list[dict[str, Any]] = []
    for code, period in HIGHLIGHTS:
        values = compute(tables, code)
        values = values.filter(values.zone_id == zone_id)
        if period is not None:
            values = values.filter(values.period == period)
        for row in values.order_by(["period", "caliber"]).to_pyarrow().to_pylist():
            row["receipt"] = sorted(row["receipt"])
            out.append(row)
    return out
