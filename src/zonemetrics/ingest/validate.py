"""Row-by-row validation of each table kind into records ready for the store.

Validation collects every problem in a file before giving up, so a user fixes a file
in one pass instead of one error per run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from zonemetrics.errors import IngestProblem
from zonemetrics.ingest.cells import calendar_date_problem
from zonemetrics.ingest.headers import TableKind
from zonemetrics.ingest.names import IndicatorNames, strip_host_prefix
from zonemetrics.ingest.periods import parse_period
from zonemetrics.ingest.suggest import did_you_mean
from zonemetrics.ingest.units import BASE_UNITS, Unit, known_units, parse_unit, unit_in
from zonemetrics.ingest.values import parse_value, value_limit_problem
from zonemetrics.ledger.aliases import alias_key

TIERS = ("official", "major_media", "repost", "blog")
DIRECTIONS = ("higher_better", "lower_better", "neutral")
INDICATOR_KINDS = ("base", "derived")
MEASURES = ("value", "rank")
OBS_STATUS = ("A", "B", "D", "E", "F", "I", "M", "P", "R", "U")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_PROBLEMS = 50


@dataclass
class Context:
    """What the store already holds, for references and for idempotence (observations
    already held are found in the database, not here: see ingest.staging)."""

    aliases: dict[str, str]
    indicators: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    zones: dict[str, dict[str, Any]]
    search_keys: set[str]
    _indicator_names: IndicatorNames | None = field(default=None, repr=False)
    _zone_cache: dict[str, str | None] = field(default_factory=dict, repr=False)

    def indicator_code(self, text: str) -> str | None:
        """The code of an indicator written as its code, a name or an alias."""
        if text in self.indicators:
            return text
        if self._indicator_names is None:
            self._indicator_names = IndicatorNames(self.indicators)
        return self._indicator_names.resolve(text)

    def zone_id(self, name: str) -> str | None:
        """The zone an id or alias names; failing that, the zone the name names once a
        leading name of the zone's own host province or city is taken off (成都天府新区)."""
        if name in self._zone_cache:
            return self._zone_cache[name]
        found = self.aliases.get(alias_key(name))
        if found is None:
            found = strip_host_prefix(name, self.aliases, self.zones)
        self._zone_cache[name] = found
        return found


@dataclass
class Validated:
    records: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, str]] = field(default_factory=list)
    keys_by_row: dict[int, str] = field(default_factory=dict)  # observations: row -> key
    skipped: int = 0
    problems: list[IngestProblem] = field(default_factory=list)


def observation_identity(
    zone_id: str,
    indicator: str,
    measure: str,
    peer_set: str,
    period: str,
    caliber: str,
    source_id: str,
) -> str:
    """One figure from one source: what a new vintage revises."""
    return content_key(zone_id, indicator, measure, peer_set, period, caliber, source_id)


def content_key(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(repr(p) for p in parts).encode()).hexdigest()


def _text_with_unit(value: str, unit: str) -> str:
    if unit and unit[0].isascii() and unit[0].isalnum():
        return f"{value} {unit}"
    return f"{value}{unit}"


class _Rows:
    """Helpers shared by the validators: cell access and problem collection."""

    def __init__(self, file: str, result: Validated):
        self.file = file
        self.result = result

    def problem(self, row: int, column: str | None, reason: str) -> None:
        if len(self.result.problems) < MAX_PROBLEMS:
            self.result.problems.append(IngestProblem(self.file, row, column, reason))


def validate_sources(file: str, rows: list[tuple[int, dict[str, str]]], ctx: Context) -> Validated:
    result = Validated()
    out = _Rows(file, result)
    seen: dict[str, int] = {}
    for number, cells in rows:
        record = {
            name: cells.get(name, "").strip() or None
            for name in (
                "source_id",
                "title",
                "producer",
                "url",
                "published",
                "accessed",
                "licence",
                "tier",
                "note",
            )
        }
        source_id = record["source_id"] or ""
        if not SLUG.match(source_id):
            out.problem(number, "source_id", f"source id '{source_id}' is not an ascii slug")
            continue
        for column in ("title", "producer"):
            if not record[column]:
                out.problem(number, column, f"missing {column}")
        if record["tier"] not in TIERS:
            out.problem(
                number,
                "tier",
                f"unknown tier '{record['tier'] or ''}' (use one of {', '.join(TIERS)})",
            )
        for column in ("published", "accessed"):
            if record[column] and (why := calendar_date_problem(record[column])):
                out.problem(number, column, why)
        if source_id in seen:
            out.problem(
                number,
                "source_id",
                f"source '{source_id}' is defined twice (also row {seen[source_id]})",
            )
            continue
        seen[source_id] = number
        existing = ctx.sources.get(source_id)
        if existing is not None:
            if any(existing.get(k) != v for k, v in record.items()):
                out.problem(
                    number,
                    "source_id",
                    f"source '{source_id}' already exists with different content; "
                    "sources are never overwritten: give the new record a new id",
                )
            else:
                result.skipped += 1
            continue
        result.records.append(record)
    return result


