"""A value read from the served generation's documents is computed once per generation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from assistant.retrieval.per_generation import PerGeneration
from index.collection_reading import build_reading
from tests.assistant.retrieval.test_acronyms import generation


def test_computed_once_per_generation_and_again_for_the_next() -> None:
    calls: list[list[str]] = []

    def words(texts: Iterable[str]) -> int:
        seen = list(texts)
        calls.append(seen)
        return sum(len(t.split()) for t in seen)

    cached = PerGeneration(words)
    first, second = generation(["one two", "three"]), generation(["four five six"])
    assert cached(first) == 3
    assert cached(first) == 3
    assert cached(second) == 3
    assert cached(first) == 3
    assert calls == [["one two", "three"], ["four five six"], ["one two", "three"]]


def test_a_stored_value_is_used_without_computing() -> None:
    def never(texts: Iterable[str]) -> int:
        raise AssertionError("computed although stored")

    texts = ["one two", "three"]
    stored = replace(generation(texts), reading=build_reading(texts))
    cached = PerGeneration(never, lambda reading: sum(reading.vocabulary.counts.values()))
    assert cached(stored) == 3
