"""The bundled dataset: sourced figures on the 19 new areas, shipped with the package.

The bundle is imported through the same ingest path as any user file, so the bundled
data obeys every rule a user's data does (sources, units, aliases, conflicts).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from zonemetrics.errors import ZonemetricsError
from zonemetrics.ingest.load import IngestReport, ProgressCallback, ingest_paths
from zonemetrics.store.connection import Store, open_store

ORIGIN_KEY = "origin"
BUNDLE_ORIGIN = "bundle"


def bundle_dir() -> Path:
    return Path(str(files("zonemetrics") / "data" / "bundle"))


def bundle_files() -> list[Path]:
    return sorted(bundle_dir().glob("*.csv"))


def load_bundle(store: Store, on_progress: ProgressCallback | None = None) -> list[IngestReport]:
    """Import the bundled files into a store (idempotent: a second load adds nothing)."""
    reports, errors = ingest_paths(store, bundle_files(), on_progress)
    if errors:
        raise ZonemetricsError("the bundled data failed to import: " + str(errors[0]))
    return reports


def build_fresh_store(path: Path, on_progress: ProgressCallback | None = None) -> Store:
    """Rebuild a store from the bundle alone.

    Refuses to replace a store that holds anything but the bundle, so that a demo can
    never destroy a user's own ledger.
    """
    if path.exists():
        existing = open_store(path)
        origin = existing.meta(ORIGIN_KEY)
        has_data = existing.sql("SELECT count(*) FROM ingests")[0][0] > 0
        existing.close()
        if has_data and origin != BUNDLE_ORIGIN:
            raise ZonemetricsError(
                f"{path} holds a ledger that was not built from the bundle; the demo "
                "will not replace it (choose another --store)"
            )
        path.unlink()
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.unlink()
    store = open_store(path)
    load_bundle(store, on_progress)
    store.set_meta(ORIGIN_KEY, BUNDLE_ORIGIN)
    return store
