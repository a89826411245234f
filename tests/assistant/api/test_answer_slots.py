"""A worker computes at most ANSWER_CONCURRENCY answers at once; the rest wait in order."""

from __future__ import annotations

import threading
from pathlib import Path

import anyio
import pytest
from pydantic import ValidationError

from assistant.api.answer_slots import EXTRACTIVE_SLOTS, LLM_SLOTS, answer_slots, run_answer
from tests.conftest import make_settings


class Gate:
    """A blocking job that records how many run at once and in which order they started."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.open = threading.Event()
        self.running = 0
        self.most = 0
        self.started: list[int] = []

    def job(self, n: int) -> int:
        with self.changed:
            self.running += 1
            self.most = max(self.most, self.running)
            self.started.append(n)
            self.changed.notify_all()
        assert self.open.wait(30), "the test never opened the gate"
        with self.changed:
            self.running -= 1
        return n * 10

    def wait_running(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.running == count, 30)


async def _run_all(slots: int, jobs: int) -> tuple[Gate, list[int]]:
    gate, limiter, results = Gate(), anyio.CapacityLimiter(slots), [0] * jobs

    async def one(n: int) -> None:
        results[n] = await run_answer(limiter, gate.job, n)

    async with anyio.create_task_group() as tasks:
        for n in range(jobs):
            tasks.start_soon(one, n)
            await anyio.wait_all_tasks_blocked()  # the n-th request arrives n-th
        # the first `slots` are running and blocked; the others wait for a slot
        await anyio.to_thread.run_sync(gate.wait_running, slots)
        assert limiter.statistics().tasks_waiting == jobs - slots
        gate.open.set()
    return gate, results


@pytest.mark.parametrize("slots", [1, 3])
def test_at_most_the_slots_run_at_once(slots: int) -> None:
    gate, results = anyio.run(_run_all, slots, 8)
    assert gate.most == slots
    assert results == [n * 10 for n in range(8)]


def test_waiting_answers_start_in_arrival_order() -> None:
    gate, _ = anyio.run(_run_all, 1, 8)  # one at a time: each starts after the previous ends
    assert gate.started == list(range(8))


def test_default_slots_depend_on_the_answer_mode(tmp_path: Path) -> None:
    assert answer_slots(make_settings(tmp_path)) == EXTRACTIVE_SLOTS
    llm = make_settings(tmp_path, LLM_BASE_URL="http://127.0.0.1:9/v1", LLM_MODEL="m")
    assert answer_slots(llm) == LLM_SLOTS
    assert answer_slots(make_settings(tmp_path, ANSWER_CONCURRENCY=2)) == 2


@pytest.mark.parametrize("value", [0, -1, 257])
def test_answer_concurrency_out_of_range_fails_fast(tmp_path: Path, value: int) -> None:
    with pytest.raises(ValidationError, match="ANSWER_CONCURRENCY"):
        make_settings(tmp_path, ANSWER_CONCURRENCY=value)
