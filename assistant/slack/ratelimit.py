"""A per-user sliding-window rate limit (Slack users, not IP addresses).

The window lives in this process's memory: one service process answers Slack, and a restart
forgetting the last minute is harmless. Several workers would each allow the full rate.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

RATE_LIMITED_TEXT = (
    "You're asking faster than I can keep up — the limit is {limit} questions a minute. "
    "Please wait about {wait} seconds and ask again."
)


class RateLimiter:
    """At most `limit` allowed calls per user within any `window` seconds."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, user: str) -> float:
        """Record a call and return 0.0, or return the seconds to wait without recording it."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(user, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return max(hits[0] + self.window - now, 0.001)
            hits.append(now)
            if len(self._hits) > 10_000:
                self._forget_idle(now)
            return 0.0

    def _forget_idle(self, now: float) -> None:
        for user in [u for u, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[user]

    def message(self, wait: float) -> str:
        return RATE_LIMITED_TEXT.format(limit=self.limit, wait=max(1, round(wait)))
