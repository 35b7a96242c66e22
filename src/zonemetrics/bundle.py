"""The bundled dataset: sourced figures on the 19 new areas, shipped with the package.

The bundle is imported through the same ingest path as any user file, so the bundled
data obeys every rule a user's data does (sources, units, aliases, conflicts). A new
store starts from it (so the first command a user types has data to show); a newer
bundle is added with `update_bundle`, which only ever adds rows: a figure the bundle
now states differently becomes a new vintage from the same source, and the earlier
value stays in the ledger as history, as any revision does.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from zonemetrics.errors import StoreError, ZonemetricsError
from zonemetrics.store.connection import Store, open_store

if TYPE_CHECKING:
    from zonemetrics.ingest.load import IngestReport, ProgressCallback

# meta keys: who created a store, and the last ingest that creator wrote
CREATED_BY_KEY = "created_by"
CREATOR_LAST_INGEST_KEY = "creator_last_ingest"
CREATED_BY_BUNDLE = "bundle"
CREATED_BY_DEMO = "demo"


def bundle_dir() -> Path:
    return Path(str(files("zonemetrics") / "data" / "bundle"))


def bundle_files() -> list[Path]:
    return sorted(bundle_dir().glob("*.csv"))


def load_bundle(store: Store, on_progress: ProgressCallback | None = None) -> list[IngestReport]:
    """Import the bundled files into a store (idempotent: a second load adds nothing)."""
    from zonemetrics.chains.load import load_chains
    from zonemetrics.ingest.load import ingest_paths
    from zonemetrics.registry.load import load_registry

    reports, errors = ingest_paths(store, bundle_files(), on_progress)
    if errors:
        raise ZonemetricsError("the bundled data failed to import: " + str(errors[0]))
    # the registry (2018 zone catalogue, 2023 division codes) goes through the same
    # validators and transactional writes; it needs the bundle's zones and indicators;
    # the sourced chains and platforms (data/chains) need the registry's zones
    reports += load_registry(store, on_progress)
    load_chains(store)
    return reports


def update_bundle(store: Store, on_progress: ProgressCallback | None = None) -> list[IngestReport]:
    """Add what this version's bundle holds that the store does not: new figures, new
    sources and new vintages of revised figures. The user's rows are never touched:
    ingest only inserts, and the reconciliation policy decides what is current."""
    return load_bundle(store, on_progress)


def _mark_creator(store: Store, creator: str) -> None:
    """Record who built the store and its last ingest at that moment, so that a later
    `demo` can tell its own untouched store from one a user has added to."""
    last = store.sql("SELECT coalesce(max(ingest_id), 0) FROM ingests")[0][0]
    store.set_meta(CREATED_BY_KEY, creator)
    store.set_meta(CREATOR_LAST_INGEST_KEY, str(last))


BUNDLE_CACHE_ENV = "ZONEMETRICS_BUNDLE_CACHE"


def bundle_token() -> str:
    """Changes whenever the bundled data or any module of the package changes: the
    bundle's files and catalogues by content, the code by the answer cache's token."""
    from zonemetrics.store.result_cache import code_token

    digest = hashlib.sha256(code_token().encode())
    data = Path(str(files("zonemetrics") / "data"))
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(data)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _template_path() -> Path:
    """Where the store built from this bundle is kept, to be copied for the next one."""
    folder = os.environ.get(BUNDLE_CACHE_ENV) or Path(
        platformdirs.user_cache_dir("zonemetrics")
    ) / "bundle-stores"
    return Path(folder) / f"bundle-{bundle_token()[:32]}.duckdb"


def _template_enabled() -> bool:
    from zonemetrics.store.result_cache import NO_CACHE_ENV

    return not os.environ.get(NO_CACHE_ENV)


def _copy_template(target: Path) -> bool:
    """Copy the kept store of this bundle to `target`; False when there is none."""
    if not _template_enabled():
        return False
    try:
        shutil.copyfile(_template_path(), target)
    except OSError:
        target.unlink(missing_ok=True)
        return False
    return True


def _keep_template(built: Path) -> None:
    """Keep a copy of a store just built from the bundle. An optimisation only: a cache
    folder that cannot be written means building again next time, never an error."""
    if not _template_enabled():
        return
    template = _template_path()
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=template.parent, delete=False) as part:
            partial = Path(part.name)
        shutil.copyfile(built, partial)
        os.replace(partial, template)
    except OSError:
        pass


def _build_beside(path: Path, creator: str, on_progress: ProgressCallback | None) -> Path:
    """A complete store from the bundle in a hidden file beside `path`, checkpointed so
    that it is one self-contained file ready to be moved into place.

    Importing the bundle and the registry validates some twenty thousand rows, which
    takes seconds; the result depends only on the bundle and the code, so the first
    store built is kept in the cache folder (`bundle_token`) and later stores start as
    a copy of it. The copy holds the same rows, ingests and vintages as a fresh import.
    """
    building = path.with_name(f".{path.name}.building-{os.getpid()}")
    for leftover in (building, building.with_name(building.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if not _copy_template(building):
        store = open_store(building)
        try:
            load_bundle(store, on_progress)
            store.raw.execute("CHECKPOINT")
        finally:
            store.close()
        _keep_template(building)
    store = open_store(building)
    try:
        _mark_creator(store, creator)
        store.raw.execute("CHECKPOINT")
    finally:
        store.close()
    return building


def create_from_bundle(
    path: Path, creator: str = CREATED_BY_BUNDLE, on_progress: ProgressCallback | None = None
) -> None:
    """Create the store at `path` from the bundle, all at once or not at all.

    The store is built beside its final name and linked into place only when complete,
    so a command killed half-way leaves no half-filled store, and two first commands
    started together do not both fill it: the first to finish wins, the other's copy is
    discarded.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    building = _build_beside(path, creator, on_progress)
    try:
        if path.exists() and path.stat().st_size == 0:
            os.replace(building, path)  # an empty file is no store: nothing to keep
            return
        os.link(building, path)
    except FileExistsError:
        pass  # another process created it first; its store is as good as ours
    finally:
        building.unlink(missing_ok=True)


