"""The FastAPI application: routers, error handlers, the web chat, and clients made once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from assistant.api import chat, conversations, documents, feedback, health, search, stream
from assistant.auth import router as auth_router
from assistant.auth.middleware import AuthMiddleware
from assistant.auth.sessions import SessionSigner, auth_required, check_auth_settings
from assistant.errors import install_error_handlers
from assistant.runtime import build_collaborators
from assistant.settings import PROJECT_ROOT, Settings, get_settings
from assistant.slack.http import mount_slack

WEB_DIR = PROJECT_ROOT / "web"


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app bound to `settings` (the environment's by default).

    Raises `AuthConfigError` for sign-in settings that must not be served.
    """
    settings = settings or get_settings()
    check_auth_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.collab = build_collaborators(settings)
        app.state.settings = settings
        yield
        app.state.collab.conversations.engine.dispose()

    app = FastAPI(
        title="Review Assistant",
        summary="Answers questions about the Hewitt Review material, citing every claim.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.dependency_overrides[get_settings] = lambda: settings
    install_error_handlers(app)
    for module in (health, chat, stream, search, documents, conversations, feedback, auth_router):
        app.include_router(module.router)
    secret = settings.session_secret.get_secret_value() if settings.session_secret else ""
    app.add_middleware(
        AuthMiddleware, signer=SessionSigner(secret) if auth_required(settings) else None
    )
    mount_slack(app, settings)  # POST /slack/events, only when Slack is configured
    if (WEB_DIR / "index.html").exists():
        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app
