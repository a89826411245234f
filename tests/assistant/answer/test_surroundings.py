"""What a lead sentence brings along: the rest of its paragraph, all of it when the question
asks what the lead's own (named) source says on a topic."""

from __future__ import annotations

from assistant.answer.question import analyse
from assistant.answer.surroundings import PARAGRAPH_REST, paragraph_rest, rest_asked
from tests.assistant.answer.test_compose import document, evidence

PARTS = [
    ("paragraph", "Harbour staffing is the other pressing matter."),
    ("paragraph", "There are too few wardens for the summer season."),
    ("paragraph", "New moorings draw wardens away from the old pier."),
    ("paragraph", "More boats are expected to use the new pier next year."),
    ("paragraph", "This needs wardens who can move between the two piers."),
    ("lead", "The board proposes two steps:"),
    ("item", "Hire seasonal wardens."),
    ("item", "Share rotas between piers."),
]


def test_what_a_named_source_says_on_a_topic_is_its_whole_paragraph() -> None:
    doc = document("harbour", "Harbour Board", parts=PARTS)
    lead = evidence(doc, 0, 0.9)
    asked = analyse("What does the Harbour Board say about staffing?", [doc])
    assert asked.named_documents == {"harbour"}
    rest = paragraph_rest(lead, set(), rest_asked(asked, lead))
    assert [e.number for e in rest] == [1, 2, 3, 4]  # not the list's lead-in after it
    unnamed = analyse("What is said about harbour staffing?", [doc])
    rest = paragraph_rest(lead, set(), rest_asked(unnamed, lead))
    assert len(rest) == PARAGRAPH_REST
