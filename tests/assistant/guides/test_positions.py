"""Where things sit in a document: its last section, and a section's subheadings in order."""

from __future__ import annotations

from assistant.answer.question import analyse
from assistant.guides.positions import (
    asks_for_end,
    asks_for_sequence,
    end_lines,
    last_section,
    sequence_section,
)
from index.stored_document import StoredDocument
from tests.assistant.guides.documents import stored_document

# (kind, heading level or list parent, text): one sentence a block
PARTS = [
    ("heading", 1, "Working together on care plans"),
    ("paragraph", 0, "Partners agreed a plan for the coming year in every local area."),
    ("heading", 2, "How teams work in every stage"),
    ("paragraph", 0, "Teams are checked on what they have done at each stage of the work."),
    ("heading", 3, "In planning"),
    ("paragraph", 0, "Teams write down what the people using the service need first."),
    ("heading", 3, "In building"),
    ("paragraph", 0, "Teams build the smallest useful service and test it with users."),
    ("heading", 3, "In running"),
    ("paragraph", 0, "Teams watch how the service performs and fix what goes wrong."),
    ("heading", 2, "Conclusion"),
    ("paragraph", 0, "The plan should give partners a clearer way of working together."),
    ("list", 0, "Some questions remain open:"),
    ("item", 12, "Who pays for the shared teams in each area?"),
    ("item", 12, "How are risks shared between the partners?"),
]


def document() -> StoredDocument:
    return stored_document(PARTS, title="Working together on care plans", date="2023-01-09")


def test_a_question_about_a_documents_close_is_told_from_one_about_an_ending() -> None:
    assert asks_for_end("What open questions does the 2022 article end with?")
    assert asks_for_end("Summarise the key messages at the end of its evidence.")
    assert not asks_for_end("When will the transition period end?")
    assert not asks_for_end("How does the plan end the use of small funding pots?")


def test_the_last_section_is_quoted_with_its_list_under_its_lead_in() -> None:
    doc = document()
    heading = last_section(doc)
    assert heading is not None and doc.text[heading.start : heading.end] == "Conclusion"
    found = end_lines(doc, lists_only=False)
    assert found is not None
    said = [doc.sentence_text(n) for n in found[1]]
    assert said == [PARTS[n][2] for n in (11, 12, 13, 14)]
    found = end_lines(doc, lists_only=True)  # "what questions does it end with": the list
    assert found is not None
    assert [doc.sentence_text(n) for n in found[1]] == [PARTS[n][2] for n in (12, 13, 14)]


def test_stages_in_order_are_the_subheadings_of_the_section_the_question_names() -> None:
    doc = document()
    question = analyse("Through which stages does the guidance take a team, in order?", [doc])
    found = sequence_section(question, doc)
    assert found is not None
    heading, steps = found
    assert doc.text[heading.start : heading.end] == "How teams work in every stage"
    names = [doc.text[b.start : b.end] for b in steps]
    assert names == ["In planning", "In building", "In running"]
    unrelated = analyse("In what order are the plan's budgets set?", [doc])
    assert sequence_section(unrelated, doc) is None


def test_stages_in_sequence_are_told_from_a_purpose_or_an_order_as_a_thing() -> None:
    assert asks_for_sequence("Through which phases does the guidance take a team, in order?")
    assert asks_for_sequence("What are the steps to book an assessment?")
    assert asks_for_sequence("List the stages in sequence.")
    assert not asks_for_sequence("What must a team do in order to pass point 9?")
    assert not asks_for_sequence("What does the order say about fees?")
