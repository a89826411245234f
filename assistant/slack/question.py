"""A Slack message the bot should answer, and the key that ties its thread to a conversation."""

from __future__ import annotations

from dataclasses import dataclass


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
