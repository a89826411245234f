"""The FastAPI application: routers, error handlers, the web chat, and clients made once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from assistant.api import (
    chat,
    conversations,
    docs,
    documents,
    feedback,
    health,
    metrics,
    search,
    stream,
)
from assistant.api.answer_slots import answer_limiter
from assistant.auth import admin_api
from assistant.auth import router as auth_router
from assistant.auth.middleware import AuthMiddleware
from assistant.auth.sessions import check_auth_settings
from assistant.errors import install_error_handlers
from assistant.export import router as export_router
from assistant.extras import import_extra
from assistant.guides import api as guides_api
from assistant.integrations import openai_api
from assistant.observability.middleware import RequestContextMiddleware
from assistant.observability.worker import start_worker, stop_worker
from assistant.resources import resource
from assistant.runtime import build_collaborators
from assistant.security.body_limit import BodyLimitMiddleware
from assistant.security.headers import SecurityHeadersMiddleware
from assistant.security.hosts import AllowedHostsMiddleware
from assistant.security.proxies import trust_forwarded_headers
from assistant.settings import Settings, get_settings
from assistant.warm_start import load_models_and_freeze, thaw

WEB_DIR = resource("web")


def create_app(settings: Settings | None = None) -> FastAPI:
    """An app bound to `settings` (the environment's by default).

    Raises `AuthConfigError` for sign-in settings that must not be served.
    """
    settings = settings or get_settings()
    check_auth_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        collab = build_collaborators(settings)
        load_models_and_freeze()  # before the memory report, and before any request
        app.state.collab = start_worker(collab)
        app.state.answer_limiter = answer_limiter(settings)
        yield
        app.state.collab.conversations.engine.dispose()
        stop_worker()
        thaw()

    app = FastAPI(
        title="Review Assistant",
        summary="Answers questions about a collection of documents, citing every claim.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by assistant.api.docs from the package, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings  # what SettingsDep hands out (no dependency override: see deps)
    install_error_handlers(app)
    routers = (health, metrics, chat, stream, search, documents, conversations, feedback)
    for module in (*routers, auth_router):
        app.include_router(module.router)
    app.include_router(export_router.router)  # /api/conversations/{id}/export (board paper)
    app.include_router(openai_api.router)  # /v1/chat/completions (OpenAI-compatible)
    app.include_router(documents.collection_router)  # /api/collection (from the manifest)
    app.include_router(guides_api.router)  # /api/documents/{id}/guide, /api/collection/guide
    app.include_router(admin_api.router)  # /api/admin (administrators only)
    app.include_router(docs.router)  # /docs with Swagger UI from the package
    app.add_middleware(AuthMiddleware, settings=settings)
    if settings.slack_enabled:  # POST /slack/events; the `slack` extra is imported only then
        import_extra("assistant.slack.http", "slack", "Slack").mount_slack(app, settings)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(AllowedHostsMiddleware, settings=settings)
    app.add_middleware(SecurityHeadersMiddleware)  # on every response, errors included
    app.add_middleware(RequestContextMiddleware)  # request id for everything inside
    trust_forwarded_headers(app, settings)  # outermost: the real client behind a trusted proxy
    if (WEB_DIR / "index.html").exists():

        @app.get("/c/{conversation_id}", include_in_schema=False)
        def conversation_page(conversation_id: str) -> FileResponse:
            """Each conversation has its own address: the page opens it from the URL."""
            return FileResponse(WEB_DIR / "index.html", media_type="text/html")

        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")
    return app
