"""Per-user rate limit and the database claims that keep retries from being answered twice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from assistant.schemas import ChatResponse
from assistant.slack.ratelimit import RateLimiter
from assistant.slack.store import SlackStore

pytestmark = pytest.mark.slack


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limit_is_per_user_and_slides() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, 60, clock)
    assert limiter.check("a") == 0 and limiter.check("a") == 0
    assert limiter.check("a") == pytest.approx(60)
    assert limiter.check("b") == 0
    clock.now += 30
    assert limiter.check("a") == pytest.approx(30)
    clock.now += 30.5
    assert limiter.check("a") == 0
    assert "2 questions a minute" in limiter.message(29.6)
    assert "30 seconds" in limiter.message(29.6)


def test_rate_limit_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        RateLimiter(0)


def test_claims_survive_a_new_store_on_the_same_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'slack.db'}"
    first = SlackStore(create_engine(url))
    assert first.claim("event:Ev1")
    assert not first.claim("event:Ev1")
    second = SlackStore(create_engine(url))  # another worker process, or after a restart
    assert not second.claim("event:Ev1")
    assert second.claim("event:Ev2")


def test_prune_forgets_old_claims(tmp_path: Path) -> None:
    store = SlackStore(create_engine(f"sqlite:///{tmp_path / 'slack.db'}"))
    store.claim("event:old")
    store.prune(older_than=timedelta(seconds=-1))
    assert store.claim("event:old")


def test_saved_answers_round_trip(tmp_path: Path) -> None:
    store = SlackStore(create_engine(f"sqlite:///{tmp_path / 'slack.db'}"))
    response = ChatResponse(
        conversation_id="c",
        message_id="m9",
        answer="A [1].",
        citations=[],
        refused=False,
        mode="extractive",
    )
    store.save_answer("U1", "What?", response)
    assert store.load_answer("m9") == ("U1", "What?", response)
    assert store.load_answer("nope") is None
