"""Question parses from many threads in shared batches: `parse(text)` is `get_nlp()(text)`.

Most of spaCy's cost for a ten-word text is per call, not per word (about half of the CPU is
saved at 16 texts a batch), so a worker's threads parse their questions together
(`nlp.batching`). The parses are the same as one call per text, token for token (checked on
every question turn of both evaluation datasets, in shuffled batches of 2–32).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from nlp.batching import Batcher
from nlp.spacy_pipeline import get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _pipe(texts: list[str]) -> Iterable[Doc]:
    return get_nlp().pipe(texts, batch_size=len(texts))


_BATCHER: Batcher[Doc] = Batcher(_pipe)


def parse(text: str) -> Doc:
    """The full pipeline's parse of `text` (as `get_nlp()(text)`), batched with other threads'."""
    return _BATCHER(text)
