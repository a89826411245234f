"""Pure sentence segmentation with character spans (pysbd, one paragraph or list item at a time)."""

from __future__ import annotations

import re
from functools import lru_cache

import pysbd

_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _split_unit(text: str, offset: int) -> list[tuple[int, int]]:
    """Sentence spans inside one line, located by search so offsets are exact."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter().segment(text):
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, cursor)
        if found < 0:
            continue
        spans.append((offset + found, offset + found + len(piece)))
        cursor = found + len(piece)
    if not spans and text.strip():
        lead = len(text) - len(text.lstrip())
        spans.append((offset + lead, offset + len(text.rstrip())))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences; a list item or line never shares a sentence with the next one."""
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraph_spans(text):
        for line in _LINE.finditer(text, p_start, p_end):
            body = line.group()
            marker = re.match(r"\s*(?:- |\d{1,2}[.)] )?", body)
            skip = marker.end() if marker else 0
            spans.extend(_split_unit(body[skip:], line.start() + skip))
    return spans


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the blank-line separated paragraphs of a cleaned text."""
    spans = []
    start = 0
    for match in re.finditer(r"\n\s*\n", text):
        if text[start : match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
