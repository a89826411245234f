"""Pure token-aware chunking: whole sentences packed up to a token budget, with overlap.

Chunks never cross a section boundary, so each knows its section path, and never split a
sentence (a sentence longer than the budget becomes a chunk of its own).
"""

from __future__ import annotations

from collections.abc import Callable

from index.document import Chunk, Section


def chunk_document(
    doc_id: str,
    text: str,
    sentences: list[tuple[int, int]],
    sections: list[Section],
    count_tokens: Callable[[str], int],
    max_tokens: int,
    overlap_tokens: int,
) -> list[Chunk]:
    """Pack sentences into chunks of at most `max_tokens`, carrying ~`overlap_tokens` forward."""
    if overlap_tokens >= max_tokens:
        raise ValueError("overlap must be smaller than the chunk size")
    chunks: list[Chunk] = []
    for section in sections:
        inside = [(s, e) for s, e in sentences if section.start <= s < section.end]
        sizes = [count_tokens(text[s:e]) for s, e in inside]
        i = 0
        while i < len(inside):
            j = i + 1
            # Sizes of the sentences alone ignore the separators between them, so the joined
            # span is measured before a sentence is admitted.
            while j < len(inside) and (
                sum(sizes[i : j + 1]) <= max_tokens
                and count_tokens(text[inside[i][0] : inside[j][1]]) <= max_tokens
            ):
                j += 1
            start, end = inside[i][0], inside[j - 1][1]
            body = text[start:end]
            index = len(chunks)
            chunks.append(
                Chunk(
                    chunk_id=f"{doc_id}:{index:04d}",
                    doc_id=doc_id,
                    index=index,
                    start=start,
                    end=end,
                    section=section.path,
                    text=body,
                    tokens=count_tokens(body),
                )
            )
            if j >= len(inside):
                break
            # Step back over whole sentences worth at most `overlap_tokens`, always advancing.
            back, carried = j, 0
            while back - 1 > i and carried + sizes[back - 1] <= overlap_tokens:
                back -= 1
                carried += sizes[back]
            i = back
    return chunks