def validate_indicators(
    file: str, rows: list[tuple[int, dict[str, str]]], ctx: Context
) -> Validated:
    result = Validated()
    out = _Rows(file, result)
    for number, cells in rows:
        code = cells.get("code", "").strip()
        record: dict[str, Any] = {
            "code": code,
            "name_en": cells.get("name_en", "").strip(),
            "name_zh": cells.get("name_zh", "").strip(),
            "unit": cells.get("unit", "").strip(),
            "direction": cells.get("direction", "").strip(),
            "definition": cells.get("definition", "").strip(),
            "kind": cells.get("kind", "").strip() or "base",
        }
        if not CODE.match(code):
            out.problem(number, "code", f"indicator code '{code}' is not snake_case ascii")
            continue
        mult_text = cells.get("unit_mult", "").strip() or "1"
        try:
            record["unit_mult"] = float(mult_text)
        except ValueError:
            out.problem(number, "unit_mult", f"unit multiplier '{mult_text}' is not a number")
            continue
        for column in ("name_en", "name_zh", "definition"):
            if not record[column]:
                out.problem(number, column, f"missing {column}")
        if record["unit"] not in BASE_UNITS:
            out.problem(
                number,
                "unit",
                f"unit '{record['unit']}' is not a base unit ({', '.join(sorted(BASE_UNITS))})",
            )
        if record["direction"] not in DIRECTIONS:
            out.problem(number, "direction", f"direction must be one of {', '.join(DIRECTIONS)}")
        if record["kind"] not in INDICATOR_KINDS:
            out.problem(number, "kind", "kind must be base or derived")
        existing = ctx.indicators.get(code)
        if existing is not None:
            if any(existing.get(k) != v for k, v in record.items()):
                out.problem(
                    number,
                    "code",
                    f"indicator '{code}' already exists with a different "
                    "definition; indicators are never overwritten",
                )
            else:
                result.skipped += 1
            continue
        ctx.indicators[code] = record
        result.records.append(record)
    return result


def validate_zones(file: str, rows: list[tuple[int, dict[str, str]]], ctx: Context) -> Validated:
    result = Validated()
    out = _Rows(file, result)
    for number, cells in rows:
        record: dict[str, Any] = {
            name: (cells.get(name, "").strip() or None)
            for name in (
                "zone_id",
                "name_zh",
                "name_en",
                "kind",
                "parent",
                "province",
                "approval_date",
                "approval_precision",
                "approval_doc",
                "note",
            )
        }
        record["source_id"] = cells.get("source", "").strip() or None
        zone_id = record["zone_id"] or ""
        if not CODE.match(zone_id):
            out.problem(number, "zone_id", f"zone id '{zone_id}' is not a snake_case ascii slug")
            continue
        for column in ("name_zh", "name_en", "kind"):
            if not record[column]:
                out.problem(number, column, f"missing {column}")
        for column in ("parent", "province"):
            if record[column] and record[column] not in ctx.zones:
                out.problem(number, column, f"unknown zone '{record[column]}'")
        if record["approval_date"] and (why := calendar_date_problem(record["approval_date"])):
            out.problem(number, "approval_date", why)
        if record["approval_precision"] not in (None, "day", "month", "year"):
            out.problem(number, "approval_precision", "precision must be day, month or year")
        if record["source_id"] and record["source_id"] not in ctx.sources:
            out.problem(number, "source", f"unknown source '{record['source_id']}'")
        names = [zone_id, record["name_zh"] or "", record["name_en"] or ""]
        names += [a.strip() for a in cells.get("aliases", "").split("|") if a.strip()]
        for name in names:
            key = alias_key(name)
            owner = ctx.aliases.get(key)
            if owner is not None and owner != zone_id:
                out.problem(number, "aliases", f"name '{name}' already belongs to zone '{owner}'")
            elif owner is None:
                ctx.aliases[key] = zone_id
                result.aliases.append({"alias_key": key, "alias": name, "zone_id": zone_id})
        existing = ctx.zones.get(zone_id)
        if existing is not None:
            if any(existing.get(k) != v for k, v in record.items()):
                out.problem(
                    number,
                    "zone_id",
                    f"zone '{zone_id}' already exists with different "
                    "content; zones are never overwritten",
                )
            else:
                result.skipped += 1
            continue
        ctx.zones[zone_id] = record
        result.records.append(record)
    return result