def needs_creating(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def ensure_store(path: Path, on_progress: ProgressCallback | None = None, **open_options) -> Store:
    """The store at `path`, created from the bundle first if there is none yet."""
    if needs_creating(path):
        create_from_bundle(path, CREATED_BY_BUNDLE, on_progress)
    return open_store(path, **open_options)


def _demo_may_replace(path: Path) -> bool:
    """True only for a store the demo created and nobody has written to since.

    The demo writes a marker at creation with its last ingest; any later write (a
    user's file, a harvested candidate, a review) adds an ingest or a candidate, and
    then the store is the user's. A file that is not a readable store is not the
    demo's either.
    """
    try:
        store = open_store(path, create=False, read_only=True)
    except StoreError:
        return False
    try:
        last = store.sql("SELECT coalesce(max(ingest_id), 0) FROM ingests")[0][0]
        candidates = store.sql("SELECT count(*) FROM candidates")[0][0]
        return (
            store.meta(CREATED_BY_KEY) == CREATED_BY_DEMO
            and store.meta(CREATOR_LAST_INGEST_KEY) == str(last)
            and candidates == 0
        )
    finally:
        store.close()


def set_aside(path: Path) -> Path:
    """Rename a file (and its write-ahead log) out of the way; nothing is deleted."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = path.with_name(f"{path.name}.aside-{stamp}")
    path.rename(aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(aside.with_name(aside.name + ".wal"))
    return aside


def build_fresh_store(
    path: Path, on_progress: ProgressCallback | None = None
) -> tuple[Store, Path | None]:
    """The demo's store: rebuilt from the bundle alone.

    Replaces only a store the demo itself created and nobody has added to since; any
    other file at `path` (a user's ledger, a foreign file, something unreadable) is
    renamed aside, never deleted. Returns the store and where a file was set aside.
    """
    aside = None
    if path.exists():
        if _demo_may_replace(path):
            path.unlink()
            path.with_name(path.name + ".wal").unlink(missing_ok=True)
        else:
            aside = set_aside(path)
    create_from_bundle(path, CREATED_BY_DEMO, on_progress)
    return open_store(path, create=False), aside
