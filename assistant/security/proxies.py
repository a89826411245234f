"""`FORWARDED_ALLOW_IPS`: whose `X-Forwarded-For`/`X-Forwarded-Proto` the app believes.

Behind a reverse proxy every connection comes from the proxy, so the sign-in throttle, the
audit log and secure cookies need the client the proxy saw. uvicorn's ProxyHeadersMiddleware
does exactly that, but only for a peer listed here: the client becomes the right-most address
in X-Forwarded-For that is not itself a trusted proxy. With nothing listed (the default) the
headers are ignored and the client is the socket peer, so nobody can spoof an address.
"""

from __future__ import annotations

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from assistant.settings import Settings


def trusted_proxies(settings: Settings) -> list[str]:
    """The configured proxies (IPs, networks or "*"); [] when none is trusted."""
    return [entry.strip() for entry in settings.forwarded_allow_ips if entry.strip()]


def trust_forwarded_headers(app: FastAPI, settings: Settings) -> None:
    """Add ProxyHeadersMiddleware (outermost) when proxies are trusted; nothing otherwise."""
    proxies = trusted_proxies(settings)
    if proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)
