"""How many answers one worker computes at once; the other requests wait their turn in order.

An extractive answer is CPU work under one interpreter lock: every answer a worker runs at once
shares its core, and past the point where shared batches stop paying (the question parses and
embeddings of concurrent requests run together, nlp.batching) more at once only stretches each
answer and lets the longest questions fall furthest behind. Beyond the slots, requests queue
first come, first served. With a language model an answer mostly waits on the network, so the
limit is the thread pool's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import Depends, Request

from assistant.settings import Settings

T = TypeVar("T")
# Per worker. Fewer costs CPU: 1-4 at once measured 1.5-4 ms more per answer (smaller shared
# parse and embedding batches); spaCy's saving per text levels off at about 16 a batch.
EXTRACTIVE_SLOTS = 16
LLM_SLOTS = 40  # anyio's default thread pool limit: LLM answers mostly wait on the endpoint


def answer_slots(settings: Settings) -> int:
    """The configured ANSWER_CONCURRENCY, else the default for the answer mode."""
    if settings.answer_concurrency is not None:
        return settings.answer_concurrency
    return LLM_SLOTS if settings.llm_enabled else EXTRACTIVE_SLOTS


def answer_limiter(settings: Settings) -> CapacityLimiter:
    """The worker's slots (made inside its event loop, in the app's lifespan)."""
    return CapacityLimiter(answer_slots(settings))


async def get_answer_slots(request: Request) -> CapacityLimiter:
    limiter: CapacityLimiter = request.app.state.answer_limiter
    return limiter


AnswerSlotsDep = Annotated[CapacityLimiter, Depends(get_answer_slots)]


async def run_answer(
    slots: CapacityLimiter, func: Callable[..., T], *args: object, **kw: object
) -> T:
    """`func(*args, **kw)` on a worker thread once one of `slots` is free (waiting requests
    get slots in arrival order)."""
    return await anyio.to_thread.run_sync(partial(func, *args, **kw), limiter=slots)
