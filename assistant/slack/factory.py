"""`build_slack_app(settings, collab)`: the bolt App wired to the one answer pipeline."""

from __future__ import annotations

from slack_bolt import App
from sqlalchemy import Engine

from assistant.feedback import record_feedback
from assistant.pipeline import Collaborators, answer
from assistant.schemas import ChatRequest, ChatResponse, SearchFilters
from assistant.settings import Settings
from assistant.slack.bolt_app import create_bolt_app, secret, web_client
from assistant.slack.flow import EventCallback, Responder
from assistant.slack.interactions import FeedbackSink, Interactions, Rating
from assistant.slack.ratelimit import RateLimiter
from assistant.slack.sources import ChannelSourcesAccess, flag_stale_sources
from assistant.slack.store import SlackStore
from index.store import IndexMismatchError, IndexNotReady
from index.stored_document import StoredDocument


def _engine(collab: Collaborators) -> Engine:
    engine = collab.conversations.engine
    if not isinstance(engine, Engine):
        raise TypeError("the conversation store must expose its SQLAlchemy engine")
    return engine


def build_slack_app(settings: Settings, collab: Collaborators) -> App:
    """The Slack app for HTTP mode (`/slack/events`) or Socket Mode; calls `auth.test` once."""
    engine = _engine(collab)
    store = SlackStore(engine)
    limiter = RateLimiter(settings.slack_rate_limit_per_minute)

    def ask(
        request: ChatRequest,
        owner: str | None,
        on_event: EventCallback | None,
        thread: str | None = None,
        filters: SearchFilters | None = None,
    ) -> ChatResponse:
        return answer(request, collab, owner=owner, on_event=on_event, channel="slack",
                      external_key=thread, filters=filters)  # fmt: skip

    def feedback(message_id: str, rating: Rating, comment: str | None, user: str) -> None:
        record_feedback(engine, message_id, rating, comment, "slack", user)

    def documents() -> list[StoredDocument]:
        try:
            return list(collab.retriever.state().generation.documents.values())
        except (IndexNotReady, IndexMismatchError):
            return []

    sink: FeedbackSink = feedback
    client = web_client(settings)
    checked_ask = flag_stale_sources(ask, documents)  # a channel's removed sources are named
    responder = Responder(
        client,
        checked_ask,
        collab.conversations,
        store,
        limiter,
        public_base_url=settings.public_base_url,
        stream=collab.llm is not None,
    )
    interactions = Interactions(
        checked_ask,
        store,
        limiter,
        sink,
        public_base_url=settings.public_base_url,
        sources=ChannelSourcesAccess(client, settings.slack_admin_users, documents),
    )
    return create_bolt_app(
        client, secret(settings.slack_signing_secret), store, responder, interactions
    )
