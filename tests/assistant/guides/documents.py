"""Small stored documents for the guides' tests, built from (kind, level, text) parts: one
sentence a block, a heading's level, an item's list (its `level` is the list's part index)."""

from __future__ import annotations

from index.document import Block, Chunk, Section, Sentence
from index.stored_document import StoredDocument

Part = tuple[str, int, str]


def stored_document(
    parts: list[Part], doc_id: str = "doc", title: str = "Example", date: str = "2020-06"
) -> StoredDocument:
    text, blocks, sentences, sections = "", [], [], []
    for index, (kind, level, part) in enumerate(parts):
        start = len(text)
        text += part + "\n\n"
        end = start + len(part)
        if kind == "item":
            blocks.append(Block(index, "item", start, end, "", parent=level))
        elif kind == "list":
            blocks.append(Block(index, "list", start, end, "", lead_in=(start, end)))
        else:
            blocks.append(Block(index, kind, start, end, part if kind == "heading" else "", level))  # type: ignore[arg-type]
        sentences.append(Sentence(start, end, index))
    for number, block in enumerate(blocks):  # a list spans its lead-in and its items
        if block.kind == "list":
            items = [b for b in blocks if b.kind == "item" and b.parent == number]
            last = max((b.end for b in items), default=block.end)
            blocks[number] = Block(number, "list", block.start, last, "", lead_in=block.lead_in)
    for block in (b for b in blocks if b.kind == "heading"):
        end = next(
            (b.start for b in blocks
             if b.kind == "heading" and b.start > block.start and b.level <= block.level),
            len(text),
        )  # fmt: skip
        sections.append(Section(block.start, end, parts[block.index][2], block.level))
    chunk = Chunk(f"{doc_id}-0", doc_id, 0, 0, len(text), "", text, 200)
    return StoredDocument(
        doc_id=doc_id, title=title, publisher="Example Body", author="", date=date,
        kind="guidance", about="", source_file=f"{doc_id}.md", content_hash="0", text=text,
        sections=sections, sentences=sentences, chunks=[chunk], blocks=blocks,
    )  # fmt: skip
