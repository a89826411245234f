"""Which sentences of a document are off its subject: far from its title and from the rest
of the document that is near it, in embedding space.

Why: a document's title says what it is about, and a summary, or a line quoted only because
the question names the document, should be about that. A passage on another subject (a
firm's boilerplate, a navigation line, an instruction planted for an assistant to obey) is no
summary pick; it is quoted only when it answers the question itself. No word list decides it:
only how close each sentence's stored vector is to the title's and to the on-subject sentences',
each against the document's own scale. A sentence far from a terse title but close to what
the document's on-subject sentences say (a broad briefing's own topics) stays on the subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from index.stored_document import StoredDocument

OFF_SUBJECT = 0.5  # "less than half as close as" the document's own scale
SCALE_PERCENTILE = 75  # the scale of closeness to the title: the closest quarter of sentences
MIN_SENTENCES = 4  # fewer sentences give no scale to measure against


def title_relatedness(sentence_vectors: np.ndarray, title_vector: np.ndarray) -> np.ndarray:
    """Cosine of each (unit-length) sentence vector with the (unit-length) title vector."""
    if not len(sentence_vectors):
        return np.zeros(0, dtype=np.float32)
    return np.asarray(sentence_vectors, dtype=np.float32) @ np.asarray(
        title_vector, dtype=np.float32
    )


def far_from_title(relatedness: np.ndarray) -> list[bool]:
    """Per sentence: less than half as close to the title as the document's closest quarter
    of sentences. The closest quarter, not the median, sets the scale, so a planted passage
    that is half of a short document cannot pull the scale down to itself."""
    values = np.asarray(relatedness, dtype=np.float64)
    if len(values) < MIN_SENTENCES:
        return [False] * len(values)
    scale = float(np.percentile(values, SCALE_PERCENTILE))
    if scale <= 0.0:
        return [False] * len(values)
    return [bool(v < OFF_SUBJECT * scale) for v in values]


def off_subject_sentences(sentence_vectors: np.ndarray, title_vector: np.ndarray) -> list[bool]:
    """Per sentence: far from the title, and less than half as close to the centre of the
    sentences near the title as those sentences are (their median)."""
    vectors = np.asarray(sentence_vectors, dtype=np.float32)
    far = np.array(far_from_title(title_relatedness(vectors, title_vector)), dtype=bool)
    if not far.any():
        return far.tolist()
    centre = vectors[~far].mean(axis=0)
    closeness = vectors @ (centre / max(float(np.linalg.norm(centre)), 1e-9))
    scale = float(np.median(closeness[~far]))
    return [bool(f and c < OFF_SUBJECT * scale) for f, c in zip(far, closeness, strict=True)]


def documents_off_subject(
    documents: Sequence[StoredDocument], sentence_vectors: np.ndarray, title_vectors: np.ndarray
) -> dict[str, frozenset[int]]:
    """Numbers of every document's off-subject sentences, from the generation's stacked
    sentence vectors (documents' order, then sentence order) and one title vector a document."""
    flags: dict[str, frozenset[int]] = {}
    offset = 0
    for doc, title in zip(documents, title_vectors, strict=True):
        count = len(doc.sentences)
        own = off_subject_sentences(sentence_vectors[offset : offset + count], title)
        flags[doc.doc_id] = frozenset(n for n, off in enumerate(own) if off)
        offset += count
    return flags
