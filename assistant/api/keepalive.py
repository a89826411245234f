"""A kept-alive connection is closed after KEEPALIVE_REQUESTS requests (nginx's keepalive_requests).

Several workers share one listening socket, and a client's connection stays with the worker
that accepted it: a burst of new connections (a page of users, a load test) can leave one worker
with twice the other's, and its answers wait twice as long for as long as the connections live.
Closing each connection after a bounded number of requests makes the client reconnect, and the
worker whose event loop is free first (the less busy) accepts it, so the load evens out. The
client sees only `Connection: close` on that response and opens a new connection.
"""

from __future__ import annotations

from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TRACKED = 4096  # connections counted at once; the oldest entries are forgotten first


class KeepAliveLimitMiddleware:
    """Adds `Connection: close` to a connection's `limit`-th response."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._served: OrderedDict[tuple[str, int], int] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client") if scope["type"] == "http" else None
        if client is None:
            await self.app(scope, receive, send)
            return
        key = (client[0], client[1])  # one connection: its peer's address and port
        served = self._served.pop(key, 0) + 1
        if served < self.limit:
            self._served[key] = served
            if len(self._served) > TRACKED:
                self._served.popitem(last=False)
            await self.app(scope, receive, send)
            return

        async def send_closing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"
                ]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive, send_closing)
