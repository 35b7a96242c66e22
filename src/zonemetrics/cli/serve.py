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
        writes, and other readers can use the store at the same time. Answers are kept
        while the store is unchanged; after an idle half-minute the app lets the store
        go, so `ingest` can write, and it notices the change on the next request."""
        import uvicorn

        from zonemetrics.web.app import create_app

        if store is not None:
            root = ctx.find_root()
            root.obj = (root.obj or {}) | {"store": store}
        # a first-run default store is made first, and a writer's lock waited for; the
        # app then opens the store itself when a question needs it
        chosen = store_for_reading(ctx)
        path = chosen.path
        chosen.close()
        web_app = create_app(path, warm=True)
        console.print(f"serving {path} on http://{host}:{port}/ (Ctrl-C stops)")
        # no access log: a line per request costs as much as answering a kept one
        uvicorn.run(web_app, host=host, port=port, log_level="warning", access_log=False)
