"""`zonemetrics serve`: the web app and JSON API, read-only over the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zonemetrics.cli.common import store_for_reading
from zonemetrics.cli.render import console


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve_command(
        ctx: typer.Context,
        host: Annotated[
            str, typer.Option("--host", help="Address to listen on (loopback by default).")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
        store: Annotated[
            Path | None,
            typer.Option("--store", help="The store to serve (as the global --store does)."),
        ] = None,
    ) -> None:
        """Serve the pages (map, zones, indicators, compare, check, sources) and /api/.

        The store (--store, before the command) is opened read-only: the app never
        writes, and other readers can use the store at the same time."""
        import uvicorn

        from zonemetrics.web.app import create_app
        from zonemetrics.web.service import open_read_only

        if store is not None:
            ctx.obj = (ctx.obj or {}) | {"store": store}
        # the usual opening first (it sets up a first-run store from the bundle), then
        # a read-only connection for the app's whole life
        chosen = store_for_reading(ctx)
        path = chosen.path
        chosen.close()
        web_app = create_app(store=open_read_only(path))
        console.print(f"serving {path} on http://{host}:{port}/ (Ctrl-C stops)")
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
