"""What every command shares: opening the store chosen by --store or the environment."""

from __future__ import annotations

import typer

from zonemetrics.store.connection import Store, open_store


def store_from(ctx: typer.Context) -> Store:
    return open_store(ctx.obj.get("store") if ctx.obj else None)


JSON_HELP = "Print JSON instead of a table."
