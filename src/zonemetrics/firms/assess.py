"""Assessing firms against certification rules, as one Ibis expression over all firms.

Each criterion becomes columns `<id>__value`, `__threshold`, `__margin` and `__pass`
(null when evidence is missing); groups combine their parts (all_of: every part passes;
any_of: one route suffices), so a million firm-years are judged in one vectorised query
on DuckDB (or Spark), never in a Python loop per firm.

Verdicts: `qualified` (every criterion passes), `not_qualified` (one fails, whatever is
missing), `incomplete` (none fails but some evidence is missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis

from zonemetrics.firms.rules import Criterion, RuleVersion

QUALIFIED, NOT_QUALIFIED, INCOMPLETE = "qualified", "not_qualified", "incomplete"


def exact(number: float) -> ibis.Value:
    """A threshold as the double nearest its decimal text. A bare literal 0.6 becomes a
    DECIMAL that DuckDB widens to 0.6000000000000001, which would fail a share of exactly
    60%; casting the text gives the same double the share's division yields."""
    return ibis.literal(repr(float(number))).cast("float64")


def _number(table: ibis.Table, column: str) -> ibis.Value:
    if column in table.columns:
        return table[column].cast("float64")
    return ibis.null("float64")


def _value(table: ibis.Table, criterion: Criterion) -> ibis.Value:
    spec = criterion.value or {}
    if "column" in spec:
        column = spec["column"]
        if criterion.test in ("is_true", "is_false"):
            return (
                table[column].cast("boolean") if column in table.columns else ibis.null("boolean")
            )
        return _number(table, column)
    if "ratio" in spec:
        numerator, denominator = (_number(table, c) for c in spec["ratio"])
        return numerator / ibis.cases((denominator > 0, denominator), else_=ibis.null("float64"))
    if "years_between" in spec:
        start, end = spec["years_between"]
        if start not in table.columns or end not in table.columns:
            return ibis.null("float64")
        a, b = table[start], table[end]
        months = (b.year() - a.year()) * 12 + (b.month() - a.month())
        months = months - ibis.cases((b.day() < a.day(), 1), else_=0)
        return months.cast("float64") / 12
    raise ValueError(f"criterion {criterion.id}: no value")


def _threshold(table: ibis.Table, criterion: Criterion) -> ibis.Value:
    if criterion.bands:
        by = _number(table, criterion.band_column or "")
        cases = [
            (by <= exact(b.up_to), exact(b.threshold))
            for b in criterion.bands
            if b.up_to is not None
        ]
        last = exact(criterion.bands[-1].threshold)
        return ibis.cases(*cases, else_=last) if cases else last
    if criterion.threshold is None:
        return ibis.null("float64")
    return exact(criterion.threshold)


def _leaf_inputs(table: ibis.Table, criterion: Criterion) -> dict[str, ibis.Value]:
    return {
        f"{criterion.id}__value": _value(table, criterion),
        f"{criterion.id}__threshold": _threshold(table, criterion),
    }


def _leaf_outcome(table: ibis.Table, criterion: Criterion) -> dict[str, ibis.Value]:
    """Margin and pass of a leaf, from its value and threshold columns."""
    value = table[f"{criterion.id}__value"]
    threshold = table[f"{criterion.id}__threshold"]
    test = criterion.test
    if test == "is_true":
        passed, margin = value, ibis.null("float64")
    elif test == "is_false":
        # `value == False`, not `~value`: the negation compiles to `NOT x`, which
        # `NOT x IS NULL` would then read as NOT (x IS NULL)
        passed, margin = value == ibis.literal(False), ibis.null("float64")
    elif test in ("at_least", "above"):
        margin = value - threshold
        passed = value >= threshold if test == "at_least" else value > threshold
    else:
        margin = threshold - value
        passed = value <= threshold if test == "at_most" else value < threshold
    return {f"{criterion.id}__margin": margin, f"{criterion.id}__pass": passed}


def _combine(combine: str, parts: list[ibis.Value]) -> ibis.Value:
    """Three-valued: all_of fails if a part fails, passes if all pass, else unknown;
    any_of passes if a part passes, fails if all fail, else unknown."""
    decisive, other = (False, True) if combine == "all_of" else (True, False)
    some_decisive = ibis.literal(False)
    all_other = ibis.literal(True)
    for part in parts:
        some_decisive |= part.fill_null(not decisive) == decisive
        all_other &= part.fill_null(decisive) == other
    return ibis.cases((some_decisive, decisive), (all_other, other), else_=ibis.null("boolean"))


def _groups_by_depth(criteria: tuple[Criterion, ...]) -> list[list[Criterion]]:
    """Groups, deepest first, so each level reads its parts' finished columns."""
    levels: dict[int, list[Criterion]] = {}

    def walk(criterion: Criterion) -> int:
        if not criterion.parts:
            return 0
        depth = 1 + max(walk(p) for p in criterion.parts)
        levels.setdefault(depth, []).append(criterion)
        return depth

    for criterion in criteria:
        walk(criterion)
    return [levels[d] for d in sorted(levels)]


