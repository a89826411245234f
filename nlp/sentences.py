"""Sentence segmentation with exact character spans, by the shared spaCy pipeline's `senter`.

Callers split one block (paragraph, quotation) at a time, so a sentence never crosses a block
boundary; `sentence_spans` does the same for free text by splitting it into lines first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nlp.spacy_pipeline import sentence_docs

_LINE = re.compile(r"[^\n]+")
_MARKER = re.compile(r"\s*(?:[-•*] |\d{1,2}[.)] )?")


def split_sentences(texts: Sequence[str]) -> list[list[tuple[int, int]]]:
    """For each text, the spans of its sentences, surrounding whitespace trimmed."""
    out: list[list[tuple[int, int]]] = []
    for text, doc in zip(texts, sentence_docs(texts), strict=True):
        spans = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
        out.append(_merge_fragments(text, spans))
    return out


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece without a letter or digit ("”", "(1)") joins the sentence before it."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end]
        if merged and (not any(c.isalnum() for c in piece) or len(piece) <= 3):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences of free text; a line (or list item) never shares a sentence."""
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text)]
    bodies: list[tuple[int, str]] = []
    for start, body in lines:
        marker = _MARKER.match(body)
        skip = marker.end() if marker else 0
        if body[skip:].strip():
            bodies.append((start + skip, body[skip:]))
    spans: list[tuple[int, int]] = []
    for (offset, _), found in zip(bodies, split_sentences([b for _, b in bodies]), strict=True):
        spans.extend((offset + s, offset + e) for s, e in found)
    return spans
