"""`build_slack_app(settings, collab)`: the bolt App wired to the one answer pipeline."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy import Engine

from assistant.feedback import record_feedback
from assistant.pipeline import Collaborators, answer
from assistant.schemas import ChatRequest, ChatResponse
from assistant.settings import Settings
from assistant.slack.bolt_app import create_bolt_app
from assistant.slack.flow import EventCallback, Responder
from assistant.slack.interactions import FeedbackSink, Rating
from assistant.slack.ratelimit import RateLimiter
from assistant.slack.store import SlackStore


def _secret(value: Any) -> str:
    return value.get_secret_value() if value is not None else ""


def _engine(collab: Collaborators) -> Engine:
    engine = collab.conversations.engine
    if not isinstance(engine, Engine):
        raise TypeError("the conversation store must expose its SQLAlchemy engine")
    return engine


def web_client(settings: Settings) -> WebClient:
    """The Slack Web API client; `SLACK_API_URL` decides where it sends requests."""
    base_url = (
        settings.slack_api_url
        if settings.slack_api_url.endswith("/")
        else (settings.slack_api_url + "/")
    )
    return WebClient(token=_secret(settings.slack_bot_token), base_url=base_url)


def build_slack_app(settings: Settings, collab: Collaborators) -> App:
    """The Slack app for HTTP mode (`/slack/events`) or Socket Mode; calls `auth.test` once."""
    engine = _engine(collab)
    store = SlackStore(engine)
    limiter = RateLimiter(settings.slack_rate_limit_per_minute)

    def ask(
        request: ChatRequest, owner: str | None, on_event: EventCallback | None
    ) -> ChatResponse:
        return answer(request, collab, owner=owner, on_event=on_event)

    def feedback(message_id: str, rating: Rating, comment: str | None, user: str) -> None:
        record_feedback(engine, message_id, rating, comment, "slack", user)

    sink: FeedbackSink = feedback
    client = web_client(settings)
    responder = Responder(
        client,
        ask,
        collab.conversations,
        store,
        limiter,
        public_base_url=settings.public_base_url,
        stream=collab.llm is not None,
    )
    from assistant.slack.interactions import Interactions

    interactions = Interactions(ask, store, limiter, sink, public_base_url=settings.public_base_url)
    return create_bolt_app(
        client, _secret(settings.slack_signing_secret), store, responder, interactions
    )