def assessment_expr(table: ibis.Table, rule: RuleVersion) -> ibis.Table:
    """One row per firm-year: identity, every criterion's columns, failed and missing
    counts and the verdict.

    Built in stages (values and thresholds; margins and passes; groups level by level;
    verdict), each reading the previous stage's columns, so no sub-expression is
    written out more than once in the query the engine runs."""
    leaves = [leaf for c in rule.criteria for leaf in c.leaves()]
    keep = [c for c in (*rule.identity, "name", "_row") if c in table.columns]
    inputs: dict[str, ibis.Value] = {}
    for leaf in leaves:
        inputs.update(_leaf_inputs(table, leaf))
    staged = table.select(*keep, **inputs)
    outcomes: dict[str, ibis.Value] = {}
    for leaf in leaves:
        outcomes.update(_leaf_outcome(staged, leaf))
    staged = staged.mutate(**outcomes)
    for level in _groups_by_depth(rule.criteria):
        staged = staged.mutate(
            **{
                f"{group.id}__pass": _combine(
                    group.combine or "all_of", [staged[f"{p.id}__pass"] for p in group.parts]
                )
                for group in level
            }
        )
    tops = [staged[f"{c.id}__pass"] for c in rule.criteria]
    failed = sum((t.fill_null(True) == False).cast("int32") for t in tops)  # noqa: E712
    missing = sum(t.isnull().cast("int32") for t in tops)
    staged = staged.mutate(failed=failed, missing=missing)
    return staged.mutate(
        verdict=ibis.cases(
            (staged.failed > 0, NOT_QUALIFIED),
            (staged.missing > 0, INCOMPLETE),
            else_=QUALIFIED,
        )
    )


def cultivation_expr(assessed: ibis.Table, rule: RuleVersion, size: int) -> ibis.Table:
    """The `size` firms closest to qualifying: failed ones with the fewest failed criteria,
    then the least missing evidence, then the smallest summed shortfall. Computed on the
    failing firms only, after the verdicts."""
    failing = assessed.filter(assessed.verdict == NOT_QUALIFIED)
    failing = failing.mutate(shortfall=_relative_shortfall(failing, rule))
    return failing.order_by(["failed", "missing", "shortfall", "_row"]).limit(size)


def _relative_shortfall(staged: ibis.Table, rule: RuleVersion) -> ibis.Value:
    """How far a firm is from qualifying: the sum, over failed threshold tests of the
    top-level criteria's leaves, of the gap as a share of the threshold (a yes/no test
    that fails counts 1). Ranks the cultivation list."""
    total = ibis.literal(0.0)
    for criterion in rule.criteria:
        if criterion.combine == "any_of":
            continue  # an alternative route: its best route is judged by the verdict alone
        for leaf in criterion.leaves():
            passed = staged[f"{leaf.id}__pass"].fill_null(True)
            if leaf.test in ("is_true", "is_false") or (
                leaf.threshold in (None, 0.0) and not leaf.bands
            ):
                gap = ibis.cases((passed, 0.0), else_=1.0)
            else:
                margin = staged[f"{leaf.id}__margin"]
                threshold = staged[f"{leaf.id}__threshold"]
                gap = ibis.cases((passed, 0.0), else_=-margin / threshold.abs())
            total = total + gap.fill_null(0.0)
    return total


@dataclass
class Assessment:
    rule: RuleVersion
    firms: list[dict[str, Any]]
    cultivation: list[dict[str, Any]]
    counts: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.kind,
            "rule_version_from": self.rule.from_year,
            "document": self.rule.document,
            "counts": self.counts,
            "firms": self.firms,
            "cultivation": self.cultivation,
        }


def _criterion_report(row: dict[str, Any], criterion: Criterion) -> dict[str, Any]:
    report: dict[str, Any] = {
        "id": criterion.id,
        "clause": criterion.clause,
        "en": criterion.en,
        "zh": criterion.zh,
        "passed": row[f"{criterion.id}__pass"],
    }
    if criterion.parts:
        report["combine"] = criterion.combine
        report["parts"] = [_criterion_report(row, p) for p in criterion.parts]
    else:
        report.update(
            value=row[f"{criterion.id}__value"],
            threshold=row[f"{criterion.id}__threshold"],
            margin=row[f"{criterion.id}__margin"],
            unit=criterion.unit,
            missing_evidence=sorted(criterion.columns())
            if row[f"{criterion.id}__pass"] is None
            else [],
        )
    return report


def assess(table: ibis.Table, rule: RuleVersion, cultivation_size: int = 10) -> Assessment:
    """Judge every firm; report each criterion and the firms closest to qualifying."""
    result = assessment_expr(table, rule)
    tally = result.group_by("verdict").aggregate(n=result.count()).to_pyarrow().to_pylist()
    counts = {r["verdict"]: r["n"] for r in tally}
    records = result.order_by("_row").to_pyarrow().to_pylist()
    firms = [_firm_report(r, rule) for r in records]
    near = cultivation_expr(result, rule, cultivation_size).to_pyarrow().to_pylist()
    by_row = {f["row"]: f for f in firms}
    cultivation = [dict(by_row[r["_row"]], shortfall=r["shortfall"]) for r in near]
    return Assessment(rule, firms, cultivation, counts)


def _firm_report(row: dict[str, Any], rule: RuleVersion) -> dict[str, Any]:
    criteria = [_criterion_report(row, c) for c in rule.criteria]
    return {
        **{k: row[k] for k in (*rule.identity, "name") if k in row},
        "row": row.get("_row"),
        "verdict": row["verdict"],
        "failed": row["failed"],
        "missing": row["missing"],
        "criteria": criteria,
        "missing_evidence": sorted({col for c in criteria for col in _missing_columns(c)}),
    }


def _missing_columns(report: dict[str, Any]) -> list[str]:
    """Evidence whose absence leaves the verdict open (none under a criterion that has
    passed anyway, e.g. by another route)."""
    if report["passed"] is not None:
        return []
    found = list(report.get("missing_evidence", []))
    for part in report.get("parts", []):
        found += _missing_columns(part)
    return found
