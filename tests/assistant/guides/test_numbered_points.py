"""A question naming one of a document's numbered points finds that point's whole section."""

from __future__ import annotations

from assistant.answer.question import analyse
from assistant.guides.numbered_points import asked_point, point_end, point_number
from index.stored_document import StoredDocument
from tests.assistant.guides.documents import stored_document

# (kind, level, text); the parts of point 2 are headings at its own level, as on many web pages
PARTS = [
    ("heading", 1, "Code of practice"),
    ("heading", 2, "1. Know your users"),
    ("paragraph", 0, "Find out who will use the service."),
    ("heading", 2, "2. Rent before you build"),
    ("paragraph", 0, "Consider renting shared services first."),
    ("heading", 2, "What renting means"),
    ("paragraph", 0, "Renting means paying for what you use."),
    ("heading", 2, "3. Share your data"),
    ("paragraph", 0, "Publish data others can reuse."),
]


def document() -> StoredDocument:
    return stored_document(PARTS, "code", "Code of practice", "2020-06-11")


def test_the_number_of_a_numbered_heading() -> None:
    assert point_number("5. Use shared services") == "5"
    assert point_number("12) Plan ahead") == "12"
    assert point_number("Why it matters") is None


def test_the_point_a_question_names_is_the_heading_of_that_number() -> None:
    doc = document()
    question = analyse("What does point 2 of the 2020 code ask for?")
    point = asked_point(question, doc)
    assert point is not None and doc.text[point.start : point.end] == "2. Rent before you build"
    assert asked_point(analyse("What does point 7 of the code ask for?"), doc) is None


def test_a_numbered_point_runs_to_the_next_numbered_point() -> None:
    doc = document()
    point = next(b for b in doc.blocks if doc.text[b.start : b.end].startswith("2."))
    section = doc.text[point.start : point_end(doc, point)]
    assert "Renting means paying for what you use." in section
    assert "Publish data" not in section
    aside = next(b for b in doc.blocks if doc.text[b.start : b.end] == "What renting means")
    assert doc.text[aside.start : point_end(doc, aside)].strip().endswith("for what you use.")
