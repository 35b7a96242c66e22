"""The FastAPI application: pages, the JSON API, downloads and the vendored scripts.

`create_app(path)` opens the store read-only when a question needs it and lets it go
when idle (see `service`); the app never writes. A repeated GET is answered from the
response kept for the store's current state (see `kept`). Nothing is fetched
from elsewhere: Vega's scripts come from vl-convert's wheel and the base map from the
package, so the pages draw with no network.
"""

from __future__ import annotations

import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from zonemetrics.errors import ZonemetricsError
from zonemetrics.store.connection import Store
from zonemetrics.web import api, downloads, pages
from zonemetrics.web.kept import KeptResponses
from zonemetrics.web.service import Service


def create_app(path: Path | None = None, store: Store | None = None, warm: bool = False) -> FastAPI:
    """The app over the store at `path` (opened read-only on demand) or over an already
    open store (used as it is and left open: it belongs to the caller). With `warm`, the
    answers that take many seconds (the index's uncertainty runs) are computed in a
    background thread at once."""
    app = FastAPI(
        title="zonemetrics",
        summary="A sourced ledger of China's state-level new areas, read-only.",
        version="1",
    )
    service = Service(path, store)
    app.state.service = service
    app.add_middleware(KeptResponses, service=service)

    @app.exception_handler(ZonemetricsError)
    async def not_understood(request: Request, error: ZonemetricsError) -> Response:
        # an unknown zone or indicator, a malformed span: the request names something
        # the ledger does not hold, which is a 404 with the reason, never a 500
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return pages.error_page(request, str(error), 404)

    if warm:
        threading.Thread(
            target=pages.warm_up, args=(service,), name="zonemetrics-warm-up", daemon=True
        ).start()
    app.include_router(api.router)
    app.include_router(downloads.router)
    app.include_router(pages.router)
    return app
