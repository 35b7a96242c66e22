"""Assessing firms against certification rules, column by column over all firms at once.

The evidence arrives as typed Arrow columns (read and checked by DuckDB in
`firms.evidence`); every criterion is evaluated with numpy over whole columns, so a
million firm-years are judged in a few array operations per criterion, never in a Python
loop per firm. Unknown evidence is NaN throughout (a yes/no is 1.0, 0.0 or NaN), which
keeps the three-valued logic of the rules (pass, fail, not known) in plain arrays.

Each criterion gives columns `<id>__value`, `__threshold`, `__margin` and `__pass` (null
when evidence is missing); groups combine their parts (all_of: every part passes; any_of:
one route suffices). Scored rules first compute their points tables (`<item>__points`,
each category and the total), which the criteria then read like any other evidence.

Verdicts: `qualified` (every criterion passes), `not_qualified` (one fails, whatever is
missing), `incomplete` (none fails but some evidence is missing).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zonemetrics.firms.rules import BOOLEAN_TESTS, Criterion, RuleVersion, Score

QUALIFIED, NOT_QUALIFIED, INCOMPLETE = "qualified", "not_qualified", "incomplete"
VERDICTS = np.array([QUALIFIED, NOT_QUALIFIED, INCOMPLETE])
UNKNOWN = np.nan


class _Columns:
    """The evidence as float arrays (NaN = missing), plus the columns computed so far."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table
        self.rows = table.num_rows
        self.computed: dict[str, np.ndarray] = {}

    def number(self, column: str) -> np.ndarray:
        """The column as floats, converted once however many criteria read it."""
        if column in self.computed:
            return self.computed[column]
        if column not in self.table.column_names:
            return np.full(self.rows, UNKNOWN)
        data = self.table[column]
        if pa.types.is_date(data.type) or pa.types.is_timestamp(data.type):
            raise ValueError(f"column {column} holds dates, not numbers")
        numbers = np.asarray(
            pc.cast(data, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64"
        )
        self.computed[column] = numbers
        return numbers

    def whole_months(self, start: str, end: str) -> np.ndarray:
        """Whole months from one date column to another: the month boundaries crossed,
        less one when the end's day of the month comes before the start's (NaN if either
        date is missing)."""
        if start not in self.table.column_names or end not in self.table.column_names:
            return np.full(self.rows, UNKNOWN)
        a, b = (pc.cast(self.table[c], pa.date32()) for c in (start, end))
        crossed = pc.add(
            pc.multiply(pc.subtract(pc.year(b), pc.year(a)), 12),
            pc.subtract(pc.month(b), pc.month(a)),
        )
        early = pc.less(pc.day(b), pc.day(a))
        months = pc.subtract(crossed, pc.cast(early, pa.int64()))
        return np.asarray(
            pc.cast(months, pa.float64()).to_numpy(zero_copy_only=False), dtype="float64"
        )


def _value(columns: _Columns, criterion: Criterion) -> np.ndarray:
    spec = criterion.value or {}
    if "column" in spec:
        return columns.number(spec["column"])
    if "ratio" in spec:
        numerator, denominator = (columns.number(c) for c in spec["ratio"])
        with np.errstate(divide="ignore", invalid="ignore"):
            # a share of nothing is not known (a denominator of 0 or less gives no ratio)
            return np.where(denominator > 0, numerator / denominator, UNKNOWN)
    if "growth" in spec:
        current, prior = (columns.number(c) for c in spec["growth"])
        with np.errstate(divide="ignore", invalid="ignore"):
            # growth from nothing is not a rate (a prior of 0 or less gives none); the
            # difference over the prior, not current / prior - 1, so that 9.2m on 8m is
            # the same double as 0.15 and lands in the band it names
            return np.where(prior > 0, (current - prior) / prior, UNKNOWN)
    if "years_between" in spec:
        start, end = spec["years_between"]
        return columns.whole_months(start, end) / 12
    raise ValueError(f"criterion {criterion.id}: no value")


def _threshold(columns: _Columns, criterion: Criterion) -> np.ndarray | float:
    """Per firm when banded by another column; otherwise one number for all."""
    if criterion.bands:
        by = columns.number(criterion.band_column or "")
        bounded = [b for b in criterion.bands if b.up_to is not None]
        chosen = np.select(
            [by <= b.up_to for b in bounded],
            [b.threshold for b in bounded],
            default=criterion.bands[-1].threshold,
        )
        return np.where(np.isnan(by), UNKNOWN, chosen)  # no band without its measure
    return UNKNOWN if criterion.threshold is None else criterion.threshold


def _test(
    value: np.ndarray, threshold: np.ndarray | float, test: str
) -> tuple[np.ndarray, np.ndarray | None]:
    """Pass (1.0 / 0.0 / NaN) and margin (how far past the line; None for yes/no tests)."""
    if test in BOOLEAN_TESTS:
        wanted = 1.0 if test == "is_true" else 0.0
        passed = (value == wanted).astype("float64")
        passed[np.isnan(value)] = UNKNOWN
        return passed, None
    with np.errstate(invalid="ignore"):
        if test in ("at_least", "above"):
            margin = value - threshold
            held = value >= threshold if test == "at_least" else value > threshold
        else:
            margin = threshold - value
            held = value <= threshold if test == "at_most" else value < threshold
    passed = held.astype("float64")
    passed[np.isnan(margin)] = UNKNOWN  # the value or its threshold not known
    return passed, margin


def _combine(combine: str, parts: list[np.ndarray]) -> np.ndarray:
    """Three-valued: all_of fails if a part fails, passes if all pass, else unknown;
    any_of passes if a part passes, fails if all fail, else unknown."""
    decisive, other = (0.0, 1.0) if combine == "all_of" else (1.0, 0.0)
    some_decisive = parts[0] == decisive
    all_other = parts[0] == other
    for part in parts[1:]:
        some_decisive |= part == decisive
        all_other &= part == other
    return np.where(some_decisive, decisive, np.where(all_other, other, UNKNOWN))


def _item_points(columns: _Columns, steps) -> np.ndarray:
    """The first step that holds gives the points; a step that cannot be judged before
    one that holds leaves the points unknown (they might be that step's)."""
    result = np.full(columns.rows, UNKNOWN)
    for step in reversed(steps):
        if step.when is None:
            result = np.full(columns.rows, step.points)
            continue
        value = _value(columns, step.when)
        if step.part_of:
            whole = columns.number(step.part_of)
            value = np.where(np.isnan(value) & (whole == 0), 0.0, value)
        threshold = _threshold(columns, step.when)
        passed, _ = _test(value, threshold, step.when.test or "")
        result = np.where(passed == 1.0, step.points, np.where(passed == 0.0, result, UNKNOWN))
    return result


def _scores(columns: _Columns, scores: tuple[Score, ...]) -> dict[str, np.ndarray]:
    """Points per item, per category and in total. A score the file gives is used as
    given (an evaluation already made by the authority); the table fills only its gaps."""
    out: dict[str, np.ndarray] = {}
    for score in scores:
        for item in score.items:
            out[f"{item.id}__points"] = _item_points(columns, item.steps)
        parts = [out[f"{i.id}__points"] for i in score.items] + [out[s] for s in score.sum_of]
        computed = np.zeros(columns.rows)
        for part in parts:
            computed = computed + part  # NaN when any part is unknown
        given = columns.number(score.id)
        out[score.id] = np.where(np.isnan(given), computed, given)
        out[f"{score.id}__given"] = (~np.isnan(given)).astype("float64")
        columns.computed[score.id] = out[score.id]
    return out


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


def _bits(flags: np.ndarray) -> pa.Buffer:
    return pa.py_buffer(np.packbits(flags, bitorder="little"))


def _arrow(array: np.ndarray | float | None, boolean: bool = False, rows: int = 0) -> pa.Array:
    """An Arrow column over the array's own memory (NaN becomes null), built from buffers:
    packing a validity bitmap is far cheaper than a masked copy per column."""
    if array is None or np.isscalar(array):
        number = None if array is None or np.isnan(array) else float(array)
        return pa.repeat(pa.scalar(number, pa.float64()), rows)
    missing = np.isnan(array)
    validity = _bits(~missing) if missing.any() else None
    if boolean:
        return pa.Array.from_buffers(pa.bool_(), len(array), [validity, _bits(array == 1.0)])
    data = np.ascontiguousarray(array, dtype="float64")
    return pa.Array.from_buffers(pa.float64(), len(array), [validity, pa.py_buffer(data)])


#: rows judged at a time: the arrays of one slice (a few dozen of 8 bytes a row) stay in
#: the processor's cache between the operations on them, instead of every operation
#: streaming whole million-row columns through memory
SLICE_ROWS = 1 << 17


def assess_table(table: pa.Table, rule: RuleVersion) -> pa.Table:
    """One row per firm-year: identity, score columns, every criterion's value,
    threshold, margin and pass, the failed and missing counts and the verdict."""
    # slices follow the table's own chunks (an engine hands over row groups), split where
    # longer, so that no column is copied to line chunks up
    batches = table.to_batches(max_chunksize=SLICE_ROWS)
    if len(batches) <= 1:
        return _assess_slice(table, rule)
    # numpy releases the interpreter lock inside its array operations, so slices are
    # judged on every core at once
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        slices = list(pool.map(lambda b: _assess_slice(pa.Table.from_batches([b]), rule), batches))
    return pa.concat_tables(slices)


def _assess_slice(table: pa.Table, rule: RuleVersion) -> pa.Table:
    columns = _Columns(table)
    out: dict[str, pa.Array] = {
        c: table[c] for c in (*rule.identity, "name", "_row") if c in table.column_names
    }
    for name, array in _scores(columns, rule.scores).items():
        out[name] = _arrow(array, boolean=name.endswith("__given"))
    passes: dict[str, np.ndarray] = {}
    gaps: dict[str, tuple[Any, Any]] = {}  # leaf -> (margin, threshold)
    for criterion in rule.criteria:
        for leaf in criterion.leaves():
            value = _value(columns, leaf)
            threshold = _threshold(columns, leaf)
            passed, margin = _test(value, threshold, leaf.test or "")
            passes[leaf.id] = passed
            gaps[leaf.id] = (margin, threshold)
            out[f"{leaf.id}__value"] = _arrow(value, boolean=leaf.test in BOOLEAN_TESTS)
            out[f"{leaf.id}__threshold"] = _arrow(threshold, rows=table.num_rows)
            out[f"{leaf.id}__margin"] = _arrow(margin, rows=table.num_rows)
            out[f"{leaf.id}__pass"] = _arrow(passed, boolean=True)
    for level in _groups_by_depth(rule.criteria):
        for group in level:
            passes[group.id] = _combine(
                group.combine or "all_of", [passes[p.id] for p in group.parts]
            )
            out[f"{group.id}__pass"] = _arrow(passes[group.id], boolean=True)
    failed = np.zeros(table.num_rows, dtype="int32")
    missing = np.zeros(table.num_rows, dtype="int32")
    for criterion in rule.criteria:
        failed += passes[criterion.id] == 0.0
        missing += np.isnan(passes[criterion.id])
    verdict = np.where(failed > 0, 1, np.where(missing > 0, 2, 0))
    out["failed"] = pa.array(failed)
    out["missing"] = pa.array(missing)
    out["shortfall"] = pa.array(_relative_shortfall(rule, gaps, passes, table.num_rows))
    # dictionary-encoded: three words, not a million strings
    out["verdict"] = pa.DictionaryArray.from_arrays(
        pa.array(verdict.astype("int8")), pa.array(VERDICTS)
    )
    return pa.table(out)


def _relative_shortfall(
    rule: RuleVersion,
    gaps: dict[str, tuple[Any, Any]],
    passes: dict[str, np.ndarray],
    rows: int,
) -> np.ndarray:
    """How far a firm is from qualifying: the sum, over failed threshold tests of the
    top-level criteria's leaves, of the gap as a share of the threshold (a yes/no test
    that fails counts 1). Ranks the cultivation list."""
    total = np.zeros(rows)
    for criterion in rule.criteria:
        if criterion.combine == "any_of":
            continue  # an alternative route: its best route is judged by the verdict alone
        for leaf in criterion.leaves():
            failed = passes[leaf.id] == 0.0
            if leaf.test in BOOLEAN_TESTS or (leaf.threshold in (None, 0.0) and not leaf.bands):
                total += failed
            else:
                margin, threshold = gaps[leaf.id]
                with np.errstate(divide="ignore", invalid="ignore"):
                    total += np.where(failed, -margin / np.abs(threshold), 0.0)  # type: ignore[operator]
    return total


def _floats(array: pa.Array) -> np.ndarray:
    return np.asarray(array.to_numpy(zero_copy_only=False), dtype="float64")


def _is_verdict(column: pa.ChunkedArray | pa.Array, verdict: str) -> np.ndarray:
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(array.type):
        words = array.dictionary.to_pylist()
        if verdict not in words:
            return np.zeros(len(array), dtype=bool)
        return array.indices.to_numpy(zero_copy_only=False) == words.index(verdict)
    return pc.equal(array, verdict).to_numpy(zero_copy_only=False)


def cultivation_rows(assessed: pa.Table, size: int) -> np.ndarray:
    """Row positions of the `size` firms closest to qualifying: failed ones with the
    fewest failed criteria, then the least missing evidence, then the smallest summed
    shortfall, then file order.

    Only the best few are wanted, so the failing firms are walked group by group of
    (failed, missing) in order, and within a group only the firms at or under the
    size-th smallest shortfall are sorted, instead of sorting a million rows."""
    failing = _is_verdict(assessed["verdict"], NOT_QUALIFIED)
    failed = _floats(assessed["failed"])
    missing = _floats(assessed["missing"])
    shortfall = _floats(assessed["shortfall"])
    order_in_file = (
        _floats(assessed["_row"]) if "_row" in assessed.column_names else np.arange(len(failed))
    )
    chosen: list[np.ndarray] = []
    wanted = size
    # (failed, missing) as one sortable number: both count criteria, far below 10**6
    group = failed * 1e6 + missing
    for key in np.unique(group[failing]):
        if wanted <= 0:
            break
        members = np.flatnonzero(failing & (group == key))
        if len(members) > wanted:
            cut = np.partition(shortfall[members], wanted - 1)[wanted - 1]
            members = members[shortfall[members] <= cut]  # ties at the cut stay in
        ranked = members[np.lexsort((order_in_file[members], shortfall[members]))][:wanted]
        chosen.append(ranked)
        wanted -= len(ranked)
    return np.concatenate(chosen) if chosen else np.array([], dtype="int64")


def verdict_counts(assessed: pa.Table) -> dict[str, int]:
    counts = pc.value_counts(assessed["verdict"]).to_pylist()
    return {c["values"]: c["counts"] for c in counts}


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


def assess(evidence: Any, rule: RuleVersion, cultivation_size: int = 10) -> Assessment:
    """Judge every firm; report each criterion and the firms closest to qualifying.
    `evidence` is an Arrow table or anything with `to_pyarrow()` (an Ibis table)."""
    table = evidence if isinstance(evidence, pa.Table) else evidence.to_pyarrow()
    if "_row" in table.column_names:
        table = table.take(pc.sort_indices(table["_row"]))
    assessed = assess_table(table, rule)
    records = assessed.to_pylist()
    firms = [_firm_report(r, rule) for r in records]
    cultivation = [
        dict(firms[i], shortfall=records[i]["shortfall"])
        for i in cultivation_rows(assessed, cultivation_size)
    ]
    return Assessment(rule, firms, cultivation, verdict_counts(assessed))


def _criterion_report(
    row: dict[str, Any], criterion: Criterion, score_inputs: dict[str, list[str]]
) -> dict[str, Any]:
    """`score_inputs`: for each score not known, the evidence its points table lacks, named
    as missing in place of the score itself."""
    report: dict[str, Any] = {
        "id": criterion.id,
        "clause": criterion.clause,
        "en": criterion.en,
        "zh": criterion.zh,
        "passed": row[f"{criterion.id}__pass"],
    }
    if criterion.parts:
        report["combine"] = criterion.combine
        report["parts"] = [_criterion_report(row, p, score_inputs) for p in criterion.parts]
    else:
        report.update(
            value=row[f"{criterion.id}__value"],
            threshold=row[f"{criterion.id}__threshold"],
            margin=row[f"{criterion.id}__margin"],
            unit=criterion.unit,
            missing_evidence=sorted(
                {m for c in criterion.columns() for m in score_inputs.get(c, [c])}
            )
            if row[f"{criterion.id}__pass"] is None
            else [],
        )
    return report


def _missing_score_inputs(row: dict[str, Any], rule: RuleVersion) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for score in rule.scores:
        if row[score.id] is not None:
            continue
        missing = {c for i in score.items if row[f"{i.id}__points"] is None for c in i.columns()}
        missing |= {c for part in score.sum_of for c in found.get(part, [])}
        found[score.id] = sorted(missing)
    return found


def _score_report(row: dict[str, Any], score: Score) -> dict[str, Any]:
    return {
        "id": score.id,
        "clause": score.clause,
        "en": score.en,
        "zh": score.zh,
        "points": row[score.id],
        "given_in_file": bool(row[f"{score.id}__given"]),
        "items": [
            {
                "id": item.id,
                "clause": item.clause,
                "en": item.en,
                "zh": item.zh,
                "points": row[f"{item.id}__points"],
                "max": item.max_points,
                "missing_evidence": sorted(item.columns())
                if row[f"{item.id}__points"] is None
                else [],
            }
            for item in score.items
        ],
        "sum_of": list(score.sum_of),
    }


def _firm_report(row: dict[str, Any], rule: RuleVersion) -> dict[str, Any]:
    score_inputs = _missing_score_inputs(row, rule)
    criteria = [_criterion_report(row, c, score_inputs) for c in rule.criteria]
    report = {
        **{k: row[k] for k in (*rule.identity, "name") if k in row},
        "row": row.get("_row"),
        "verdict": row["verdict"],
        "failed": row["failed"],
        "missing": row["missing"],
        "criteria": criteria,
        "missing_evidence": sorted({col for c in criteria for col in _missing_columns(c)}),
    }
    if rule.scores:
        report["scores"] = [_score_report(row, s) for s in rule.scores]
    return report


def _missing_columns(report: dict[str, Any]) -> list[str]:
    """Evidence whose absence leaves the verdict open (none under a criterion that has
    passed anyway, e.g. by another route)."""
    if report["passed"] is not None:
        return []
    found = list(report.get("missing_evidence", []))
    for part in report.get("parts", []):
        found += _missing_columns(part)
    return found
