"""The words that only name a question's source (the publisher's noun for its document and
the year marking it) are not its topic; a document asked about keeps them."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.question import analyse
from assistant.answer.source_phrase import source_nouns, without_source_nouns
from index.stored_document import StoredDocument
from tests.assistant.guides.documents import stored_document

PARTS = [("paragraph", 0, "Parking fees rise every spring.")]


def documents() -> dict[str, StoredDocument]:
    base = stored_document(PARTS)
    made = [
        replace(base, doc_id="acme-2015", publisher="Acme Trust", date="2015-03", kind="note"),
        replace(base, doc_id="acme-2020", publisher="Acme Trust", date="2020-05", kind="note"),
        replace(base, doc_id="port", publisher="Port Service Board", date="2020-01", kind="plan"),
    ]
    return {d.doc_id: d for d in made}


def _read(text: str) -> tuple[set[str], tuple[str, ...]]:
    docs = documents()
    question = analyse(text, docs.values())
    return source_nouns(question, docs), without_source_nouns(question, docs).focus


def test_the_publishers_dated_document_that_speaks_is_no_topic() -> None:
    said, focus = _read("Summarise what the Acme Trust's 2015 article says about parking fees.")
    assert said == {"article", "2015"}
    assert "parking" in focus and "fee" in focus
    assert "article" not in focus and "2015" not in focus


def test_the_collections_kind_of_document_named_by_its_publisher() -> None:
    said, focus = _read("In the Acme Trust note, what is said about parking?")
    assert "note" in said and "note" not in focus and "parking" in focus


def test_a_document_asked_about_keeps_its_words() -> None:
    said, focus = _read("Who wrote the Acme Trust's 2015 article?")
    assert said == set() and "article" in focus


def test_one_word_of_a_longer_publisher_name_names_no_source() -> None:
    said, _focus = _read("What does the Port Service Board say the service plan costs?")
    assert said == set()


def test_another_noun_of_the_publishers_may_be_the_topic() -> None:
    said, focus = _read("What did the Acme Trust's survey find about parking?")
    assert said == set() and "survey" in focus
