"""What happens to one Slack question: claim, rate-limit, 👀, answer (streamed), reply in thread."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.pipeline import EventCallback
from assistant.schemas import (
    MAX_MESSAGE_CHARS,
    AnswerEvent,
    ChatRequest,
    ChatResponse,
    SearchFilters,
)
from assistant.slack.blocks import SlackMessage, plain_message, render_response, streaming_message
from assistant.slack.ratelimit import RateLimiter
from assistant.slack.store import SlackStore

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


@dataclass(frozen=True)
class Question:
    """A user's message the bot should answer in a thread."""

    team: str
    channel: str
    user: str
    ts: str
    thread_ts: str
    text: str
    is_dm: bool

    @property
    def thread_key(self) -> str:
        return thread_key(self.team, self.channel, self.thread_ts)


def thread_key(team: str, channel: str, thread_ts: str) -> str:
    return f"{team}:{channel}:{thread_ts}"


class Throttle:
    """Lets an action through at most once per `interval`; `defer` honours a Retry-After."""

    def __init__(self, interval: float, clock: Callable[[], float]) -> None:
        self.interval, self._clock = interval, clock
        self._next = clock() + interval

    def due(self) -> float | None:
        """The current time when an action may run now (and the next is `interval` away)."""
        now = self._clock()
        if now < self._next:
            return None
        self._next = now + self.interval
        return now

    def defer(self, now: float, seconds: float) -> None:
        self._next = now + max(self.interval, seconds)


class StreamUpdater:
    """Edits the placeholder message with the answer so far, at most once per `interval`."""

    def __init__(
        self,
        client: WebClient,
        channel: str,
        ts: str,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client, self.channel, self.ts = client, channel, ts
        self.throttle = Throttle(interval, clock)
        self.text = ""
        self.updates = 0

    def __call__(self, event: AnswerEvent) -> None:
        if event.type != "token" or not event.text:
            return
        self.text += event.text
        now = self.throttle.due() if self.text.strip() else None
        if now is None:
            return
        message = streaming_message(self.text)
        try:
            self.client.chat_update(
                channel=self.channel, ts=self.ts, text=message.text, blocks=message.blocks
            )
            self.updates += 1
        except SlackApiError as error:
            retry_after = float(error.response.headers.get("Retry-After", 0) or 0)
            self.throttle.defer(now, retry_after)
            logger.warning("slack: streaming update failed: %s", error.response.get("error"))


class NativeStream:
    """Slack's own streaming (`chat.startStream` / `appendStream` / `stopStream`) in a thread.

    Text is appended at most once per `interval`; a workspace or channel that does not offer
    streaming refuses `start`, and the caller falls back to a placeholder edited with
    `chat.update` (`StreamUpdater`).
    """

    def __init__(
        self,
        client: WebClient,
        q: Question,
        interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client, self.q = client, q
        self.throttle = Throttle(interval, clock)
        self.ts: str | None = None
        self.pending = ""
        self.appends = 0

    def start(self) -> str | None:
        """Opens the stream in the question's thread; None when Slack refuses it."""
        in_channel = not self.q.is_dm  # Slack needs the recipient when streaming in a channel
        try:
            result = self.client.chat_startStream(
                channel=self.q.channel,
                thread_ts=self.q.thread_ts,
                recipient_team_id=self.q.team if in_channel else None,
                recipient_user_id=self.q.user if in_channel else None,
            )
        except SlackApiError as error:
            logger.info("slack: no native streaming here (%s)", error.response.get("error"))
            return None
        self.ts = str(result.get("ts") or "") or None
        return self.ts

    def __call__(self, event: AnswerEvent) -> None:
        if event.type != "token" or not event.text or self.ts is None:
            return
        self.pending += event.text
        if self.pending.strip() and self.throttle.due() is not None:
            self._flush()

    def _flush(self) -> None:
        if not self.pending or self.ts is None:
            return
        try:
            self.client.chat_appendStream(
                channel=self.q.channel, ts=self.ts, markdown_text=self.pending
            )
            self.pending = ""
            self.appends += 1
        except SlackApiError as error:
            logger.warning("slack: appending to the stream failed: %s", error.response.get("error"))

    def stop(self) -> None:
        """Closes the stream; the final rendering then replaces it with `chat.update`."""
        if self.ts is None:
            return
        try:
            self.client.chat_stopStream(channel=self.q.channel, ts=self.ts)
        except SlackApiError as error:
            logger.warning("slack: stopping the stream failed: %s", error.response.get("error"))


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
