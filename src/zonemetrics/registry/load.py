"""Loading the registry (catalogue zones, division codes, approved areas) into a store.

It goes through the ingest path's own validators and `write_validated`, one transaction
per table as for a bundled file, so the registry obeys every rule a user's file does and
a failing row leaves the store as it was. Loading twice adds nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from zonemetrics.errors import IngestError
from zonemetrics.ingest.headers import KINDS
from zonemetrics.ingest.load import (
    IngestReport,
    ProgressCallback,
    load_context,
    write_validated,
)
from zonemetrics.ingest.validate import validator_for
from zonemetrics.ledger.aliases import alias_key
from zonemetrics.registry.catalogue import CATALOGUE_FILE, build_rows
from zonemetrics.registry.divisions import catalogue_dir
from zonemetrics.store.connection import Store


def registry_digest() -> str:
    """One checksum over every bundled catalogue file: the registry's version."""
    digest = hashlib.sha256()
    for path in sorted(catalogue_dir().glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _kind(name: str):
    return next(kind for kind in KINDS if kind.name == name)


def _registry_zone_ids(store: Store, label_base: str) -> set[str]:
    """Zones an earlier registry load wrote (told apart by their ingest's path)."""
    rows = store.sql(
        "SELECT z.zone_id FROM zones z JOIN ingests i USING (ingest_id) "
        "WHERE starts_with(i.path, ?)",
        [label_base + "#"],
    )
    return {row[0] for row in rows}


def load_registry(store: Store, on_progress: ProgressCallback | None = None) -> list[IngestReport]:
    """Import the catalogue and the division codes after the bundle (which provides
    `land_area`, the country and the bundled provinces the divisions attach to)."""
    label_base = str(catalogue_dir() / CATALOGUE_FILE)
    context = load_context(store)
    own = _registry_zone_ids(store, label_base)
    foreign = {key: zone for key, zone in context.aliases.items() if zone not in own}
    existing = {zid: z for zid, z in context.zones.items() if zid not in own}
    rows = build_rows(foreign, existing)
    by_id = {row["zone_id"]: row for row in rows.zones}
    outside: dict[str, list[str]] = {}
    for zone_id, names in rows.extra_aliases.items():
        if zone_id in by_id:
            by_id[zone_id]["aliases"] = "|".join(
                n for n in [by_id[zone_id]["aliases"], *names] if n
            )
        else:
            outside[zone_id] = names
    digest = registry_digest()
    reports = []
    for kind_name, table in (
        ("sources", rows.sources),
        ("zones", rows.zones),
        ("observations", rows.observations),
    ):
        reports.append(
            _write(
                store,
                kind_name,
                table,
                f"{label_base}#{kind_name}",
                digest,
                on_progress,
                outside if kind_name == "zones" else None,
            )
        )
    return reports


def _write(
    store: Store,
    kind_name: str,
    table: list[dict[str, Any]],
    label: str,
    digest: str,
    on_progress: ProgressCallback | None,
    outside_aliases: dict[str, list[str]] | None,
) -> IngestReport:
    numbered = list(enumerate(table, start=2))
    context = load_context(store)
    validated = validator_for(_kind(kind_name))(label, numbered, context)
    if validated.problems:
        raise IngestError(validated.problems)
    for zone_id, names in (outside_aliases or {}).items():
        for name in names:
            key = alias_key(name)
            if key not in context.aliases:
                context.aliases[key] = zone_id
                validated.aliases.append({"alias_key": key, "alias": name, "zone_id": zone_id})
    skipped_before = validated.skipped
    ingest_id = write_validated(store, kind_name, validated, label, digest, len(table), on_progress)
    # observations are deduplicated by the store itself: what it skipped was not added
    added = len(validated.records) - (validated.skipped - skipped_before)
    return IngestReport(label, kind_name, len(table), added, validated.skipped, ingest_id)
