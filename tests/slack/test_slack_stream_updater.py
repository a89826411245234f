"""StreamUpdater: at most one edit per interval, and it backs off when Slack says `ratelimited`."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from assistant.schemas import AnswerEvent
from assistant.slack.streams import StreamUpdater

pytestmark = pytest.mark.slack


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Client:
    def __init__(self) -> None:
        self.updates: list[tuple[float, str]] = []
        self.limited_until = -1.0
        self.clock: Clock | None = None

    def chat_update(self, **kwargs: Any) -> None:
        now = self.clock.now if self.clock else 0.0
        if now < self.limited_until:
            response = SlackResponse(
                client=None,
                http_verb="POST",
                api_url="chat.update",
                req_args={},
                data={"ok": False, "error": "ratelimited"},
                headers={"Retry-After": "5"},
                status_code=429,
            )
            raise SlackApiError("ratelimited", response)
        self.updates.append((now, kwargs["text"]))


def token(text: str) -> AnswerEvent:
    return AnswerEvent(type="token", text=text)


def test_edits_at_most_once_per_interval() -> None:
    clock, client = Clock(), Client()
    client.clock = clock
    updater = StreamUpdater(client, "C", "1.0", interval=1.0, clock=clock)  # type: ignore[arg-type]
    for i in range(50):
        clock.now = i * 0.1
        updater(token(f"w{i} "))
    updater(AnswerEvent(type="final"))
    times = [t for t, _ in client.updates]
    assert len(times) == 4  # at 1.0, 2.0, 3.0, 4.0 s of 4.9 s
    assert all(b - a >= 1.0 - 1e-9 for a, b in zip(times, times[1:], strict=False))
    assert client.updates[-1][1].startswith("w0 w1")


def test_backs_off_when_rate_limited() -> None:
    clock, client = Clock(), Client()
    client.clock = clock
    client.limited_until = 1.5
    updater = StreamUpdater(client, "C", "1.0", interval=1.0, clock=clock)  # type: ignore[arg-type]
    for i in range(80):
        clock.now = i * 0.1
        updater(token("x "))
    # Refused at 1.0 s with Retry-After 5: the next try waits until 6.0 s.
    assert [t for t, _ in client.updates] == pytest.approx([6.0, 7.0])
