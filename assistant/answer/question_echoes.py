"""Sentences that repeat the question itself ("when asked how often boards review…") talk about
it; they never answer it, so evidence scoring leaves them out.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.answer.question import Question
from nlp.lexical import STOPWORDS, words

ECHO_WORDS = 4
QUESTION_WORDS = frozenset({"what", "when", "where", "which", "who", "whom", "whose", "why", "how"})


def _content(text: str) -> list[str]:
    """Words without stopwords, question words kept ("what local authorities gain access")."""
    return [w for w in words(text) if w in QUESTION_WORDS or w not in STOPWORDS]


def question_openings(question: Question) -> list[str]:
    """The question word and the content words after it ("how often boards review"): a
    sentence that contains them talks about the question ("when asked how often boards
    review…, say…"), it does not answer it."""
    found = _content(question.text)
    starts = [i for i, w in enumerate(found) if w in QUESTION_WORDS]
    return [" ".join(found[i : i + ECHO_WORDS]) for i in starts[:1] if len(found) - i >= ECHO_WORDS]


def echoes(sentence: str, openings: list[str]) -> bool:
    """The sentence repeats the question itself."""
    padded = _padded_content(sentence)
    return any(f" {opening} " in padded for opening in openings)


@lru_cache(maxsize=65_536)
def _padded_content(sentence: str) -> str:
    """A sentence's content words between spaces (sentences repeat across questions)."""
    return f" {' '.join(_content(sentence))} "
