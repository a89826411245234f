"""The documents a question names, and the titles it says that other documents speak of."""

from __future__ import annotations

from assistant.answer.evidence import Titled, source_feature
from assistant.answer.question import analyse
from assistant.answer.question_sources import named_documents_in, names_title, titles_said
from tests.assistant.guides.test_counted import GUIDE, HANDBOOK, document

REGIONAL = [("heading", 1, "Regional Quality Handbook"), ("paragraph", 0, "It has nine parts.")]


def documents() -> list:  # type: ignore[type-arg]
    return [
        document("handbook", "Quality Handbook", HANDBOOK),
        document("guide", "Using the handbook", GUIDE),
        document("regional", "Regional Quality Handbook", REGIONAL),
    ]


def test_a_title_the_question_says_is_named_and_said() -> None:
    docs = documents()
    text = "How many parts does the Quality Handbook have?"
    named = named_documents_in(text, docs)
    assert named == {"handbook"}
    assert titles_said(text, docs, named) == (" quality handbook ",)
    by_publisher = "What does Example Body say about parts?"  # names documents, says no title
    assert titles_said(by_publisher, docs, named_documents_in(by_publisher, docs)) == ()


def test_a_sentence_names_a_title_unless_inside_another_documents_longer_title() -> None:
    docs = documents()
    said = (" quality handbook ",)
    assert names_title("The Quality Handbook has twelve parts.", said, docs)
    assert not names_title("The Regional Quality Handbook has nine parts.", said, docs)
    assert not names_title("The handbook has twelve parts.", said, docs)
    assert not names_title("The Quality Handbook has twelve parts.", (), docs)


def test_another_documents_sentence_about_the_named_title_does_not_count_against_it() -> None:
    docs = documents()
    question = analyse("How many parts does the Quality Handbook have?", docs)
    titled = Titled(question, docs)
    named = question.named_documents
    assert source_feature("handbook", named, "It has twelve parts.", titled) == 1.0
    assert source_feature("guide", named, "The Quality Handbook has twelve parts.", titled) == 0.0
    assert (
        source_feature("regional", named, "The Regional Quality Handbook has nine.", titled) == -1.0
    )
    assert (
        source_feature("guide", frozenset(), "The Quality Handbook has twelve parts.", titled)
        == 0.0
    )


def test_a_title_inside_a_longer_capitalised_name_does_not_name_the_document() -> None:
    docs = documents()[:2]  # no indexed document is called "Northern Quality Handbook"
    assert named_documents_in("What does the Northern Quality Handbook cover?", docs) == set()
    assert named_documents_in("What does the new Quality Handbook cover?", docs) == {"handbook"}
    assert named_documents_in("What does the 2020 Quality Handbook cover?", docs) == {"handbook"}
    assert named_documents_in("Quality Handbook: what does it cover?", docs) == {"handbook"}
