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
BUNDLE_INGESTS_KEY = "bundle_ingests"


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


def _only_the_bundle(store: Store) -> bool:
    """True when the store holds the bundle and nothing a user added since.

    Every write logs an ingest (files, accepted candidates, harvested sources) or a
    candidate, so a store built from the bundle is untouched while its ingest count is
    the one recorded when it was built and it has no candidates.
    """
    if store.meta(ORIGIN_KEY) != BUNDLE_ORIGIN:
        return store.sql("SELECT count(*) FROM ingests")[0][0] == 0 and not _has_candidates(store)
    built_with = store.meta(BUNDLE_INGESTS_KEY)
    ingests = store.sql("SELECT count(*) FROM ingests")[0][0]
    return built_with == str(ingests) and not _has_candidates(store)


def _has_candidates(store: Store) -> bool:
    return store.sql("SELECT count(*) FROM candidates")[0][0] > 0


def build_fresh_store(path: Path, on_progress: ProgressCallback | None = None) -> Store:
    """Rebuild a store from the bundle alone.

    Refuses to replace a store that holds anything but the bundle (a user's file, an
    accepted or pending candidate, even added to a store the demo built), so that a
    demo can never destroy what a user entered.
    """
    if path.exists():
        existing = open_store(path)
        replaceable = _only_the_bundle(existing)
        existing.close()
        if not replaceable:
            raise ZonemetricsError(
                f"{path} holds data that did not come from the bundle; the demo will not "
                "replace it (choose another --store)"
            )
        path.unlink()
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.unlink()
    store = open_store(path)
    load_bundle(store, on_progress)
    store.set_meta(ORIGIN_KEY, BUNDLE_ORIGIN)
    store.set_meta(BUNDLE_INGESTS_KEY, str(store.sql("SELECT count(*) FROM ingests")[0][0]))
    return store
