"""Batched parsing across threads: the same parses as one call per text, failures reach every
caller, and texts that arrive during a parse go together in the next batch."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

import pytest

from nlp.batching import Batcher
from nlp.parse_batches import one_question, parse
from nlp.spacy_pipeline import get_nlp

QUESTIONS = [
    "Who chaired the board in April 2024?",
    "How many members does the committee have?",
    "What did the report recommend about local funding?",
    "When will the new framework be published?",
    "Why was the pilot stopped early?",
    "List the main risks the auditors named.",
]


def _facts(doc: object) -> list[tuple[str, ...]]:
    return [
        (t.text, t.tag_, t.dep_, str(t.head.i), t.lemma_, t.ent_type_, t.ent_iob_)
        for t in doc  # type: ignore[attr-defined]
    ]


def test_parses_from_many_threads_equal_one_call_per_text() -> None:
    nlp = get_nlp()
    expected = {q: _facts(nlp(q)) for q in QUESTIONS}
    asked = QUESTIONS * 8
    with ThreadPoolExecutor(16) as pool:
        docs = list(pool.map(parse, asked))
    assert [_facts(d) for d in docs] == [expected[q] for q in asked]


class _GatedPipe:
    """Upper-cases texts; the first batch waits for `release`, so others queue behind it."""

    def __init__(self, fail: bool = False) -> None:
        self.batches: list[list[str]] = []
        self.started = threading.Event()
        self.release = threading.Event()
        self.fail = fail

    def __call__(self, texts: list[str]) -> Iterable[str]:
        self.batches.append(list(texts))
        if len(self.batches) == 1:
            self.started.set()
            assert self.release.wait(30)
            if self.fail:
                raise ValueError("parser broke")
        return [t.upper() for t in texts]


def _queue_behind_first(batcher: Batcher[str], pipe: _GatedPipe, pool: ThreadPoolExecutor):
    first = pool.submit(batcher, "a")
    assert pipe.started.wait(30)
    rest = [pool.submit(batcher, text) for text in "bcde"]
    deadline = time.monotonic() + 30
    while batcher.waiting < 4:  # the four callers are queued behind the running batch
        assert time.monotonic() < deadline
        time.sleep(0.001)
    pipe.release.set()
    return first, rest


def test_texts_arriving_during_a_parse_go_together_in_the_next_batch() -> None:
    pipe = _GatedPipe()
    batcher = Batcher(pipe, max_batch=3)  # type: ignore[arg-type]
    with ThreadPoolExecutor(5) as pool:
        first, rest = _queue_behind_first(batcher, pipe, pool)
        assert first.result(30) == "A"
        assert [f.result(30) for f in rest] == ["B", "C", "D", "E"]
    assert pipe.batches[0] == ["a"]
    assert sorted(pipe.batches[1] + pipe.batches[2]) == ["b", "c", "d", "e"]
    assert [len(b) for b in pipe.batches[1:]] == [3, 1]  # at most max_batch, oldest first
    assert batcher.waiting == 0
    assert batcher("f") == "F"  # idle again: a lone text is parsed at once


def test_a_failing_parse_reaches_its_callers_and_the_next_batch_still_runs() -> None:
    pipe = _GatedPipe(fail=True)
    batcher = Batcher(pipe)  # type: ignore[arg-type]
    with ThreadPoolExecutor(5) as pool:
        first, rest = _queue_behind_first(batcher, pipe, pool)
        with pytest.raises(ValueError, match="parser broke"):
            first.result(30)
        assert [f.result(30) for f in rest] == ["B", "C", "D", "E"]
    assert batcher("f") == "F"


def test_one_question_parses_a_text_once_and_forgets_it_afterwards() -> None:
    text = QUESTIONS[0]
    with one_question():
        first = parse(text)
        with one_question():  # an inner block keeps the outer block's parses
            assert parse(text) is first
        assert parse(text) is first
        assert parse(QUESTIONS[1]) is not first
    assert parse(text) is not first  # nothing outlives the block
    assert _facts(parse(text)) == _facts(first)


def test_one_question_keeps_each_threads_parses_apart() -> None:
    with one_question():
        mine = parse(QUESTIONS[2])
        with ThreadPoolExecutor(1) as pool:
            theirs = pool.submit(parse, QUESTIONS[2]).result()
    assert theirs is not mine
