"""Whole responses to GET requests, sent again unchanged while the store is the same.

Every page and API answer is a function of the store's contents, the path and the query
(the language lives in the query), so the response the app sent once can be sent again
for the same request, without routing, validating parameters, computing or encoding.
Served this way from the event loop a repeated request costs a dictionary look-up and two
`stat` calls; that is what keeps many concurrent readers' latency low on a small machine.

Only whole successful answers are kept (status 200, no `Cache-Control: no-store`), keyed
by the exact path and query string; errors are computed each time. The kept responses
belong to the store's state (see `zonemetrics.web.service`) and go when it changes.
"""

from __future__ import annotations

from typing import Any

from zonemetrics.web.service import KeptResponse, Service

Scope = dict[str, Any]


class KeptResponses:
    """ASGI middleware in front of the app: answer a repeated GET from what it sent."""

    def __init__(self, app: Any, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        kept = self.service.kept_response(key)
        if kept is not None:
            await send({"type": "http.response.start", "status": kept.status,
                        "headers": list(kept.headers)})  # fmt: skip
            body = b"" if scope["method"] == "HEAD" else kept.body
            await send({"type": "http.response.body", "body": body})
            return
        state = self.service.state()
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def record(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and _keepable(scope, started):
                    response = KeptResponse(
                        started["status"], tuple(started.get("headers", ())), b"".join(chunks)
                    )
                    self.service.keep_response(key, response, state)
            await send(message)

        await self.app(scope, receive, record)


def _keepable(scope: Scope, started: dict[str, Any]) -> bool:
    if scope["method"] != "GET" or started.get("status") != 200:
        return False
    headers = dict(started.get("headers", ()))
    return b"no-store" not in headers.get(b"cache-control", b"")
