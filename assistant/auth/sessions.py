"""When sign-in is required at all, the settings it needs, and double-submit CSRF tokens.

Kept free of database imports: the CLI checks these settings before anything heavy loads. The
sessions themselves live in `assistant.auth.session_store`.
"""

from __future__ import annotations

import secrets

from assistant.settings import Settings

SESSION_COOKIE = "ra_session"
CSRF_COOKIE = "ra_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 12 * 60 * 60  # cookie lifetime; the server's own expiry is what counts
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MIN_SECRET_BYTES = 32


class AuthConfigError(ValueError):
    """Sign-in settings that must not be served."""


def is_local(host: str | None) -> bool:
    """A loopback address (127.0.0.0/8, ::1, localhost)."""
    return bool(host) and (host in LOCAL_HOSTS or str(host).startswith("127."))


def auth_required(settings: Settings, bound_host: str | None = None) -> bool:
    """`AUTH=auto` means sign-in everywhere but a loopback address.

    `bound_host` is the address the request actually arrived on (the socket the server bound),
    so an app started by any server command is protected when it listens beyond loopback.
    """
    if settings.auth == "auto":
        return not is_local(settings.host) or (bound_host is not None and not is_local(bound_host))
    return settings.auth == "on"


def secret_problem(settings: Settings) -> str | None:
    """Why SESSION_SECRET cannot protect sessions, or None when it can."""
    secret = settings.session_secret.get_secret_value() if settings.session_secret else ""
    if not secret:
        return (
            "sign-in is on but SESSION_SECRET is not set: set it to a long random string, "
            "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    if len(secret.encode()) < MIN_SECRET_BYTES:
        return (
            f"SESSION_SECRET is too short: use at least {MIN_SECRET_BYTES} bytes, "
            "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    return None


def check_auth_settings(settings: Settings) -> None:
    """Refuse to serve without sign-in beyond this machine, or with sign-in but a weak secret."""
    required = auth_required(settings)
    if not required and not is_local(settings.host):
        raise AuthConfigError(
            f"refusing to serve on {settings.host} with sign-in switched off: anyone on the "
            "network could read the conversations. Set AUTH=on (and SESSION_SECRET), or bind "
            "to 127.0.0.1."
        )
    problem = secret_problem(settings) if required else None
    if problem:
        raise AuthConfigError(problem)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, header: str | None) -> bool:
    return bool(cookie and header and secrets.compare_digest(cookie, header))
