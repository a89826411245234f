"""A summary's lists: the document's first lists with a lead-in, in its order."""

from __future__ import annotations

from assistant.guides.answers import summary_lists
from index.document import Block, Chunk, Section, Sentence
from index.guides import key_lists
from index.stored_document import StoredDocument

# (lead-in or None, items): a document made of lists only
LISTS = [
    ("Home", ["About", "Contact"]),  # a menu: its "lead-in" is dropped below
    ("A service is one that lets users:", ["pay a fee", "book a visit", "send a form"]),
    ("Assessments are done by:", ["a central team for large services", "a local team"]),
    ("A meeting runs as follows:", ["a talk", "a demonstration", "questions", "a result"]),
    *[(f"Step {n} needs:", ["a plan", "a team", "a budget"]) for n in range(1, 6)],
]


def document() -> StoredDocument:
    text, blocks, sentences = "", [], []
    for n, (lead, items) in enumerate(LISTS):
        start = len(text)
        led = n > 0
        text += f"{lead}\n" if led else ""
        index = len(blocks)
        lead_span = (start, start + len(lead)) if led else None
        if lead_span:
            sentences.append(Sentence(lead_span[0], lead_span[1], index))
        blocks.append(Block(index, "list", start, 0, "Doc", lead_in=lead_span))
        for item in items:
            at = len(text) + 2
            text += f"- {item}\n"
            blocks.append(Block(len(blocks), "item", at, at + len(item), "Doc", parent=index))
            sentences.append(Sentence(at, at + len(item), len(blocks) - 1))
        last = blocks[index]
        blocks[index] = Block(index, "list", start, len(text), "Doc", lead_in=last.lead_in)
        text += "\n"
    chunk = Chunk("doc-0", "doc", 0, 0, len(text), "Doc", text, 80)
    return StoredDocument(
        doc_id="doc", title="Doc", publisher="Example Body", author="", date="2022-09-08",
        kind="guidance", about="", source_file="x.md", content_hash="0", text=text,
        sections=[Section(0, len(text), "Doc", 1)], sentences=sentences, chunks=[chunk],
        blocks=blocks,
    )  # fmt: skip


def test_a_summary_shows_the_first_led_lists_not_the_longest() -> None:
    doc = document()
    leads = [k.lead_in.text for k in summary_lists(doc) if k.lead_in]
    assert leads == ["A service is one that lets users:", "Assessments are done by:"]
    longest = [k.lead_in.text for k in key_lists(doc) if k.lead_in][:2]  # the guide's own
    assert longest != leads  # its five longest lists leave the short second one out
