"""Sign-in throttling per account and per address, with exponential back-off.

After a few free failures each further failure doubles the wait before the next attempt
(capped); while an account or address is waiting, every attempt — even with the right
password — gets 429 with `Retry-After`, and is not checked against the password at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from assistant.auth.audit import failures_since, now

WINDOW = timedelta(hours=1)
FREE_PER_ACCOUNT = 5
FREE_PER_ADDRESS = 20
BASE_SECONDS = 2.0
MAX_SECONDS = 15 * 60.0


@dataclass(frozen=True)
class Throttled(Exception):
    """Too many failed sign-ins: try again after `retry_after` seconds."""

    retry_after: int


def _wait(failures: int, free: int, last: datetime | None) -> float:
    if failures < free or last is None:
        return 0.0
    delay = min(BASE_SECONDS * 2 ** (failures - free), MAX_SECONDS)
    return (last + timedelta(seconds=delay) - now()).total_seconds()


def check(engine: Engine, email: str, ip: str | None) -> None:
    """Raise `Throttled` while this account or address must wait."""
    count, last = failures_since(engine, subject=email, window=WINDOW)
    wait = _wait(count, FREE_PER_ACCOUNT, last)
    if ip:
        count, last = failures_since(engine, ip=ip, window=WINDOW)
        wait = max(wait, _wait(count, FREE_PER_ADDRESS, last))
    if wait > 0:
        raise Throttled(max(1, math.ceil(wait)))