def _resolve_zone(out: _Rows, number: int, cells: dict[str, str], ctx: Context) -> str | None:
    name = cells.get("zone", "").strip()
    if not name:
        out.problem(number, "zone", "missing zone")
        return None
    zone_id = ctx.zone_id(name)
    if zone_id is None:
        hint = did_you_mean(name, [*ctx.zones, *(z["name_zh"] for z in ctx.zones.values())])
        out.problem(number, "zone", f"unknown zone '{name}'{hint}")
    return zone_id


def _resolve_indicator(out: _Rows, number: int, cells: dict[str, str], ctx: Context) -> str:
    written = cells.get("indicator", "").strip()
    code = ctx.indicator_code(written)
    if code is None:
        hint = did_you_mean(written, ctx.indicators)
        out.problem(number, "indicator", f"unknown indicator '{written}'{hint}")
        return written
    return code


def _resolve_unit(
    out: _Rows, number: int, unit_text: str, indicator: str, ctx: Context
) -> Unit | None:
    """A unit as written; a bare magnitude (亿, 万) is read in the indicator's own unit."""
    measured_in = ctx.indicators.get(indicator, {}).get("unit")
    unit = parse_unit(unit_text) or (unit_in(unit_text, measured_in) if measured_in else None)
    if unit is None:
        hint = did_you_mean(unit_text, known_units())
        out.problem(number, "unit", f"unknown unit '{unit_text}'{hint}")
    return unit


