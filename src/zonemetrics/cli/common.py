"""What every command shares: opening the store chosen by --store or the environment.

Commands say whether they read or write, so that the store can be opened read-only for
readers (many at once, on a read-only file too) and with the write lock for writers.
Both wait, with a message, while another zonemetrics process holds a conflicting lock.

The default store (no --store, no ZONEMETRICS_STORE) is created from the bundled data
the first time any command needs it. A store the user names must exist unless they
also give --create: a mistyped path is an error, not a new empty ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from zonemetrics.bundle import create_from_bundle, needs_creating
from zonemetrics.errors import StoreError
from zonemetrics.store.connection import Store, default_store_path, open_store
from zonemetrics.store.result_cache import cached_answer

JSON_HELP = "Print JSON instead of a table."


def _tell(message: str) -> None:
    from zonemetrics.cli.render import errors

    errors.print(f"[yellow]{message}[/]", highlight=False)


def chosen_store_path(ctx: typer.Context) -> tuple[Path, bool]:
    """The store's path, and whether the user named it (--store or ZONEMETRICS_STORE)."""
    named = (ctx.find_root().obj or {}).get("store")
    return (Path(named).expanduser(), True) if named else (default_store_path(), False)


def _ready_path(ctx: typer.Context) -> Path:
    """The store's path, after creating it from the bundle where that is allowed."""
    path, named = chosen_store_path(ctx)
    if not needs_creating(path):
        return path
    if named and not (ctx.find_root().obj or {}).get("create"):
        raise StoreError(
            f"{path}: no store there; check the path, or give --create to make a new "
            "store there from the bundled data"
        )
    _tell(f"creating the store {path} from the bundled data (first use)...")
    create_from_bundle(path)
    return path


def store_for_reading(ctx: typer.Context) -> Store:
    """The store for a command that only reads it: opened read-only, beside other
    readers, on a read-only file or mount too; waits while a writer holds the lock."""
    return open_store(_ready_path(ctx), create=False, read_only=True, on_wait=_tell)


def store_for_writing(ctx: typer.Context) -> Store:
    """The store for a command that changes it: waits for the write lock (up to
    ZONEMETRICS_LOCK_TIMEOUT seconds, 30 by default), saying so while it waits."""
    return open_store(_ready_path(ctx), create=False, on_wait=_tell)


def read_answer(
    ctx: typer.Context, command: str, params: dict[str, Any], compute: Callable[[Store], Any]
) -> Any:
    """`compute(store)` for a read command, kept until the store or the code changes
    (see zonemetrics.store.result_cache): a repeated `show` or `rank` answers at once."""
    path = _ready_path(ctx)

    def run() -> Any:
        store = open_store(path, create=False, read_only=True, on_wait=_tell)
        try:
            return compute(store)
        finally:
            store.close()

    return cached_answer(path, command, params, run)


def stored_peer_set(name: str) -> str:
    """The spelling reported ranks are stored under for the peer set a user named.

    A zone kind is a peer set of the same spelling (registry.kinds), and a listed peer
    set made of exactly that one kind is the same group of zones: `new_area` and
    `new_areas` both name the new areas, and a source's "3rd among new areas" is kept
    under the listed set's code. Any other name is returned as given.
    """
    from zonemetrics.registry.kinds import listed_peer_sets

    same = [
        code for code, group in listed_peer_sets().items()
        if code != name and group.kinds == (name,) and group.province is None
    ]  # fmt: skip
    return same[0] if len(same) == 1 else name


def single_kind(name: str) -> str:
    """The zone kind a one-kind peer set stands for (`new_areas` -> `new_area`), for
    commands that take a kind; any other name is returned as given."""
    from zonemetrics.registry.kinds import listed_peer_sets

    group = listed_peer_sets().get(name)
    return group.kinds[0] if group and len(group.kinds) == 1 and not group.province else name


def store_from(ctx: typer.Context) -> Store:
    """The store opened for writing: kept for commands not yet sorted into readers and
    writers (writing is the safe assumption)."""
    return store_for_writing(ctx)
