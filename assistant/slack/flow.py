"""What happens to one Slack question: claim, rate-limit, 👀, answer (streamed), reply in thread."""

from __future__ import annotations

import logging
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.pipeline import EventCallback
from assistant.schemas import (
    MAX_MESSAGE_CHARS,
    ChatRequest,
    ChatResponse,
    SearchFilters,
)
from assistant.slack.blocks import SlackMessage, plain_message, render_response
from assistant.slack.question import Question, thread_key
from assistant.slack.ratelimit import RateLimiter
from assistant.slack.store import SlackStore
from assistant.slack.streams import NativeStream, StreamUpdater

logger = logging.getLogger(__name__)


class AskFn(Protocol):
    """The one pipeline; `thread` binds a new conversation to a Slack thread with its first turn,
    `filters` narrow the sources (a channel's `sources set`)."""

    def __call__(
        self,
        request: ChatRequest,
        owner: str | None,
        on_event: EventCallback | None,
        thread: str | None = None,
        filters: SearchFilters | None = None,
    ) -> ChatResponse: ...


HELP_TEXT = (
    "Ask me a question about the documents I have been given — for example "
    "_What are the main recommendations?_ — and I'll answer in a thread with the sources. "
    "Reply in the thread to follow up."
)
TOO_LONG_TEXT = (
    "That message is too long for me — please keep questions under "
    f"{MAX_MESSAGE_CHARS:,} characters."
)
ERROR_TEXT = "Sorry — something went wrong while I was answering. Please try again in a moment."
WORKING_TEXT = "_Looking through the review material…_"


class ThreadMap(Protocol):
    """Slack thread key -> conversation id (implemented by the core's ConversationStore)."""

    def id_for_external_key(self, key: str) -> str | None: ...


class Responder:
    """Answers Slack questions through the one pipeline and posts the result."""

    def __init__(
        self,
        client: WebClient,
        ask: AskFn,
        threads: ThreadMap,
        store: SlackStore,
        limiter: RateLimiter,
        *,
        public_base_url: str | None,
        stream: bool,
        update_interval: float = 1.0,
    ) -> None:
        self.client, self.ask, self.threads = client, ask, threads
        self.store, self.limiter = store, limiter
        self.public_base_url = public_base_url
        self.stream = stream
        self.update_interval = update_interval

    def knows_thread(self, team: str, channel: str, thread_ts: str) -> bool:
        return self.threads.id_for_external_key(thread_key(team, channel, thread_ts)) is not None

    def _post(self, q: Question, message: SlackMessage) -> str | None:
        result = self.client.chat_postMessage(
            channel=q.channel, thread_ts=q.thread_ts, text=message.text, blocks=message.blocks
        )
        ts = result.get("ts")
        return str(ts) if ts else None

    def _tell_user(self, q: Question, text: str) -> None:
        """A short note only the asker needs: ephemeral in channels, a thread reply in DMs."""
        message = plain_message(text)
        if q.is_dm:
            self._post(q, message)
        else:
            self.client.chat_postEphemeral(
                channel=q.channel,
                user=q.user,
                thread_ts=q.thread_ts,
                text=message.text,
                blocks=message.blocks,
            )

    def _react(self, q: Question) -> None:
        try:
            self.client.reactions_add(channel=q.channel, timestamp=q.ts, name="eyes")
        except SlackApiError as error:
            logger.info("slack: could not add reaction: %s", error.response.get("error"))

    def answer_in_thread(self, q: Question) -> None:
        """The whole flow for one message; each message is answered at most once."""
        if not self.store.claim(f"msg:{q.team}:{q.channel}:{q.ts}"):
            return
        wait = self.limiter.check(q.user)
        if wait:
            self._tell_user(q, self.limiter.message(wait))
            return
        self._react(q)
        if not q.text:
            self._post(q, plain_message(HELP_TEXT))
            return
        if len(q.text) > MAX_MESSAGE_CHARS:
            self._post(q, plain_message(TOO_LONG_TEXT))
            return
        placeholder: str | None = None
        on_event: EventCallback | None = None
        native: NativeStream | None = None
        if self.stream:
            native = NativeStream(self.client, q, self.update_interval)
            placeholder = native.start()
            if placeholder:
                on_event = native
            else:  # no native streaming: a placeholder edited at most once per interval
                native = None
                placeholder = self._post(q, plain_message(WORKING_TEXT))
                if placeholder:
                    on_event = StreamUpdater(
                        self.client, q.channel, placeholder, self.update_interval
                    )
        owner = f"slack:{q.team}:{q.channel}"
        try:
            conversation_id = self.threads.id_for_external_key(q.thread_key)
            request = ChatRequest(message=q.text, conversation_id=conversation_id)
            # a new thread's conversation is stored with its first turn, or not at all
            new_thread = None if conversation_id else q.thread_key
            filters = self.store.channel_filters(q.team, q.channel)  # `sources set`
            response = self.ask(request, owner, on_event, new_thread, filters=filters)
        except Exception:
            logger.exception("slack: answering failed")
            if native is not None:
                native.stop()
            self._deliver(q, [plain_message(ERROR_TEXT)], placeholder)
            return
        if native is not None:
            native.stop()
        messages = render_response(response, public_base_url=self.public_base_url)
        self._deliver(q, messages, placeholder)

    def _deliver(self, q: Question, messages: list[SlackMessage], placeholder: str | None) -> None:
        """Post (or finish the streamed placeholder with) the answer; plain text if blocks fail."""
        for i, message in enumerate(messages):
            target = placeholder if i == 0 else None
            try:
                self._send(q, message, target)
            except SlackApiError as error:
                logger.error("slack: Slack refused the answer: %s", error.response.get("error"))
                fallback = plain_message(message.text)  # one section: always within limits
                self._send(q, fallback, target)

    def _send(self, q: Question, message: SlackMessage, placeholder: str | None) -> None:
        if placeholder:
            self.client.chat_update(
                channel=q.channel, ts=placeholder, text=message.text, blocks=message.blocks
            )
        else:
            self._post(q, message)
