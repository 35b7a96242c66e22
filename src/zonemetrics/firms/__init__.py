"""Firm-level tables: synthetic registries and their aggregation to zone indicators.

Zone indicators such as high-tech enterprise counts or R&D intensity are, at bottom, sums
over firms. This package holds the firm-year side of that: `synth` makes registry-shaped
test data, `aggregate` turns any firm-year table into zone-year indicators on any engine.
"""

from __future__ import annotations

# The 19 state-level new areas, by the ids the ledger uses, in order of establishment.
NEW_AREA_IDS: tuple[str, ...] = (
    "pudong", "binhai", "liangjiang", "zhoushan", "lanzhou", "nansha", "xixian", "guian",
    "westcoast", "jinpu", "tianfu", "xiangjiang", "jiangbei", "fuzhou", "dianzhong",
    "harbin", "changchun", "ganjiang", "xiongan",
)  # fmt: skip

# The years the synthetic registry spans by default (kept here, beside the zone ids, so
# the command line can show them in --help without importing numpy and pyarrow).
FIRST_YEAR, LAST_YEAR = 2014, 2023
