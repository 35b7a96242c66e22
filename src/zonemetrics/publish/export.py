"""Open exports of the whole ledger: CSV, Parquet, XLSX, a Frictionless data package
and SDMX-CSV.

Every export carries every observation (not only preferred ones) with its source, so
a reader can re-run the reconciliation policy or apply their own.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zonemetrics import __version__
from zonemetrics.errors import ZonemetricsError
from zonemetrics.ingest.periods import parse_period
from zonemetrics.store.connection import Store

EXPORT_TABLES = ("observations", "sources", "zones", "zone_aliases", "indicators", "searches")
FORMATS = ("csv", "parquet", "xlsx", "datapackage", "sdmx-csv")

_FIELD_TYPES = {
    pa.int32(): "integer",
    pa.int64(): "integer",
    pa.float64(): "number",
    pa.bool_(): "boolean",
    pa.string(): "string",
    pa.timestamp("us"): "datetime",
}

_DESCRIPTIONS = {
    "observations": "Every value a source states for a zone, indicator and period, with "
    "its original text, qualifier, caliber, status, source and vintage.",
    "sources": "Where each value was read: producer, title, url, dates, licence, tier.",
    "zones": "Zones: the 19 state-level new areas, their provinces and the country.",
    "zone_aliases": "Names (Chinese and English, short and long) that resolve to a zone.",
    "indicators": "The indicator catalogue: codes, names in English and Chinese, units.",
    "searches": "Figures searched for and not found, with what was tried.",
}


def _table(store: Store, name: str) -> pa.Table:
    table = store.raw.sql(f"SELECT * FROM {name} ORDER BY ALL").to_arrow_table()
    for column in ("ingest_id", "content_key"):
        if column in table.column_names:
            table = table.drop_columns([column])
    return table


def export_csv(store: Store, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EXPORT_TABLES:
        path = out / f"{name}.csv"
        pacsv.write_csv(_table(store, name), path)
        written.append(path)
    return written


def export_parquet(store: Store, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EXPORT_TABLES:
        path = out / f"{name}.parquet"
        pq.write_table(_table(store, name), path)
        written.append(path)
    return written


def export_xlsx(store: Store, out: Path) -> list[Path]:
    from openpyxl import Workbook

    out.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    for name in EXPORT_TABLES:
        table = _table(store, name)
        sheet = workbook.create_sheet(name)
        sheet.append(table.column_names)
        for row in table.to_pylist():
            sheet.append([v.isoformat() if hasattr(v, "isoformat") else v for v in row.values()])
    workbook.save(out)
    return [out]


def _schema(table: pa.Table, name: str) -> dict:
    fields = []
    for field in table.schema:
        fields.append({"name": field.name, "type": _FIELD_TYPES.get(field.type, "string")})
    schema: dict = {"fields": fields}
    keys = {
        "observations": ["obs_id"],
        "sources": ["source_id"],
        "zones": ["zone_id"],
        "zone_aliases": ["alias_key"],
        "indicators": ["code"],
    }
    if name in keys:
        schema["primaryKey"] = keys[name]
    if name == "observations":
        schema["foreignKeys"] = [
            {"fields": "source_id", "reference": {"resource": "sources", "fields": "source_id"}},
            {"fields": "zone_id", "reference": {"resource": "zones", "fields": "zone_id"}},
            {"fields": "indicator", "reference": {"resource": "indicators", "fields": "code"}},
        ]
    return schema


def export_datapackage(store: Store, out: Path) -> list[Path]:
    """A Frictionless data package: CSV resources plus datapackage.json with sources."""
    written = export_csv(store, out)
    resources = []
    for name in EXPORT_TABLES:
        table = _table(store, name)
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": _DESCRIPTIONS[name],
                "schema": _schema(table, name),
            }
        )
    sources = [
        {"title": f"{r['title']} ({r['producer']})", **({"path": r["url"]} if r["url"] else {})}
        for r in _table(store, "sources").to_pylist()
    ]
    licences = sorted({r["licence"] for r in _table(store, "sources").to_pylist() if r["licence"]})
    package = {
        "profile": "tabular-data-package",
        "name": "zonemetrics-ledger",
        "title": "zonemetrics ledger: sourced indicators of development zones",
        "version": __version__,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Compilation: Creative Commons "
                "Attribution 4.0; each figure remains under its source's terms",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "sources": sources,
        "resources": resources,
    }
    if licences:
        package["description"] = "Source licences: " + "; ".join(licences)
    path = out / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return [*written, path]


def sdmx_time_period(period: str, kind: str, start: int | None, end: int | None) -> str | None:
    """SDMX/ISO 8601 form of a ledger period; None where SDMX has no honest form."""
    if kind in ("year", "month", "date"):
        return period
    if kind == "quarter":
        return period.replace("Q", "-Q")
    if kind == "half":
        return period.replace("H", "-S")  # SDMX calls a half-year a semester
    if kind == "part_year" and (months := parse_period(period).months):  # start and length
        first, last = months
        return f"{period[:4]}-{first:02d}-01/P{last - first + 1}M"
    if kind == "span" and start is not None and end is not None:
        return f"{start}-01-01/P{end - start + 1}Y"
    return None


SDMX_COLUMNS = (
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    "REF_AREA",
    "INDICATOR",
    "MEASURE",
    "PEER_SET",
    "CALIBER",
    "TIME_PERIOD",
    "OBS_VALUE",
    "UNIT_MEASURE",
    "UNIT_MULT",
    "OBS_STATUS",
    "OBS_QUALIFIER",
    "OBS_VALUE_HIGH",
    "ORIGINAL_TEXT",
    "SOURCE_ID",
    "VINTAGE",
)


def plain_number(value: float) -> str:
    """A number without an exponent (160250000000, not 1.6025e+11), as SDMX readers expect."""
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def export_sdmx_csv(store: Store, out: Path) -> list[Path]:
    """SDMX-CSV (version 2 layout): one row per observation, SDMX column names.

    Undated and uncertain-year observations have no SDMX TIME_PERIOD, and bounds are not
    values: both are left out, and the counts are written to a sidecar note.
    """
    rows = []
    left_out = 0
    bounds = 0
    for r in _table(store, "observations").to_pylist():
        if r["qualifier"] in ("lower_bound", "upper_bound", "band"):
            bounds += 1  # OBS_VALUE is a value: a reader of the standard columns would
            continue  # take '>5' for 5

        time_period = sdmx_time_period(
            r["period"], r["period_kind"], r["period_start_year"], r["period_end_year"]
        )
        if time_period is None:
            left_out += 1
            continue
        rows.append(
            {
                "STRUCTURE": "dataflow",
                "STRUCTURE_ID": "ZONEMETRICS:LEDGER(1.0)",
                "ACTION": "I",
                "REF_AREA": r["zone_id"],
                "INDICATOR": r["indicator"],
                "MEASURE": r["measure"],
                "PEER_SET": r["peer_set"],
                "CALIBER": r["caliber"],
                "TIME_PERIOD": time_period,
                "OBS_VALUE": r["value"],
                "UNIT_MEASURE": r["unit"],
                "UNIT_MULT": 0,
                "OBS_STATUS": r["status"],
                "OBS_QUALIFIER": r["qualifier"],
                "OBS_VALUE_HIGH": r["value_high"],
                "ORIGINAL_TEXT": r["original_text"],
                "SOURCE_ID": r["source_id"],
                "VINTAGE": r["vintage"].isoformat(),
            }
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SDMX_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: plain_number(v) if isinstance(v, float) else v for k, v in row.items()}
            )
    written = [out]
    if left_out or bounds:
        note = out.with_suffix(".left-out.txt")
        note.write_text(
            f"{left_out} observations with an undated or uncertain period have no SDMX "
            f"TIME_PERIOD, and {bounds} observations are bounds or bands (such as '>5%'), "
            "not values for OBS_VALUE; they are not in this file (the CSV, Parquet and data "
            "package exports hold them).\n",
            encoding="utf-8",
        )
        written.append(note)
    return written


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    exporters = {
        "csv": export_csv,
        "parquet": export_parquet,
        "xlsx": export_xlsx,
        "datapackage": export_datapackage,
        "sdmx-csv": export_sdmx_csv,
    }
    if fmt not in exporters:
        raise ZonemetricsError(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})")
    return exporters[fmt](store, Path(out))
