"""Computing derived indicators from the catalogue, as Ibis expressions.

Each kind of computation is a small function from input ranges to a result range; the
catalogue says which kind and which inputs. Results are not stored: they are a
function of the ledger, recomputed on demand, and each carries a receipt (the ids of
the observations it used).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zonemetrics.lazy_modules import lazy_module

if TYPE_CHECKING:
    import ibis
else:
    ibis = lazy_module("ibis")  # imported when an expression is first built

from zonemetrics.indicators.catalog import Derived, derived, derived_catalog
from zonemetrics.indicators.ranges import (
    RANGE_COLUMNS,
    Tables,
    base_ranges,
    finish,
    joined_caliber,
    safe_divide,
)
from zonemetrics.indicators.receipts import receipt_details
from zonemetrics.ledger.policy import memoised

DERIVED_COLUMNS = (*RANGE_COLUMNS, "unit", "value", "value_high", "qualifier")


def _inputs(tables: Tables, code: str, *, timeless: bool = False) -> ibis.Table:
    """A base indicator from the ledger, or another derived indicator (for densities)."""
    if code in derived_catalog():
        return compute(tables, code)
    return base_ranges(tables, code, timeless=timeless)


def _divide(a: ibis.Table, b: ibis.Table, scale: float) -> dict[str, ibis.Value]:
    """The range of a / b for non-negative a and b, and the receipt of both."""
    return {
        "lo": safe_divide(a.lo, b.hi) * scale,
        "hi": safe_divide(a.hi, b.lo) * scale,
        "lo_open": a.lo_open | b.hi_open,
        "hi_open": a.hi_open | b.lo_open | (b.lo <= 0),
        "approx": a.approx | b.approx,
        "receipt": a.receipt.concat(b.receipt),
    }


def _period_of(a: ibis.Table) -> dict[str, ibis.Value]:
    return {
        "period": a.period,
        "period_kind": a.period_kind,
        "period_start_year": a.period_start_year,
        "period_end_year": a.period_end_year,
    }


def _ratio(tables: Tables, spec: Derived) -> ibis.Table:
    a = _inputs(tables, spec.inputs["numerator"])
    b = _inputs(tables, spec.inputs["denominator"], timeless=spec.denominator_timeless)
    on = [a.zone_id == b.zone_id]
    if not spec.denominator_timeless:
        on += [a.period == b.period]
        if spec.kind != "density":
            on += [a.caliber == b.caliber]
    joined = a.join(b, on)
    return joined.select(
        zone_id=a.zone_id,
        caliber=joined_caliber(a.caliber, b.caliber),
        **_period_of(a),
        **_divide(a, b, spec.scale),
    )


def _share_of_parent(tables: Tables, spec: Derived) -> ibis.Table:
    zones = tables.table("zones").select("zone_id", parent_id="province")
    zone_values = _inputs(tables, spec.inputs["input"], timeless=spec.timeless)
    parent_values = _inputs(tables, spec.inputs["input"], timeless=spec.timeless)
    a = zone_values.join(zones, "zone_id").filter(lambda t: t.parent_id.notnull())
    b = parent_values
    on = [a.parent_id == b.zone_id]
    if not spec.timeless:
        on += [a.period == b.period]
    joined = a.join(b, on)
    return joined.select(
        zone_id=a.zone_id,
        caliber=joined_caliber(a.caliber, b.caliber),
        **_period_of(a),
        **_divide(a, b, spec.scale),
    )


def _pairs(tables: Tables, spec: Derived, consecutive: bool) -> tuple[ibis.Table, ...]:
    """Start and end values of the same zone and caliber, yearly periods only."""
    values = _inputs(tables, spec.inputs["input"])
    values = values.filter(values.period_kind == "year")
    start = values.view()
    on = [values.zone_id == start.zone_id, values.caliber == start.caliber]
    if consecutive:
        on += [values.period_start_year == start.period_start_year + 1]
    else:
        on += [values.period_start_year > start.period_start_year]
    joined = values.join(start, on)
    return joined, values, start


def _growth(tables: Tables, spec: Derived) -> ibis.Table:
    joined, end, start = _pairs(tables, spec, consecutive=True)
    ratio = _divide(end, start, 1.0)
    return joined.select(
        zone_id=end.zone_id,
        caliber=end.caliber,
        **_period_of(end),
        **ratio | {"lo": (ratio["lo"] - 1) * 100, "hi": (ratio["hi"] - 1) * 100},
    )


def _multi_year(tables: Tables, spec: Derived) -> ibis.Table:
    joined, end, start = _pairs(tables, spec, consecutive=False)
    ratio = _divide(end, start, 1.0)
    years = (end.period_start_year - start.period_start_year).cast("float64")
    if spec.kind == "cagr":
        ratio |= {
            "lo": (ratio["lo"] ** (1.0 / years) - 1) * 100,
            "hi": (ratio["hi"] ** (1.0 / years) - 1) * 100,
        }
    return joined.select(
        zone_id=end.zone_id,
        caliber=end.caliber,
        period=start.period.concat("-", end.period),
        period_kind=ibis.literal("span"),
        period_start_year=start.period_start_year,
        period_end_year=end.period_start_year,
        **ratio,
    )


def _convert(tables: Tables, spec: Derived) -> ibis.Table:
    a = _inputs(tables, spec.inputs["input"])
    rate = base_ranges(tables, spec.inputs["rate"])
    rate = rate.filter(rate.period_kind == "year")
    joined = a.join(rate, a.period == rate.period)
    return joined.select(
        zone_id=a.zone_id,
        caliber=a.caliber,
        **_period_of(a),
        **_divide(a, rate, 1.0),
    )


_KIND_FUNCTIONS = {
    "ratio": _ratio,
    "density": _ratio,
    "share_of_parent": _share_of_parent,
    "growth": _growth,
    "cagr": _multi_year,
    "multiple": _multi_year,
    "convert": _convert,
}


def compute(tables: Tables, code: str) -> ibis.Table:
    """Every value of one derived indicator that the ledger supports, with receipts.

    On the embedded store the result is evaluated once per session (until the ledger
    changes); on other engines it stays one expression.
    """
    spec = derived(code)

    def build() -> ibis.Table:
        ranges = _KIND_FUNCTIONS[spec.kind](tables, spec)
        return finish(ranges, code, spec.unit).select(*DERIVED_COLUMNS)

    return memoised(tables, f"derived_{code}", build)


def compute_all(tables: Tables, codes: list[str] | None = None) -> ibis.Table:
    """All derived indicators (or the given ones) as one table."""
    chosen = codes or list(derived_catalog())
    return ibis.union(*[compute(tables, code) for code in chosen])


def derived_values(
    tables: Tables, code: str, zone_id: str | None = None, year: int | None = None
) -> list[dict[str, Any]]:
    """Values of one derived indicator (for a zone, for periods including a year), each
    with its receipt expanded: the observations used, as written, with their sources."""
    values = compute(tables, code)
    if zone_id is not None:
        values = values.filter(values.zone_id == zone_id)
    if year is not None:
        values = values.filter(
            (values.period_start_year <= year) & (values.period_end_year >= year)
        )
    rows = values.order_by(["zone_id", "period", "caliber"]).to_pyarrow().to_pylist()
    for row in rows:
        row["receipt"] = receipt_details(tables, sorted(row["receipt"]))
        row["flags"] = derived_flags(tables, code, row)
    return rows


#: tiers whose figures a derived value should not rest on without saying so
LOW_TIERS = ("blog",)


def derived_flags(tables: Tables, code: str, row: dict[str, Any]) -> list[dict[str, str]]:
    """What a reader should know before trusting a derived value: inputs that other
    sources contradict, inputs from low-tier sources, inputs imported as outliers, and
    a growth beyond its indicator's year-on-year band (plausibility.yaml)."""
    from zonemetrics.ingest.plausibility import flags_by_observation, rules

    flags: list[dict[str, str]] = []
    receipt = row["receipt"]
    contested = [r for r in receipt if r.get("conflicts")]
    if contested:
        flags.append(
            {
                "flag": "conflicting_input",
                "reason": "computed from "
                + ", ".join(f"{r['original_text']} ({r['source_id']})" for r in contested)
                + ", which other sources contradict",
            }
        )
    weak = [r for r in receipt if r.get("tier") in LOW_TIERS]
    if weak:
        flags.append(
            {
                "flag": "low_tier_input",
                "reason": "computed from "
                + ", ".join(f"{r['original_text']} ({r['source_id']}, {r['tier']})" for r in weak),
            }
        )
    # outlier flags live in the embedded store; other engines carry only the tables
    held = hasattr(tables, "sql")
    store_flags = flags_by_observation(tables, [r["obs_id"] for r in receipt]) if held else {}
    for obs_id, found in store_flags.items():
        for flag in found:
            flags.append(
                {
                    "flag": "outlier_input",
                    "reason": f"input {obs_id} was imported as an outlier: {flag['reason']}",
                }
            )
    spec = derived(code)
    if spec.kind == "growth" and row.get("value") is not None:
        for rule in rules():
            band = rule.params.get("band_percent")
            if (
                rule.check == "year_on_year"
                and rule.applies_to([spec.inputs["input"]])
                and abs(row["value"]) > float(band)
            ):
                flags.append(
                    {
                        "flag": "beyond_band",
                        "reason": f"{row['value']:+.1f}% is beyond the band of +/-{band}% "
                        f"a year for {spec.inputs['input']} ({rule.id})",
                    }
                )
    return flags
