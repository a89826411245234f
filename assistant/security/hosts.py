"""`ALLOWED_HOSTS`: the Host header is checked on every request (DNS rebinding cannot reach a
local instance through a name that resolves to 127.0.0.1).

By default the loopback names, the configured HOST and PUBLIC_BASE_URL's host are allowed; a
`*` entry allows any host, `*.example.org` any subdomain of example.org.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.auth.middleware import send_json
from assistant.settings import Settings

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARD_BINDS = ("0.0.0.0", "::", "")


def allowed_hosts(settings: Settings) -> list[str]:
    """The host names this service answers to."""
    hosts = [h.strip().lower() for h in settings.allowed_hosts if h.strip()]
    hosts += list(LOOPBACK_NAMES)
    if settings.host not in WILDCARD_BINDS:
        hosts.append(settings.host.lower())
    if settings.public_base_url:
        name = urlsplit(settings.public_base_url).hostname
        if name:
            hosts.append(name.lower())
    return hosts


def host_name(header: str) -> str:
    """The name part of a Host header (no port; IPv6 brackets removed)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(name: str, hosts: list[str]) -> bool:
    for pattern in hosts:
        if pattern == "*" or pattern == name:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


class AllowedHostsMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.hosts = allowed_hosts(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            name = host_name(Headers(scope=scope).get("host", ""))
            if not host_allowed(name, self.hosts):
                detail = "this host name is not served here: add it to ALLOWED_HOSTS"
                await send_json(send, 400, {"error": "bad_host", "detail": detail})
                return
        await self.app(scope, receive, send)
