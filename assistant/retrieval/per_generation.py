"""A value read once from the served generation's documents (names, vocabulary, definitions).

An ingest stores these values in the generation (`index/collection_reading.py`), so they load
with it. A generation built before they were stored has none: the value is then computed from
its document texts on the first question (as before, ~100 ms of CPU per 100k characters), so an
existing install keeps answering until it is re-ingested. One generation is served at a time, so
each cache keeps the value of the last one asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from index.collection_reading import CollectionReading
from index.store import Generation

T = TypeVar("T")


class PerGeneration(Generic[T]):
    """The generation's stored value (`stored` picks it), else `compute` over its document
    texts, computed once per generation."""

    def __init__(
        self,
        compute: Callable[[Iterable[str]], T],
        stored: Callable[[CollectionReading], T] | None = None,
    ) -> None:
        self._compute = compute
        self._stored = stored
        self._name: str | None = None
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self, generation: Generation) -> T:
        if generation.reading is not None and self._stored is not None:
            return self._stored(generation.reading)
        with self._lock:
            if self._value is None or self._name != generation.name:
                self._value = self._compute(d.text for d in generation.documents.values())
                self._name = generation.name
            return self._value
