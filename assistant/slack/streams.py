"""Showing an answer while it is written: Slack's native stream, or a placeholder message edited
at most once a second, both throttled and honouring Retry-After."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from assistant.schemas import AnswerEvent
from assistant.slack.blocks import streaming_message
from assistant.slack.question import Question

logger = logging.getLogger(__name__)


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
