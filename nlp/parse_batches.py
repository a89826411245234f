"""Question parses from many threads in shared batches: `parse(text)` is `get_nlp()(text)`.

Most of spaCy's cost for a ten-word text is per call, not per word (about half of the CPU is
saved at 16 texts a batch), so a worker's threads parse their questions together
(`nlp.batching`). The parses are the same as one call per text, token for token (checked on
every question turn of both evaluation datasets, in shuffled batches of 2–32).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from nlp.batching import Batcher
from nlp.spacy_pipeline import get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _pipe(texts: list[str]) -> Iterable[Doc]:
    return get_nlp().pipe(texts, batch_size=len(texts))


_BATCHER: Batcher[Doc] = Batcher(_pipe)
_SCOPE = threading.local()  # .docs: this thread's parses within one_question(), else absent


@contextmanager
def one_question() -> Iterator[None]:
    """Within it, a text this thread parsed already is not parsed again: one answer reads its
    question's parse in several places (analysis, the sources it names, the subject). Nothing
    outlives the block, so no parse is reused from one question to the next."""
    outer = getattr(_SCOPE, "docs", None)
    if outer is None:
        _SCOPE.docs = {}
    try:
        yield
    finally:
        if outer is None:
            _SCOPE.docs = None


def parse(text: str) -> Doc:
    """The full pipeline's parse of `text` (as `get_nlp()(text)`), batched with other threads'."""
    docs: dict[str, Doc] | None = getattr(_SCOPE, "docs", None)
    if docs is None:
        return _BATCHER(text)
    if text not in docs:
        docs[text] = _BATCHER(text)
    return docs[text]
