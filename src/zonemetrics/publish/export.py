"""Open exports of the ledger: CSV, Parquet, XLSX, a Frictionless data package and
SDMX-CSV.

Every export carries every observation (not only preferred ones) with its source, so
a reader can re-run the reconciliation policy or apply their own; beside the raw
base-unit columns it carries what people read (zone names in Chinese and English,
values in 亿元 and %, the policy's verdict and the number of conflicting values), and
the derived values and rankings with their receipts. `Selection` narrows any export
to some zones, indicators and years.

Files are written safely (`publish.safe_write`): atomically, never through a symbolic
link; text cells are neutralised against formula injection (`publish.cells`) unless
`raw_text` is asked for.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zonemetrics import __version__
from zonemetrics.errors import ZonemetricsError
from zonemetrics.ingest.periods import parse_period
from zonemetrics.publish.cells import neutralise, neutralise_table
from zonemetrics.publish.people import (
    EVERYTHING,
    Selection,
    derived_table,
    ledger_table,
    observations_table,
    ranks_table,
)
from zonemetrics.publish.safe_write import atomic_path, atomic_text, prepare_folder
from zonemetrics.store.connection import Store

LEDGER_TABLES = ("sources", "zones", "zone_aliases", "indicators", "searches")
EXPORT_TABLES = ("observations", "derived_values", "ranks", *LEDGER_TABLES)
FORMATS = ("csv", "parquet", "xlsx", "datapackage", "sdmx-csv")

Step = Callable[[str], None]

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
    "its original text, qualifier, caliber, status, source and vintage; the zone's and "
    "indicator's names, the value in display units (亿元, %), and the reconciliation "
    "policy's verdict (preferred, agreeing, conflicting, superseded) with the number of "
    "values that conflict in its figure.",
    "derived_values": "Derived indicators computed from the ledger, each with its receipt: "
    "the observations used, as written, with their sources and tiers.",
    "ranks": "Rankings among a stated peer set (min-rank ties, the rank range that "
    "bound-only peers leave open), each with its receipt.",
    "sources": "Where each value was read: producer, title, url, dates, licence, tier.",
    "zones": "Zones: the state-level new areas, their provinces and the country.",
    "zone_aliases": "Names (Chinese and English, short and long) that resolve to a zone.",
    "indicators": "The indicator catalogue: codes, names in English and Chinese, units.",
    "searches": "Figures searched for and not found, with what was tried.",
}


def _no_step(_label: str) -> None:
    return None


def export_tables(store: Store, selection: Selection, step: Step = _no_step) -> dict[str, pa.Table]:
    """Every table an export holds, narrowed to the selection."""
    step("observations")
    tables = {"observations": observations_table(store, selection)}
    tables["derived_values"] = derived_table(store, selection, step)
    tables["ranks"] = ranks_table(store, selection, step=step)
    for name in LEDGER_TABLES:
        step(name)
        tables[name] = ledger_table(store, name, selection)
    return tables


@dataclass(frozen=True)
class ExportJob:
    """One export's question and options, shared by every format's writer (so each
    writer takes the job, not the same six parameters again)."""

    store: Store
    out: Path
    selection: Selection = EVERYTHING
    excel: bool = False
    raw_text: bool = False
    step: Step = _no_step

    def text(self, value: str) -> str:
        """A text cell as written out: neutralised unless raw text was asked for."""
        return value if self.raw_text else neutralise(value)

    def tables(self) -> dict[str, pa.Table]:
        return export_tables(self.store, self.selection, self.step)


def _text_safe(table: pa.Table, raw_text: bool) -> pa.Table:
    return table if raw_text else neutralise_table(table)


def write_csv(table: pa.Table, path: Path, *, bom: bool = False, raw_text: bool = False) -> Path:
    """One table as CSV, atomically; `bom` for Excel (UTF-8 with a byte-order mark)."""
    with atomic_path(path) as part, part.open("wb") as handle:
        if bom:
            handle.write(b"\xef\xbb\xbf")
        pacsv.write_csv(_text_safe(table, raw_text), handle)
    return path


def export_csv(job: ExportJob, tables: dict[str, pa.Table] | None = None) -> list[Path]:
    folder = prepare_folder(job.out)
    written = []
    for name, table in (tables or job.tables()).items():
        job.step(f"write {name}.csv")
        path = folder / f"{name}.csv"
        written.append(write_csv(table, path, bom=job.excel, raw_text=job.raw_text))
    return written


def export_parquet(job: ExportJob) -> list[Path]:
    """Parquet keeps text as typed data for programs; it is not neutralised (no
    spreadsheet opens it)."""
    folder = prepare_folder(job.out)
    written = []
    for name, table in job.tables().items():
        path = folder / f"{name}.parquet"
        with atomic_path(path) as part:
            pq.write_table(table, part)
        written.append(path)
    return written


def export_xlsx(job: ExportJob) -> list[Path]:
    from zonemetrics.publish.ledger_workbook import write_ledger_workbook

    workbook = write_ledger_workbook(
        job.store, Path(job.out), job.selection, raw_text=job.raw_text, step=job.step
    )
    return [workbook]


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


def export_datapackage(job: ExportJob) -> list[Path]:
    """A Frictionless data package: CSV resources plus datapackage.json with sources."""
    tables = job.tables()
    written = export_csv(job, tables)
    resources = []
    for name, table in tables.items():
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig" if job.excel else "utf-8",
                "description": _DESCRIPTIONS[name],
                "schema": _schema(table, name),
            }
        )
    source_rows = tables["sources"].to_pylist()
    text = job.text
    sources = [
        {
            "title": text(f"{r['title']} ({r['producer']})"),
            **({"path": text(r["url"])} if r["url"] else {}),
        }
        for r in source_rows
    ]
    licences = sorted({text(r["licence"]) for r in source_rows if r["licence"]})
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
    if not job.selection.everything:
        package["description"] = (
            package.get("description", "") + f" Selection: {job.selection.describe()}."
        ).strip()
    path = Path(job.out) / "datapackage.json"
    with atomic_text(path) as handle:
        handle.write(json.dumps(package, ensure_ascii=False, indent=2))
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


def export_sdmx_csv(job: ExportJob) -> list[Path]:
    """SDMX-CSV (version 2 layout): one row per observation, SDMX column names.

    Undated and uncertain-year observations have no SDMX TIME_PERIOD, and bounds are not
    values: both are left out, and the counts are written to a sidecar note.
    """
    rows = []
    left_out = 0
    bounds = 0
    job.step("observations")
    observations = job.selection.filter(job.store.table("observations")).order_by("obs_id")
    for r in observations.to_pyarrow().to_pylist():
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
    out = Path(job.out)
    with atomic_text(out, bom=job.excel) as handle:
        writer = csv.DictWriter(handle, fieldnames=SDMX_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _sdmx_cell(v, job.text) for k, v in row.items()})
    written = [out]
    if left_out or bounds:
        note = out.with_suffix(".left-out.txt")
        with atomic_text(note) as handle:
            handle.write(
                f"{left_out} observations with an undated or uncertain period have no SDMX "
                f"TIME_PERIOD, and {bounds} observations are bounds or bands (such as '>5%'), "
                "not values for OBS_VALUE; they are not in this file (the CSV, Parquet and "
                "data package exports hold them).\n"
            )
        written.append(note)
    return written


def _sdmx_cell(value, text: Callable[[str], str]):
    if isinstance(value, float):
        return plain_number(value)
    return text(value) if isinstance(value, str) else value


def export(
    store: Store,
    fmt: str,
    out: Path,
    selection: Selection | None = None,
    *,
    excel: bool = False,
    raw_text: bool = False,
    step: Step | None = None,
) -> list[Path]:
    """Export the ledger (or a selection of it) in one format.

    `excel` writes CSV with a byte-order mark (Excel on Chinese Windows reads plain
    UTF-8 as GBK); `raw_text` leaves text cells exactly as held, without the quote that
    stops a spreadsheet from running '=...' as a formula.
    """
    exporters = {
        "csv": export_csv,
        "parquet": export_parquet,
        "xlsx": export_xlsx,
        "datapackage": export_datapackage,
        "sdmx-csv": export_sdmx_csv,
    }
    if fmt not in exporters:
        raise ZonemetricsError(f"unknown export format '{fmt}' (use {', '.join(FORMATS)})")
    job = ExportJob(store, Path(out), selection or EVERYTHING, excel, raw_text, step or _no_step)
    return exporters[fmt](job)
