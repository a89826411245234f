"""Pure structure-aware chunking: whole sentences and list items packed up to a token budget.

Chunks never cross a section boundary (so each knows its section path), never split a sentence
or list item, and always fit the embedder's window together with the context prepended to them
(`fits`); only a single unit too long for the window is cut, at word boundaries, never truncated.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.document import Block, Chunk, Section, Sentence

Fits = Callable[[str, str], bool]  # (section path, chunk text) -> fits the embedder's window
_WORD_END = re.compile(r"\S+")


def _split_unit(text: str, start: int, end: int, section: str, fits: Fits) -> list[tuple[int, int]]:
    """Cut one over-long unit into the fewest word-aligned spans that fit."""
    words = [(start + m.start(), start + m.end()) for m in _WORD_END.finditer(text[start:end])]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        lo, hi = i + 1, len(words)
        while lo < hi:  # the largest j with words[i:j] fitting
            mid = (lo + hi + 1) // 2
            if fits(section, text[words[i][0] : words[mid - 1][1]]):
                lo = mid
            else:
                hi = mid - 1
        spans.append((words[i][0], words[lo - 1][1]))
        i = lo
    return spans


def chunk_document(
    doc_id: str,
    text: str,
    sentences: list[Sentence],
    sections: list[Section],
    count_tokens: Callable[[str], int],
    max_tokens: int,
    overlap_tokens: int,
    fits: Fits | None = None,
    blocks: list[Block] | None = None,
) -> list[Chunk]:
    """Pack units into chunks of at most `max_tokens`, carrying ~`overlap_tokens` forward."""
    if overlap_tokens >= max_tokens:
        raise ValueError("overlap must be smaller than the chunk size")
    pages = {b.index: b.page for b in blocks or []}
    chunks: list[Chunk] = []

    def ok(section: str, start: int, end: int) -> bool:
        body = text[start:end]
        return count_tokens(body) <= max_tokens and (fits is None or fits(section, body))

    def emit(section: Section, start: int, end: int, page: int | None) -> None:
        body = text[start:end]
        index = len(chunks)
        chunks.append(
            Chunk(f"{doc_id}:{index:04d}", doc_id, index, start, end, section.path, body,
                  count_tokens(body), page)
        )  # fmt: skip

    for section in sections:
        units: list[tuple[int, int, int | None]] = []
        for s in sentences:
            if not section.start <= s.start < section.end:
                continue
            if fits is not None and not fits(section.path, text[s.start : s.end]):
                parts = _split_unit(text, s.start, s.end, section.path, fits)
                units.extend((a, b, pages.get(s.block)) for a, b in parts)
            else:
                units.append((s.start, s.end, pages.get(s.block)))
        sizes = [count_tokens(text[a:b]) for a, b, _ in units]
        i = 0
        while i < len(units):
            # Grow by the units' own sizes (cheap), then measure the joined span exactly and
            # give back units until it fits: separators and markers add a few tokens.
            j, total = i + 1, sizes[i]
            while j < len(units) and total + sizes[j] <= max_tokens:
                total += sizes[j]
                j += 1
            while j - 1 > i and not ok(section.path, units[i][0], units[j - 1][1]):
                j -= 1
            emit(section, units[i][0], units[j - 1][1], units[i][2])
            if j >= len(units):
                break
            # Step back over whole units worth at most `overlap_tokens`, always advancing.
            back, carried = j, 0
            while back - 1 > i and carried + sizes[back - 1] <= overlap_tokens:
                back -= 1
                carried += sizes[back]
            i = back
    return chunks
