"""The slash command (questions, `help`, `sources`) and the answer buttons (👍/👎, "Share")."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal

from slack_bolt import Respond

from assistant.schemas import MAX_MESSAGE_CHARS, ChatRequest
from assistant.slack.blocks import FEEDBACK_UP, render_response
from assistant.slack.flow import ERROR_TEXT, TOO_LONG_TEXT, AskFn
from assistant.slack.mrkdwn import escape, question_text, truncate
from assistant.slack.ratelimit import RateLimiter
from assistant.slack.sources import (
    SOURCES_USAGE,
    ChannelSourcesAccess,
    SourcesError,
    describe,
    is_sources_command,
    sources_reply,
    stale_notice,
)
from assistant.slack.store import SlackStore

logger = logging.getLogger(__name__)

Rating = Literal["up", "down"]
FeedbackSink = Callable[[str, Rating, str | None, str], None]
"""(message_id, rating, comment, user) -> stores one feedback record with source "slack"."""

COMMAND_HELP = (
    "Ask a question after the command, for example "
    "`/review-assistant What are the review's key recommendations?` "
    "— the answer is shown only to you, with a button to share it in the channel."
)
FEEDBACK_THANKS = {
    "up": "Thanks — glad that helped. Your :thumbsup: was recorded.",
    "down": "Thanks for telling us — your :thumbsdown: was recorded so the answer can be checked.",
}
FEEDBACK_FAILED = "Sorry — your feedback could not be recorded. Please try again."
HELP_WORDS = {"help", "?", "-h", "--help"}
SHARE_MISSING = "That answer is no longer available to share — please ask again."


class Interactions:
    """Handlers behind `/review-assistant` and the buttons on every answer."""

    def __init__(
        self,
        ask: AskFn,
        store: SlackStore,
        limiter: RateLimiter,
        record_feedback: FeedbackSink,
        *,
        public_base_url: str | None,
        sources: ChannelSourcesAccess | None = None,
    ) -> None:
        self.ask, self.store, self.limiter = ask, store, limiter
        self.record_feedback = record_feedback
        self.public_base_url = public_base_url
        self.sources = sources

    def help_text(self, team: str, channel: str) -> str:
        """How to ask, this channel's sources, and how a channel admin changes them."""
        if self.sources is None:
            return COMMAND_HELP
        filters = self.store.channel_filters(team, channel)
        notice = stale_notice(filters, self.sources.documents())
        warning = f"\n\n:warning: {escape(notice)}" if notice else ""
        return (
            f"{COMMAND_HELP}\n\nIn this channel answers come from {describe(filters)}. "
            f"{SOURCES_USAGE}{warning}"
        )

    def command_ack_text(self, text: str, team: str = "", channel: str = "") -> str | None:
        """The immediate ephemeral reply to the slash command (within Slack's 3 seconds);
        None for `sources`, whose reply follows once Slack has said who may change them."""
        question = question_text(text, None)
        if not question or question.lower() in HELP_WORDS:
            return self.help_text(team, channel)
        if self.sources is not None and is_sources_command(question):
            return None
        if len(question) > MAX_MESSAGE_CHARS:
            return TOO_LONG_TEXT
        shown = escape(truncate(question, 200))
        return f":eyes: Looking through the review material for: _{shown}_"

    def answer_command(
        self, team: str, user: str, text: str, respond: Respond, channel: str = ""
    ) -> None:
        """Answers `/review-assistant <question>` ephemerally, with a share button, from the
        channel's sources; `/review-assistant sources …` lists or changes those."""
        question = question_text(text, None)  # Slack escapes &, < and > in command text
        if not question or question.lower() in HELP_WORDS or len(question) > MAX_MESSAGE_CHARS:
            return
        if self.sources is not None and is_sources_command(question):
            self.channel_sources(team, channel, user, question, respond)
            return
        wait = self.limiter.check(user)
        if wait:
            respond(text=self.limiter.message(wait), response_type="ephemeral")
            return
        try:
            filters = self.store.channel_filters(team, channel) if channel else None
            response = self.ask(
                ChatRequest(message=question), f"slack:{team}:{user}", None, filters=filters
            )
            self.store.save_answer(user, question, response)
        except Exception:
            logger.exception("slack: slash command failed")
            respond(text=ERROR_TEXT, response_type="ephemeral")
            return
        preface = f"You asked: _{escape(truncate(question, 500))}_"
        # Only a cited answer is worth sharing: not a decline, a greeting or a list of what I do.
        share = bool(response.citations) and not response.refused
        messages = render_response(
            response, public_base_url=self.public_base_url, share=share, preface=preface
        )
        for message in messages:
            respond(
                text=message.text,
                blocks=message.blocks,
                response_type="ephemeral",
                replace_original=False,
            )

    def channel_sources(
        self, team: str, channel: str, user: str, text: str, respond: Respond
    ) -> None:
        """`sources` (list), `sources set …` and `sources clear` for this channel."""
        assert self.sources is not None
        access = self.sources
        try:
            reply, filters, store = sources_reply(
                text,
                channel_filters=self.store.channel_filters(team, channel),
                documents=access.documents(),
                may_change=lambda: access.may_change(channel, user),
            )
            if store:
                self.store.set_channel_filters(team, channel, filters, user)
        except SourcesError as exc:
            reply = str(exc)
        except Exception:
            logger.exception("slack: sources command failed")
            reply = ERROR_TEXT
        respond(text=reply, response_type="ephemeral", replace_original=False)

    def share(self, user: str, message_id: str, respond: Respond) -> None:
        """Posts a saved ephemeral answer in the channel for everyone, then removes the original."""
        saved = self.store.load_answer(message_id)
        if saved is None or saved[0] != user:
            respond(text=SHARE_MISSING, response_type="ephemeral", replace_original=False)
            return
        _, question, response = saved
        preface = f"<@{user}> asked: _{escape(truncate(question, 500))}_"
        for message in render_response(
            response, public_base_url=self.public_base_url, preface=preface
        ):
            respond(
                text=message.text,
                blocks=message.blocks,
                response_type="in_channel",
                replace_original=False,
            )
        respond(delete_original=True)

    def record(
        self, body: dict[str, Any], message_id: str, rating: Rating, comment: str | None
    ) -> str:
        """Stores one feedback record for the clicking user; returns the note to show them."""
        user = str((body.get("user") or {}).get("id") or "")
        team = str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id"))
        try:
            self.record_feedback(message_id, rating, comment, f"slack:{team}:{user}")
        except Exception:
            logger.exception("slack: storing feedback failed")
            return FEEDBACK_FAILED
        return FEEDBACK_THANKS[rating]

    def feedback(self, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        """A 👍 (or a 👎 whose comment form could not be opened), stored without a comment."""
        rating: Rating = "up" if action.get("action_id") == FEEDBACK_UP else "down"
        note = self.record(body, str(action.get("value") or ""), rating, None)
        respond(text=note, response_type="ephemeral", replace_original=False)
