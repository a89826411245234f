"""A value read once from the served generation's documents (names, vocabulary, definitions).

One generation is served at a time, so each cache keeps the value of the last one asked for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from index.store import Generation

T = TypeVar("T")


class PerGeneration(Generic[T]):
    """`compute` over a generation's document texts, computed once per generation."""

    def __init__(self, compute: Callable[[Iterable[str]], T]) -> None:
        self._compute = compute
        self._name: str | None = None
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self, generation: Generation) -> T:
        with self._lock:
            if self._value is None or self._name != generation.name:
                self._value = self._compute(d.text for d in generation.documents.values())
                self._name = generation.name
            return self._value
