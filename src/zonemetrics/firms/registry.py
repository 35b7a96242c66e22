"""Loading the firm registry: firms, their yearly facts and their certifications.

Each file is checked in full first (credit codes by GB 32100, dates, numbers, known
firms and sources), then written in one transaction with its ingest logged, so a bad row
leaves the store exactly as it was. Rows already held identically are skipped; a firm's
record is never overwritten (a different record for a held code is refused).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.firms.addresses import resolve_addresses
from zonemetrics.firms.registry_files import read_rows, write_new_rows
from zonemetrics.firms.uscc import InvalidCreditCode, parse_credit_code
from zonemetrics.ledger.aliases import alias_key
from zonemetrics.store.connection import Store

CERTIFICATION_KINDS = (
    "high_tech_enterprise",
    "tech_sme",
    "innovative_sme",
    "specialized_sme",
    "little_giant",
)
#: GB/T 4754-2017 codes: a section letter, and/or a 2-4 digit division, group or class
INDUSTRY_CODE = re.compile(r"^(?:[A-T]|[A-T]?\d{2,4})$")
FACT_COLUMNS = (
    "revenue",
    "rd_expense",
    "rd_domestic_share",
    "high_tech_revenue",
    "employees",
    "st_staff",
    "net_assets",
    "ip_class1",
    "ip_class2",
)
REQUIRED = {
    "firms": ("uscc", "name_zh", "source"),
    "firm_facts": ("uscc", "year", "source"),
    "certifications": ("uscc", "kind", "granted", "source"),
}
#: the columns that make a row "held already" (a firm's record is refused, not skipped)
KEYS = {
    "firms": (),
    "firm_facts": ("uscc", "year", "source_id"),
    "certifications": ("uscc", "kind", "granted"),
}


class _Problems(list):
    def add(self, file: str, row: int | None, column: str | None, reason: str) -> None:
        if len(self) < 50:
            self.append(IngestProblem(file, row, column, reason))


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def load_firm_table(store: Store, path: str | Path, table: str) -> int:
    """Import one file into `firms`, `firm_facts` or `certifications`; rows added."""
    file, rows = read_rows(Path(path), REQUIRED[table])
    problems = _Problems()
    sources = {r[0] for r in store.sql("SELECT source_id FROM sources")}
    known = {r[0]: r for r in store.sql(f"SELECT * FROM {table}")} if table == "firms" else {}
    firm_codes = {r[0] for r in store.sql("SELECT uscc FROM firms")}
    records: list[dict[str, Any]] = []
    for number, cells in rows:
        try:
            code = parse_credit_code(cells["uscc"]).code
        except InvalidCreditCode as error:
            problems.add(file, number, "uscc", str(error))
            continue
        if cells["source"] not in sources:
            problems.add(file, number, "source", f"unknown source '{cells['source']}'")
        record: dict[str, Any] = {"uscc": code, "source_id": cells["source"]}
        if table == "firms":
            record |= _firm(file, number, cells, problems, store)
        elif table == "firm_facts":
            record |= _facts(file, number, cells, problems)
            if code not in firm_codes:
                problems.add(
                    file, number, "uscc", f"no firm {code} in the registry (load firms first)"
                )
        else:
            record |= _certification(file, number, cells, problems)
            if code not in firm_codes:
                problems.add(
                    file, number, "uscc", f"no firm {code} in the registry (load firms first)"
                )
        records.append(record)
    if problems:
        raise IngestError(problems)
    if table == "firms":
        records = _with_places(store, records)
        records = [r for r in records if _new_firm(file, r, known, problems)]
        if problems:
            raise IngestError(problems)
    return write_new_rows(store, table, records, file, len(rows), KEYS[table])


def _firm(file: str, number: int, cells: dict[str, str], problems: _Problems, store: Store):
    founded = _date(cells.get("founded", "")) if cells.get("founded") else None
    if cells.get("founded") and founded is None:
        problems.add(file, number, "founded", f"'{cells['founded']}' is not YYYY-MM-DD")
    industry = cells.get("industry", "") or None
    if industry and not INDUSTRY_CODE.match(industry):
        problems.add(file, number, "industry", f"'{industry}' is not a GB/T 4754 code")
    if not cells.get("name_zh"):
        problems.add(file, number, "name_zh", "missing name")
    zone = cells.get("zone", "")
    zone_id = None
    if zone:
        found = store.sql("SELECT zone_id FROM zone_aliases WHERE alias_key = ?", [alias_key(zone)])
        if not found:
            problems.add(file, number, "zone", f"unknown zone '{zone}'")
        else:
            zone_id = found[0][0]
    return {
        "name_zh": cells.get("name_zh"),
        "name_en": cells.get("name_en") or None,
        "address": cells.get("address") or None,
        "zone_id": zone_id,
        "founded": founded,
        "industry": industry,
    }


def _facts(file: str, number: int, cells: dict[str, str], problems: _Problems):
    record: dict[str, Any] = {}
    year = cells.get("year", "")
    record["year"] = int(year) if year.isdigit() else None
    if record["year"] is None:
        problems.add(file, number, "year", f"'{year}' is not a year")
    for column in FACT_COLUMNS:
        text = cells.get(column, "")
        value = _number(text) if text else None
        if text and value is None:
            problems.add(file, number, column, f"'{text}' is not a number")
        elif value is not None and value < 0:
            problems.add(file, number, column, f"'{text}' is negative")
        elif column == "rd_domestic_share" and value is not None and value > 1:
            problems.add(file, number, column, f"'{text}' is a share and must be at most 1")
        record[column] = value  # missing stays missing, never zero
    return record


def _certification(file: str, number: int, cells: dict[str, str], problems: _Problems):
    kind = cells.get("kind", "")
    if kind not in CERTIFICATION_KINDS:
        problems.add(
            file, number, "kind", f"unknown kind '{kind}' ({', '.join(CERTIFICATION_KINDS)})"
        )
    granted = _date(cells.get("granted", ""))
    if granted is None:
        problems.add(file, number, "granted", f"'{cells.get('granted', '')}' is not YYYY-MM-DD")
    expires = _date(cells["expires"]) if cells.get("expires") else None
    if cells.get("expires") and expires is None:
        problems.add(file, number, "expires", f"'{cells['expires']}' is not YYYY-MM-DD")
    if granted and expires and expires < granted:
        problems.add(file, number, "expires", "expires before it was granted")
    return {
        "kind": kind,
        "level": cells.get("level") or None,
        "granted": granted,
        "expires": expires,
    }


def _with_places(store: Store, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Province, city and county from each address; the zone from the file, or the one
    development zone whose home is that county when there is exactly one."""
    from zonemetrics.firms.addresses import zones_covering

    places = resolve_addresses(store, [r["address"] for r in records])
    out = []
    for record, place in zip(records, places, strict=True):
        zone_id = record["zone_id"]
        if zone_id is None and place.county_id:
            covering = zones_covering(store, place.county_id)
            zone_id = covering[0]["zone_id"] if len(covering) == 1 else None
        out.append(
            record
            | {
                "province_id": place.province_id,
                "city_id": place.city_id,
                "county_id": place.county_id,
                "zone_id": zone_id,
            }
        )
    return out


def _new_firm(file: str, record: dict[str, Any], known: dict, problems: _Problems) -> bool:
    held = known.get(record["uscc"])
    if held is None:
        return True
    problems.add(
        file,
        None,
        "uscc",
        f"firm {record['uscc']} is already in the registry; firm records are never "
        "overwritten (load changes as facts or certifications with their own source)",
    )
    return False
