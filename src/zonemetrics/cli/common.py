"""What every command shares: opening the store chosen by --store or the environment.

Commands say whether they read or write, so that the store can be opened read-only for
readers (many at once, on a read-only file too) and with the write lock for writers.
"""

from __future__ import annotations

import typer

from zonemetrics.store.connection import Store, open_store


def store_from(ctx: typer.Context) -> Store:
    return open_store(ctx.obj.get("store") if ctx.obj else None)


def store_for_reading(ctx: typer.Context) -> Store:
    """The store for a command that only reads it."""
    return store_from(ctx)


def store_for_writing(ctx: typer.Context) -> Store:
    """The store for a command that changes it."""
    return store_from(ctx)


JSON_HELP = "Print JSON instead of a table."
