"""The guide summary's sentences: template text left out, list-only sections heard through
their items after the prose sections."""

from __future__ import annotations

from index.document import Block, Chunk, Section, Sentence
from index.guide_summary import summary_sentences, template_sentences
from index.stored_document import StoredDocument

# (section, block kind, text): a paragraph or a list item
PARTS = [
    ("Intro", "paragraph", "The agency sets the rules that every regional water board follows."),
    ("Intro", "paragraph", "Find out what you should do about point 1 of the water rules."),
    ("Fees", "paragraph", "Water boards charge fees that the agency reviews every year."),
    ("Fees", "paragraph", "Find out what you should do about point 4 of the water rules."),
    ("Checks", "item", "before opening a new plant, test the water supply for every known risk"),
    ("Checks", "item", "keep a register of every water board plant and its yearly inspection"),
]


def document(parts: list[tuple[str, str, str]] = PARTS) -> StoredDocument:
    text, blocks, sentences, sections = "", [], [], []
    for name, kind, sentence in parts:
        start = len(text)
        text += sentence + "\n"
        blocks.append(Block(len(blocks), kind, start, start + len(sentence), name))  # type: ignore[arg-type]
        sentences.append(Sentence(start, start + len(sentence), len(blocks) - 1))
        if sections and sections[-1].path == name:
            sections[-1] = Section(sections[-1].start, len(text), name, 1)
        else:
            sections.append(Section(start, len(text), name, 1))
    chunk = Chunk("doc-0", "doc", 0, 0, len(text), "Intro", text, 60)
    return StoredDocument(
        doc_id="doc", title="Water rules", publisher="Example Agency", author="",
        date="2023-01-09", kind="guidance", about="", source_file="x.txt", content_hash="0",
        text=text, sections=sections, sentences=sentences, chunks=[chunk], blocks=blocks,
    )  # fmt: skip


def test_sentences_alike_but_for_their_numbers_are_template_text() -> None:
    doc = document()
    assert template_sentences(doc) == {1, 3}
    assert not {1, 3} & set(summary_sentences(doc, 6))


def test_a_section_of_list_items_only_is_heard_after_the_prose_sections() -> None:
    doc = document()
    chosen = summary_sentences(doc, 6)
    assert {0, 2} <= set(chosen) and {4, 5} & set(chosen)  # an item speaks for "Checks"
    assert summary_sentences(doc, 2) == [0, 2]  # with room for two, the prose sections
    prose = [
        *PARTS[:4],
        ("Checks", "paragraph", "Inspectors visit every plant of the water board twice a year."),
    ]
    with_prose = document([*prose, *PARTS[4:]])
    assert not {5, 6} & set(summary_sentences(with_prose, 6))  # its prose speaks for it
