"""What the answer engine reads off a document sentence with spaCy: entity labels, whether it
leans on the sentence before ("This…", "However,…", "They…"), negation and the numbers it states.

Parsing is the costly part of an answer, so analyses are cached by sentence text for the life
of the process (texts repeat across index generations; the cache is bounded).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nlp.spacy_pipeline import get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

CACHE_SIZE = 50_000
WARM_BATCH = 64
VALUE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
# The parser is not needed: tags, morphology (PronType, Polarity) and entities are enough.
DISABLED = ("parser",)


@dataclass(frozen=True)
class SentenceInfo:
    """The parse facts evidence scoring and composition use."""

    labels: frozenset[str]  # entity labels present
    values: tuple[tuple[str, str], ...]  # (text, label) of dates, numbers, amounts
    names: tuple[str, ...]  # texts of ORG / PERSON / GPE entities
    dependent: bool  # opens with a pronoun, demonstrative or connective that needs context
    negated: bool


def _dependent(doc: Doc) -> bool:
    """Sentence-initial personal/demonstrative pronoun, demonstrative determiner, or a
    connective adverb/conjunction ("However,", "But", "They", "This", "These changes")."""
    tokens = [t for t in doc if not t.is_punct and not t.is_space]
    if not tokens:
        return False
    first = tokens[0]
    pron_type = first.morph.get("PronType", [])
    if first.pos_ == "PRON" and ("Prs" in pron_type or "Dem" in pron_type):
        return not {"1", "2"} & set(first.morph.get("Person", []))
    if first.pos_ == "DET" and "Dem" in pron_type:
        return True
    if first.pos_ == "CCONJ":
        return True
    follows_comma = len(doc) > first.i + 1 and doc[first.i + 1].text == ","
    return first.pos_ == "ADV" and follows_comma


class SentenceAnalyser:
    """Analyses sentences in batches, remembering every text it has seen."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._cache: OrderedDict[str, SentenceInfo] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self._warming: dict[str, threading.Thread] = {}
        self._stopping = threading.Event()

    def warm(self, key: str, texts: Callable[[], list[str]]) -> threading.Thread:
        """Analyse a whole collection's sentences in a background thread, once per `key` (an
        index generation), so answers after start-up find their sentences already parsed."""
        with self._lock:
            thread = self._warming.get(key)
            if thread is None:
                thread = threading.Thread(
                    target=self._warm, args=(texts,), name=f"warm-{key}", daemon=True
                )
                self._warming[key] = thread
                # Stopped before the interpreter waits for threads at exit (as concurrent.futures
                # does): later exit handlers run after a parse has already torn down under it.
                threading._register_atexit(self.stop)  # type: ignore[attr-defined]
                thread.start()
            return thread

    def _warm(self, texts: Callable[[], list[str]]) -> None:
        pending = texts()
        for start in range(0, len(pending), WARM_BATCH):
            if self._stopping.is_set():
                return
            self.analyse(pending[start : start + WARM_BATCH])

    def stop(self) -> None:
        """End background parsing at the next batch and wait for it: an interpreter torn down
        while a thread is inside spaCy's numeric backend aborts the process (libblis)."""
        self._stopping.set()
        with self._lock:
            threads = list(self._warming.values())
        for thread in threads:
            thread.join()

    def peek(self, text: str) -> SentenceInfo | None:
        """The cached analysis of a sentence, if it has been parsed already."""
        with self._lock:
            return self._cache.get(text)

    def analyse(self, texts: Sequence[str]) -> list[SentenceInfo]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            nlp = get_nlp()
            parsed = list(nlp.pipe(missing, batch_size=32, disable=list(DISABLED)))
            with self._lock:
                for text, doc in zip(missing, parsed, strict=True):
                    self._cache[text] = SentenceInfo(
                        labels=frozenset(e.label_ for e in doc.ents),
                        values=tuple(
                            (e.text, e.label_) for e in doc.ents if e.label_ in VALUE_LABELS
                        ),
                        names=tuple(
                            e.text for e in doc.ents if e.label_ in ("ORG", "PERSON", "GPE")
                        ),
                        dependent=_dependent(doc),
                        negated=any("Neg" in t.morph.get("Polarity", []) for t in doc),
                    )
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        with self._lock:
            return [self._cache[t] for t in texts]


ANALYSER = SentenceAnalyser()
