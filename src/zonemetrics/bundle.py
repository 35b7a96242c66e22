"""The bundled dataset: sourced figures on the 19 new areas, shipped with the package.

The bundle is imported through the same ingest path as any user file, so the bundled
data obeys every rule a user's data does (sources, units, aliases, conflicts).
"""

from __future__ import annotations

from datetime import datetime
from importlib.resources import files
from pathlib import Path

from zonemetrics.chains.load import load_chains
from zonemetrics.errors import StoreError, ZonemetricsError
from zonemetrics.ingest.load import IngestReport, ProgressCallback, ingest_paths
from zonemetrics.registry.load import load_registry
from zonemetrics.store.connection import Store, open_store

ORIGIN_KEY = "origin"
BUNDLE_ORIGIN = "bundle"


# folders whose files a fresh store is built from: the bundle and the registry's catalogue
BUNDLED_FOLDERS = (
    ("zonemetrics", "data", "bundle"),
    ("zonemetrics", "data", "catalogue"),
    ("zonemetrics", "data", "chains"),
)


def bundle_dir() -> Path:
    return Path(str(files("zonemetrics") / "data" / "bundle"))


def bundle_files() -> list[Path]:
    return sorted(bundle_dir().glob("*.csv"))


def load_bundle(store: Store, on_progress: ProgressCallback | None = None) -> list[IngestReport]:
    """Import the bundled files into a store (idempotent: a second load adds nothing)."""
    reports, errors = ingest_paths(store, bundle_files(), on_progress)
    if errors:
        raise ZonemetricsError("the bundled data failed to import: " + str(errors[0]))
    # the registry (2018 zone catalogue, 2023 division codes) goes through the same
    # validators and transactional writes; it needs the bundle's zones and indicators;
    # the sourced chains and platforms need the registry's zones
    reports += load_registry(store, on_progress)
    load_chains(store)
    return reports


def _only_the_bundle(store: Store) -> bool:
    """True when everything in the store came from bundle files.

    Every write logs an ingest with its path (a user's file, a harvested source, a
    candidate review) and harvesting leaves candidates, so a store is replaceable
    only while all its ingests are files of a `zonemetrics/data/bundle` folder and it
    holds no candidates.
    """
    paths = [row[0] for row in store.sql("SELECT path FROM ingests")]
    from_bundle = all(Path(path).parent.parts[-3:] in BUNDLED_FOLDERS for path in paths)
    return from_bundle and not _has_candidates(store)


def _has_candidates(store: Store) -> bool:
    return store.sql("SELECT count(*) FROM candidates")[0][0] > 0


def build_fresh_store(
    path: Path,
    on_progress: ProgressCallback | None = None,
    set_aside_unreadable: bool = False,
) -> Store:
    """Rebuild a store from the bundle alone.

    Refuses to replace a store that holds anything but the bundle (a user's file, an
    accepted or pending candidate, even added to a store the demo built), so that a
    demo can never destroy what a user entered. With `set_aside_unreadable` (the demo's
    own default file), a file this DuckDB cannot open (written by another version) is
    renamed aside, not deleted.
    """
    if path.exists():
        try:
            existing = open_store(path)
        except StoreError:
            if not set_aside_unreadable:
                raise
            aside = path.with_name(f"{path.name}.unreadable-{datetime.now():%Y%m%d%H%M%S}")
            path.rename(aside)
        else:
            replaceable = _only_the_bundle(existing)
            existing.close()
            if not replaceable:
                raise ZonemetricsError(
                    f"{path} holds data that did not come from the bundle; the demo will "
                    "not replace it (choose another --store)"
                )
            path.unlink()
            wal = path.with_name(path.name + ".wal")
            if wal.exists():
                wal.unlink()
    store = open_store(path)
    load_bundle(store, on_progress)
    store.set_meta(ORIGIN_KEY, BUNDLE_ORIGIN)
    return store
