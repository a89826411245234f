"""HTTP mode: `POST /slack/events` (events, interactivity and the slash command) on FastAPI."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from slack_bolt import App, BoltRequest
from slack_bolt.adapter.starlette.handler import to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from assistant.settings import Settings

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000
SLACK_PATH = "/slack/events"

AppBuilder = Callable[[Settings, Any], App]


class LazySlackApp:
    """Builds the bolt App on first use from the running service's collaborators.

    Building it calls Slack's `auth.test`, so it happens on the first Slack request rather
    than at start-up: the service starts (and serves the web chat) even while Slack is away.
    """

    def __init__(self, settings: Settings, builder: AppBuilder | None = None) -> None:
        self.settings = settings
        self._builder = builder
        self._app: App | None = None
        self._lock = threading.Lock()

    def get(self, collab: Any) -> App:
        with self._lock:
            if self._app is None:
                builder = self._builder
                if builder is None:
                    from assistant.slack.factory import build_slack_app

                    builder = build_slack_app
                self._app = builder(self.settings, collab)
            return self._app


def _signed(verifier: SignatureVerifier, body: bytes, headers: dict[str, str]) -> bool:
    """Slack's `v0` signature over the body, within the 5-minute replay window."""
    try:
        return verifier.is_valid_request(body, headers)
    except ValueError:  # a timestamp that is not a number
        return False


def mount_slack(app: FastAPI, settings: Settings, builder: AppBuilder | None = None) -> None:
    """Adds `POST /slack/events` when Slack is configured; does nothing otherwise."""
    if not settings.slack_enabled:
        return
    holder = LazySlackApp(settings, builder)
    app.state.slack = holder
    secret = settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value() if secret else "")

    @app.post(SLACK_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > MAX_BODY_BYTES:
            return Response(status_code=413, content="request too large")
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response(status_code=413, content="request too large")
        if not _signed(verifier, body, dict(request.headers)):
            # Checked again by bolt; checking first keeps forgeries away from everything else.
            return Response(status_code=401, content="invalid request signature")
        try:
            bolt_app = await run_in_threadpool(holder.get, request.app.state.collab)
        except Exception:
            logger.exception("slack: could not start the Slack app (is SLACK_BOT_TOKEN valid?)")
            return Response(status_code=503, content="slack app unavailable")
        bolt_request = BoltRequest(
            body=body.decode("utf-8", errors="replace"),
            query=str(request.url.query),
            headers={key: [value] for key, value in request.headers.items()},
        )
        bolt_response = await run_in_threadpool(bolt_app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)
