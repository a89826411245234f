"""Pieces → one text with blocks, sections and sentences at exact character offsets.

Layout: blocks are separated by a blank line; consecutive list items by a newline, each
written "  " * depth + marker + " " + text. An item's block span is its text without the marker.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from index.document import Block, BlockKind, Section, Sentence
from ingest.formats.pieces import Piece
from ingest.sections import label
from nlp.sentences import split_sentences


@dataclass(frozen=True)
class Layout:
    """A laid-out document; `spans[i]` is where piece i's line(s) are, marker included."""

    text: str
    blocks: list[Block]
    sections: list[Section]
    spans: list[tuple[int, int]]


def _new(index: int, kind: BlockKind, start: int, section: str, **extra: object) -> Block:
    return Block(index=index, kind=kind, start=start, end=start, section=section, **extra)  # type: ignore[arg-type]


def assemble(pieces: list[Piece]) -> Layout:
    """Lay pieces out as one text and record each block's span, section path and nesting."""
    parts: list[str] = []
    cursor = 0
    blocks: list[Block] = []
    spans: list[tuple[int, int]] = []
    headings: list[tuple[int, str]] = []
    marks: list[tuple[int, str, int]] = [(0, "", 0)]
    lists: list[int] = []  # open list blocks, outermost first
    last_item: list[int] = []  # the last item at each open depth
    previous: Piece | None = None
    for piece in pieces:
        gap = (
            "" if previous is None else ("\n" if previous.kind == piece.kind == "item" else "\n\n")
        )
        if piece.kind != "item":
            lists, last_item = [], []
        path = " > ".join(lab for _, lab in headings)
        start = cursor + len(gap)
        if piece.kind == "heading":
            headings = [(lvl, lab) for lvl, lab in headings if lvl < piece.level]
            headings.append((piece.level, label(piece.text)))
            path = " > ".join(lab for _, lab in headings)
            marks.append((start, path, piece.level))
        if piece.kind == "item":
            depth = min(piece.level, len(lists))
            while len(lists) > depth + 1:
                lists.pop()
                last_item.pop()
            if len(lists) == depth:
                parent = last_item[-1] if last_item else None
                blocks.append(
                    _new(
                        len(blocks),
                        "list",
                        start,
                        path,
                        level=depth,
                        page=piece.page,
                        parent=parent,
                    )
                )
                lists.append(len(blocks) - 1)
                last_item.append(-1)
            line = "  " * depth + f"{piece.marker} "
            body_start = start + len(line)
            blocks.append(
                Block(len(blocks), "item", body_start, body_start + len(piece.text), path,
                      level=depth, page=piece.page, parent=lists[-1])
            )  # fmt: skip
            last_item[-1] = len(blocks) - 1
            line += piece.text
            for index in lists:
                blocks[index] = replace(blocks[index], end=start + len(line))
        else:
            line = piece.text
            level = piece.level if piece.kind == "heading" else 0
            blocks.append(
                Block(len(blocks), piece.kind, start, start + len(line), path, level, piece.page)
            )
        parts.append(gap + line)
        spans.append((start, start + len(line)))
        cursor = start + len(line)
        previous = piece
    text = "".join(parts) + ("\n" if parts else "")
    sections = [
        Section(start, marks[i + 1][0] if i + 1 < len(marks) else len(text), path, level)
        for i, (start, path, level) in enumerate(marks)
    ]
    return Layout(text, blocks, [s for s in sections if s.end > s.start], spans)


def sentences_of(text: str, blocks: list[Block]) -> tuple[list[Sentence], list[Block]]:
    """Sentences inside blocks (an item or a table row is one unit), and lists given lead-ins.

    A paragraph's last sentence ending with ":" right before a list is that list's lead-in: the
    list's span grows to include it and the sentence belongs to the list.
    """
    prose = [b for b in blocks if b.kind in ("paragraph", "quote")]
    found: list[Sentence] = []
    for block, spans in zip(
        prose, split_sentences([text[b.start : b.end] for b in prose]), strict=True
    ):
        found.extend(Sentence(block.start + s, block.start + e, block.index) for s, e in spans)
    for block in blocks:
        if block.kind == "item":
            found.append(Sentence(block.start, block.end, block.index))
        elif block.kind == "table":
            offset = block.start
            for row in text[block.start : block.end].split("\n"):
                if row.strip():
                    found.append(Sentence(offset, offset + len(row), block.index))
                offset += len(row) + 1
    found.sort(key=lambda s: s.start)
    blocks = list(blocks)
    last_of_block = {s.block: i for i, s in enumerate(found)}
    for block in blocks:
        if block.kind != "list" or block.parent is not None or block.index == 0:
            continue
        before = blocks[block.index - 1]
        number = last_of_block.get(before.index)
        if before.kind != "paragraph" or number is None:
            continue
        sentence = found[number]
        if text[sentence.start : sentence.end].rstrip().endswith(":"):
            found[number] = replace(sentence, block=block.index)
            blocks[block.index] = replace(
                block, start=sentence.start, lead_in=(sentence.start, sentence.end)
            )
    return found, blocks
