"""Calls from many threads run together in shared batches: `Batcher(run)(text)`.

Under load each server thread handles one short text per request (a question to parse or
embed), and much of a model's cost for a short text is per call. Texts that arrive while a batch
is running wait and go together in the next one, run by one of their own threads; a text
arriving at an idle batcher runs alone at once, so nothing waits on a timer. `run` must give
each text the result it would get alone (callers check this for their model).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

R = TypeVar("R")
MAX_BATCH = 32


class _Job(Generic[R]):
    __slots__ = ("text", "result", "error", "lead", "ready")

    def __init__(self, text: str) -> None:
        self.text = text
        self.result: R | None = None
        self.error: BaseException | None = None
        self.lead = False  # handed the running of the next batch
        self.ready = threading.Event()


class Batcher(Generic[R]):
    """One batch at a time; the thread that finds the batcher idle runs it, the others wait."""

    def __init__(
        self, run: Callable[[list[str]], Iterable[R] | Sequence[R]], max_batch: int = MAX_BATCH
    ) -> None:
        self._run = run
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._waiting: list[_Job[R]] = []
        self._busy = False

    @property
    def waiting(self) -> int:
        """Texts queued for the next batch."""
        with self._lock:
            return len(self._waiting)

    def __call__(self, text: str) -> R:
        job: _Job[R] = _Job(text)
        with self._lock:
            self._waiting.append(job)
            lead = not self._busy
            self._busy = True
        if not lead:
            job.ready.wait()
            lead = job.lead
        if lead:
            self._run_next()
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def _run_next(self) -> None:
        """Run the oldest waiting texts (the leader's own among them), then hand on."""
        with self._lock:
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
        try:
            results = list(self._run([j.text for j in batch]))  # all done before any is handed out
            for job, result in zip(batch, results, strict=True):
                job.result = result
        except BaseException as exc:  # every waiting caller sees the failure, none hangs
            for job in batch:
                job.error = exc
        with self._lock:
            if self._waiting:  # the next batch is run by its own first thread
                self._waiting[0].lead = True
                self._waiting[0].ready.set()
            else:
                self._busy = False
        for job in batch:
            job.ready.set()
