"""The FastAPI application: pages, the JSON API, downloads and the vendored scripts.

`create_app(path)` opens the store read-only; the app never writes. Nothing is fetched
from elsewhere: Vega's scripts come from vl-convert's wheel and the base map from the
package, so the pages draw with no network.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from zonemetrics.errors import ZonemetricsError
from zonemetrics.store.connection import Store
from zonemetrics.web import api, downloads, pages
from zonemetrics.web.service import Service, open_read_only


def create_app(path: Path | None = None, store: Store | None = None) -> FastAPI:
    """The app over the store at `path` (opened read-only) or an already open store."""
    if store is None:
        if path is None:
            raise ZonemetricsError("create_app needs a store path or an open store")
        store = open_read_only(path)
    app = FastAPI(
        title="zonemetrics",
        summary="A sourced ledger of China's state-level new areas, read-only.",
        version="1",
    )
    app.state.service = Service(store)

    @app.exception_handler(ZonemetricsError)
    async def not_understood(request: Request, error: ZonemetricsError) -> Response:
        # an unknown zone or indicator, a malformed span: the request names something
        # the ledger does not hold, which is a 404 with the reason, never a 500
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return pages.error_page(request, str(error), 404)

    app.include_router(api.router)
    app.include_router(downloads.router)
    app.include_router(pages.router)
    return app
