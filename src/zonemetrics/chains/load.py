"""Loading chains, links, chain firms and platforms: from the bundled, sourced files in
`data/chains/` or a user's files of the same shape.

Files are read and written by the registry's shared reader and writer
(`firms.registry_files`). Sources go through the ingest path's own
validator; every other row is checked in full (ids, zones resolved by alias, known
sources, segments, levels, links) before one transaction per table writes it, so a bad
row leaves the store as it was. Rows held already are skipped: loading twice adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

from zonemetrics.errors import IngestError, IngestProblem
from zonemetrics.firms.registry_files import read_rows, write_new_rows
from zonemetrics.ingest.load import load_context, write_validated
from zonemetrics.ingest.validate import validate_sources
from zonemetrics.ledger.aliases import alias_key
from zonemetrics.store.connection import Store

SEGMENTS = ("upstream", "midstream", "downstream")
LEVELS = ("national", "provincial", "municipal")
ROLES = ("leader", "member")
PLATFORM_KINDS = (
    "laboratory",
    "key_laboratory",
    "engineering_research_center",
    "technology_innovation_center",
    "science_facility",
    "innovation_platform",
)
SLUG = re.compile(r"^[a-z][a-z0-9_]*$")

#: table -> (file, key columns that make a row "held already")
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "chains": ("chains.csv", ("chain_id",)),
    "chain_links": ("chain_links.csv", ("chain_id", "link_id")),
    "chain_firms": ("chain_firms.csv", ("chain_id", "link_id", "firm_zh", "source_id")),
    "platforms": ("platforms.csv", ("platform_id",)),
}


def chains_dir() -> Path:
    return Path(str(files("zonemetrics") / "data" / "chains"))


def load_chains(store: Store, folder: Path | None = None) -> int:
    """Import sources.csv and the four tables from `folder` (the bundled files by
    default); rows added."""
    folder = folder or chains_dir()
    added = 0
    sources = folder / "sources.csv"
    if sources.exists():
        file, rows = read_rows(sources)
        validated = validate_sources(file, rows, load_context(store))
        if validated.problems:
            raise IngestError(validated.problems)
        digest = hashlib.sha256(sources.read_bytes()).hexdigest()
        write_validated(store, "sources", validated, str(sources), digest, len(validated.records))
        added += len(validated.records)
    for table, (name, _) in TABLES.items():
        path = folder / name
        if path.exists():
            added += _load_table(store, table, path)
    return added


def _load_table(store: Store, table: str, path: Path) -> int:
    file, rows = read_rows(path)
    problems: list[IngestProblem] = []
    aliases = dict(store.sql("SELECT alias_key, zone_id FROM zone_aliases"))
    sources = {r[0] for r in store.sql("SELECT source_id FROM sources")}
    chains = {r[0] for r in store.sql("SELECT chain_id FROM chains")}
    links = {tuple(r) for r in store.sql("SELECT chain_id, link_id FROM chain_links")}
    records: list[dict[str, Any]] = []
    for number, cells in rows:
        before = len(problems)

        def bad(column: str, reason: str, number: int = number) -> None:
            problems.append(IngestProblem(file, number, column, reason))

        if cells.get("source") not in sources:
            bad("source", f"unknown source '{cells.get('source', '')}'")
        record: dict[str, Any] = {"source_id": cells.get("source")}
        if table in ("chains", "platforms"):
            key = "chain_id" if table == "chains" else "platform_id"
            if not SLUG.match(cells.get(key, "")):
                bad(key, f"'{cells.get(key, '')}' is not a snake_case id")
            zone = aliases.get(alias_key(cells.get("zone", "")))
            if zone is None:
                bad("zone", f"unknown zone '{cells.get('zone', '')}'")
            record |= {key: cells.get(key), "zone_id": zone, "note": cells.get("note") or None}
            record |= {k: cells.get(k) for k in ("name_zh", "name_en")}
            if table == "platforms":
                if cells.get("kind") not in PLATFORM_KINDS:
                    bad("kind", f"kind must be one of {', '.join(PLATFORM_KINDS)}")
                if cells.get("level") not in LEVELS:
                    bad("level", f"level must be one of {', '.join(LEVELS)}")
                record |= {k: cells.get(k) or None for k in ("kind", "level", "since")}
        elif table == "chain_links":
            if cells.get("chain_id") not in chains:
                bad("chain_id", f"unknown chain '{cells.get('chain_id', '')}'")
            if cells.get("segment") not in SEGMENTS:
                bad("segment", f"segment must be one of {', '.join(SEGMENTS)}")
            if not cells.get("position", "").isdigit():
                bad("position", "position must be a whole number (1 = furthest upstream)")
            record |= {
                k: cells.get(k) for k in ("chain_id", "link_id", "segment", "name_zh", "name_en")
            }
            record["position"] = (
                int(cells["position"]) if cells.get("position", "").isdigit() else None
            )
        else:
            if cells.get("chain_id") not in chains:
                bad("chain_id", f"unknown chain '{cells.get('chain_id', '')}'")
            link = cells.get("link_id") or None
            if link and (cells.get("chain_id"), link) not in links:
                bad("link_id", f"unknown link '{link}' of chain '{cells.get('chain_id', '')}'")
            if cells.get("role") not in ROLES:
                bad("role", f"role must be one of {', '.join(ROLES)}")
            record |= {k: cells.get(k) for k in ("chain_id", "firm_zh", "firm_en", "role")}
            record |= {
                "link_id": link,
                "uscc": cells.get("uscc") or None,
                "note": cells.get("note") or None,
            }
        for column in ("name_zh", "name_en", "firm_zh", "firm_en"):
            if column in record and not record[column]:
                bad(column, f"missing {column}")
        if len(problems) == before:
            records.append(record)
    if problems:
        raise IngestError(problems[:50])
    return write_new_rows(store, table, records, file, len(rows), TABLES[table][1])