class _Collected:
    """Problems of one row shape, kept without a row number so they can be replayed
    for every row of that shape."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def problem(self, _row: int, column: str | None, reason: str) -> None:
        self.found.append((column or "", reason))


@dataclass(frozen=True)
class Shape:
    """What a row says apart from its period and value: where, what, in which unit,
    from which source. A file repeats a few hundred shapes over thousands of rows, so
    each is validated once."""

    zone_id: str | None
    indicator: str
    unit: Unit | None
    unit_text: str
    measure: str
    peer_set: str
    source_id: str
    status: str
    caliber: str
    problems: tuple[tuple[str, str], ...]


SHAPE_COLUMNS = ("zone", "indicator", "unit", "measure", "peer_set", "source", "status", "caliber")
#: the order problems of one row are reported in: the order of the documented columns
_COLUMN_ORDER = {
    c: i
    for i, c in enumerate(
        ("zone", "indicator", "period", "value", "unit", "measure", "peer_set", "source",
         "status", "caliber")
    )
}  # fmt: skip


def shape_of(cells: dict[str, str], ctx: Context) -> Shape:
    out = _Collected()
    zone_id = _resolve_zone(out, 0, cells, ctx)  # type: ignore[arg-type]
    indicator = _resolve_indicator(out, 0, cells, ctx)  # type: ignore[arg-type]
    unit_text = cells.get("unit", "").strip()
    unit = _resolve_unit(out, 0, unit_text, indicator, ctx)  # type: ignore[arg-type]
    measure = cells.get("measure", "").strip() or "value"
    peer_set = cells.get("peer_set", "").strip()
    if measure not in MEASURES:
        out.problem(0, "measure", f"measure must be value or rank, not '{measure}'")
    elif measure == "rank" and not peer_set:
        out.problem(0, "peer_set", "a reported rank needs its peer set")
    elif measure == "rank" and unit is not None and unit.base != "rank":
        out.problem(0, "unit", f"a rank is written with unit 'rank', not '{unit_text}'")
    elif (
        measure == "value"
        and unit is not None
        and indicator in ctx.indicators
        and unit.base != ctx.indicators[indicator]["unit"]
    ):
        out.problem(
            0,
            "unit",
            f"unit '{unit_text}' does not fit indicator '{indicator}' "
            f"(measured in {ctx.indicators[indicator]['unit']})",
        )
    source_id = cells.get("source", "").strip()
    if not source_id:
        out.problem(0, "source", "missing source (every value needs one)")
    elif source_id not in ctx.sources:
        hint = did_you_mean(source_id, ctx.sources)
        out.problem(0, "source", f"unknown source '{source_id}'{hint}")
    status = (cells.get("status", "").strip() or "A").upper()
    if status not in OBS_STATUS:
        out.problem(
            0, "status", f"'{status}' is not an SDMX OBS_STATUS code ({', '.join(OBS_STATUS)})"
        )
    caliber = cells.get("caliber", "").strip() or "unstated"
    if not CODE.match(caliber):
        out.problem(0, "caliber", f"caliber '{caliber}' is not a snake_case slug")
    return Shape(
        zone_id, indicator, unit, unit_text, measure, peer_set, source_id, status, caliber,
        tuple(out.found),
    )  # fmt: skip


def validate_observations(
    file: str, rows: list[tuple[int, dict[str, str]]], ctx: Context
) -> Validated:
    """Each row on its own; comparisons between rows and with the store (duplicates,
    figures already held, plausibility) are made in the database when it is written."""
    result = Validated()
    out = _Rows(file, result)
    shapes: dict[tuple[str, ...], Shape] = {}
    for number, cells in rows:
        key_cells = tuple(cells.get(c, "") for c in SHAPE_COLUMNS)
        shape = shapes.get(key_cells)
        if shape is None:
            shape = shapes[key_cells] = shape_of(cells, ctx)
        found = list(shape.problems)
        period_text = cells.get("period", "")
        period = parse_period(period_text)
        if period is None:
            found.append(
                (
                    "period",
                    f"unparseable period '{period_text}' (use YYYY, 2024年, FY2024, YYYYHn, "
                    "YYYYQn, YYYYQm-Qn, YYYY-MM, YYYY-MM/YYYY-MM, YYYY-MM-DD, YYYY-YYYY, "
                    "YYYY/YYYY or leave empty)",
                )
            )
        value_text = cells.get("value", "").strip()
        value = parse_value(value_text)
        unit = shape.unit
        if not value_text:
            found.append(
                (
                    "value",
                    "missing value (missing is not zero: leave the row out or record it as a "
                    "search)",
                )
            )
        elif value is None:
            found.append(("value", f"unparseable value '{value_text[:60]}'"))
        elif unit is not None and (why := value_limit_problem(value, unit)):
            found.append(("value", why))
        if found:
            for column, reason in sorted(found, key=lambda f: _COLUMN_ORDER.get(f[0], 99)):
                out.problem(number, column, reason)
            continue
        if value is None or unit is None or period is None or shape.zone_id is None:
            continue
        mult = unit.multiplier
        high = None if value.value_high is None else value.value_high * mult
        identity = observation_identity(
            shape.zone_id,
            shape.indicator,
            shape.measure,
            shape.peer_set,
            period.text,
            shape.caliber,
            shape.source_id,
        )
        key = content_key(
            identity,
            value.qualifier,
            value.value * mult,
            high,
            unit.base,
            shape.status,
            value.rounding * mult,
            value.inclusive,
        )
        result.keys_by_row[number] = key
        result.records.append(
            {
                "row_number": number,
                "zone_id": shape.zone_id,
                "indicator": shape.indicator,
                "measure": shape.measure,
                "peer_set": shape.peer_set,
                "period": period.text,
                "period_kind": period.kind,
                "period_start_year": period.start_year,
                "period_end_year": period.end_year,
                "value": value.value * mult,
                "value_high": high,
                "qualifier": value.qualifier,
                "inclusive": value.inclusive,
                "rounding": value.rounding * mult,
                "unit": unit.base,
                "unit_text": shape.unit_text,
                "original_text": _text_with_unit(value_text, shape.unit_text),
                "caliber": shape.caliber,
                "status": shape.status,
                "source_id": shape.source_id,
                "note": cells.get("note", "").strip() or None,
                "content_key": key,
            }
        )
    return result


def validate_searches(file: str, rows: list[tuple[int, dict[str, str]]], ctx: Context) -> Validated:
    result = Validated()
    out = _Rows(file, result)
    for number, cells in rows:
        before = len(result.problems)
        zone_id = _resolve_zone(out, number, cells, ctx)
        indicator = _resolve_indicator(out, number, cells, ctx)
        period = parse_period(cells.get("period", ""))
        if period is None:
            out.problem(number, "period", f"unparseable period '{cells.get('period', '')}'")
        tried = cells.get("tried", "").strip()
        if not tried:
            out.problem(number, "tried", "say what was searched")
        if len(result.problems) > before or period is None:
            continue
        note = cells.get("note", "").strip() or None
        key = content_key(zone_id, indicator, period.text, tried, note)
        if key in ctx.search_keys:
            result.skipped += 1
            continue
        ctx.search_keys.add(key)
        result.records.append(
            {
                "zone_id": zone_id,
                "indicator": indicator,
                "period": period.text,
                "tried": tried,
                "note": note,
                "content_key": key,
            }
        )
    return result


VALIDATORS = {
    "sources": validate_sources,
    "indicators": validate_indicators,
    "zones": validate_zones,
    "observations": validate_observations,
    "searches": validate_searches,
}


def validator_for(kind: TableKind):
    return VALIDATORS[kind.name]
