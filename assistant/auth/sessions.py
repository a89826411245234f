"""Signed session cookies and double-submit CSRF tokens; when sign-in is required at all."""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from assistant.settings import Settings

SESSION_COOKIE = "ra_session"
CSRF_COOKIE = "ra_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 12 * 60 * 60
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class AuthConfigError(ValueError):
    """Sign-in settings that must not be served."""


def auth_required(settings: Settings) -> bool:
    """`AUTH=auto` means sign-in everywhere but a loopback address."""
    if settings.auth == "auto":
        return settings.host not in LOCAL_HOSTS
    return settings.auth == "on"


def check_auth_settings(settings: Settings) -> None:
    """Refuse to serve without sign-in beyond this machine, or with sign-in but no secret."""
    required = auth_required(settings)
    if not required and settings.host not in LOCAL_HOSTS:
        raise AuthConfigError(
            f"refusing to serve on {settings.host} with sign-in switched off: anyone on the "
            "network could read the conversations. Set AUTH=on (and SESSION_SECRET), or bind "
            "to 127.0.0.1."
        )
    if required and not (settings.session_secret and settings.session_secret.get_secret_value()):
        raise AuthConfigError(
            "sign-in is on but SESSION_SECRET is not set: set it to a long random string, "
            "e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )


class SessionSigner:
    """Signs and reads the session cookie's user id."""

    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="review-assistant-session")

    def sign(self, user_id: str) -> str:
        return self._serializer.dumps({"uid": user_id})

    def user_id(self, token: str | None) -> str | None:
        if not token:
            return None
        try:
            data = self._serializer.loads(token, max_age=SESSION_MAX_AGE)
        except (BadSignature, SignatureExpired):
            return None
        uid = data.get("uid") if isinstance(data, dict) else None
        return uid if isinstance(uid, str) else None


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, header: str | None) -> bool:
    return bool(cookie and header and secrets.compare_digest(cookie, header))
