"""A document's outline when it marks few headings: short lines heading running text count."""

from __future__ import annotations

from assistant.guides.outline import implicit_headings, outline
from index.document import Block, Chunk, Section, Sentence
from index.stored_document import StoredDocument

# (kind, text): one sentence a block; a "head" is a one-item list such as "(1) Funding"
PARTS = [
    ("heading", "Making partnerships work"),
    ("paragraph", "Partners were asked to join a partnership by the summer of this year."),
    ("paragraph", "What should partnerships look like?"),
    ("paragraph", "There is no prescribed form for a partnership in the guidance."),
    ("head", "(1) Where do the old functions and staff land"),
    ("paragraph", "The old functions move to the board at first, and may move again later."),
    ("paragraph", "This is a full sentence that ends with a stop."),
    ("paragraph", "Avoiding duplication between partners will be important in every area."),
]


def document(parts: list[tuple[str, str]] = PARTS) -> StoredDocument:
    text, blocks, sentences = "", [], []
    for kind, part in parts:
        start = len(text)
        text += ("(1) " if kind == "head" else "") + part.removeprefix("(1) ") + "\n\n"
        end = len(text) - 2
        index = len(blocks)
        if kind == "head":
            blocks.append(Block(index, "list", start, end, ""))
            item_start = start + len("(1) ")
            blocks.append(Block(index + 1, "item", item_start, end, "", parent=index))
            sentences.append(Sentence(item_start, end, index + 1))
        else:
            blocks.append(Block(index, kind, start, end, "", level=1 if kind == "heading" else 0))  # type: ignore[arg-type]
            sentences.append(Sentence(start, end, index))
    chunk = Chunk("doc-0", "doc", 0, 0, len(text), "", text, 120)
    return StoredDocument(
        doc_id="doc", title="Making partnerships work", publisher="Example Body", author="",
        date="2022-06", kind="commentary", about="", source_file="x.md", content_hash="0",
        text=text, sections=[Section(0, len(text), "Making partnerships work", 1)],
        sentences=sentences, chunks=[chunk], blocks=blocks,
    )  # fmt: skip


def test_short_lines_heading_running_text_stand_in_for_headings() -> None:
    doc = document()
    names = [" ".join(doc.text[b.start : b.end].split()) for b in implicit_headings(doc)]
    assert names == [
        "What should partnerships look like?",
        "(1) Where do the old functions and staff land",
    ]
    covered = outline(doc)
    assert [(name, span.text) for name, span in covered] == [
        ("What should partnerships look like?", PARTS[3][1]),
        ("(1) Where do the old functions and staff land", PARTS[5][1]),
    ]


def test_a_reminder_the_document_repeats_under_its_headings_is_not_what_a_section_says() -> None:
    reminder = ("paragraph", "Ask a colleague if you cannot open the intranet page today.")
    parts = [*PARTS[:3], reminder, *PARTS[3:5], reminder, *PARTS[5:]]
    covered = outline(document(parts))
    assert [span.text for _name, span in covered] == [PARTS[3][1], PARTS[5][1]]
