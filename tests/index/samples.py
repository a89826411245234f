"""A small stored document (a heading, a list with its lead-in, parse facts) for the index tests."""

from __future__ import annotations

from index.document import Block, Chunk, Removal, Section, Sentence
from index.stored_document import StoredDocument
from nlp.facts import SentenceFacts

FACTS = [
    SentenceFacts((), dependent=False, negated=False),
    SentenceFacts((("April 2024", "DATE"), ("Example Trust", "ORG")), True, negated=False),
    SentenceFacts((("3", "CARDINAL"),), dependent=False, negated=True),
]


def sample_document(doc_id: str, sentences: int) -> StoredDocument:
    text = "Heading\n\nThe plan:\n\n- first item\n- second item\n"
    spans = [(9, 18), (23, 33), (36, 47)][:sentences]
    return StoredDocument(
        doc_id=doc_id, title="T", publisher="P", author="", date="2024", kind="guidance",
        about="", source_file="/x.txt", content_hash="h", text=text,
        sections=[Section(0, len(text), "Heading", 1)],
        sentences=[Sentence(s, e, 2) for s, e in spans],
        chunks=[Chunk(f"{doc_id}:0000", doc_id, 0, 9, 47, "Heading", text[9:47], 10, page=3)],
        blocks=[
            Block(0, "heading", 0, 7, "Heading", level=1, page=3),
            Block(1, "list", 9, 47, "Heading", page=3, lead_in=(9, 18)),
            Block(2, "item", 23, 33, "Heading", page=3, parent=1),
        ],
        removed=[Removal(0, 7, "navigation", "Share")],
        clean="web-capture",
        facts=FACTS[:sentences],
    )  # fmt: skip
