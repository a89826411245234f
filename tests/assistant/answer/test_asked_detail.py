"""Details a question asks about that its best sentence must say: a quoted term, the role of
"who is the X?" (over the real spaCy pipeline, on invented sentences)."""

from __future__ import annotations

import pytest

from assistant.answer.asked_detail import (
    asked_instance,
    asked_people,
    asked_role,
    detail_unsaid,
    quoted_terms,
    unwritten_initials,
)
from assistant.answer.evidence import Evidence
from assistant.answer.question import analyse
from assistant.schemas import Passage
from index.document import Chunk, Section, Sentence
from index.stored_document import StoredDocument
from nlp.facts import SentenceFacts, sentence_facts
from nlp.lexical import terms
from nlp.parse_batches import parse


def evidence_in(
    *sentences: str, section: str = "Booking", number: int = -1, author: str = ""
) -> Evidence:
    """The `number`th of `sentences` (one paragraph of a document titled "Library guide")."""
    text = " ".join(sentences)
    spans, start = [], 0
    for sentence in sentences:
        spans.append(Sentence(start, start + len(sentence), 0))
        start += len(sentence) + 1
    doc = StoredDocument(
        doc_id="doc", title="Library guide", publisher="Example Council", author=author,
        date="2024", kind="guidance", about="", source_file="x.md", content_hash="0", text=text,
        sections=[Section(0, len(text), section, 1)], sentences=spans,
        chunks=[Chunk("doc-0", "doc", 0, 0, len(text), section, text, 40)],
    )  # fmt: skip
    passage = Passage(
        chunk_id="doc-0", doc_id="doc", title=doc.title, publisher=doc.publisher, date=doc.date,
        kind=doc.kind, section=section, text=text, start=0, end=len(text), score=1.0,
    )  # fmt: skip
    number = number % len(sentences)
    begin, end = doc.sentences[number]
    ev = Evidence(doc, passage, number, begin, end, 0, {}, None, 0.9)
    ev.info = sentence_facts([ev.text])[0]
    return ev


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What happens after a 'soft launch' of the service?", [["launch", "soft"]]),
        ("What does “late return” mean?", [["late", "return"]]),
        ('Is a "reader pass" free?', [["pass", "reader"]]),
        ("What do the members' newsletters say?", []),  # a possessive, not a quote
        ("Why don't branches open on Sundays and what's planned?", []),  # apostrophes
        ("What does 'the' mean here?", []),  # nothing but a stopword
    ],
)
def test_the_terms_a_question_quotes(question: str, expected: list[list[str]]) -> None:
    found = [sorted(span) for span in quoted_terms(question)]
    assert found == [sorted(terms(" ".join(words))) for words in expected]


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Who is the treasurer of the reading club?", "treasurer"),
        ("Who was the head librarian in 2020?", "librarian"),
        ("Who is the city council's events manager for the summer?", "manager"),
    ],
)
def test_the_role_who_is_the_x_asks_about(question: str, role: str) -> None:
    assert role in asked_role(parse(question))


@pytest.mark.parametrize(
    "question",
    [
        "Who is on the library board?",  # no role noun: members answer it
        "Who are the trustees?",  # several people: a list answers it
        "Who runs the mobile library?",  # not "who is the X"
        "What is the fee for a lost card?",
    ],
)
def test_no_role_is_asked(question: str) -> None:
    assert asked_role(parse(question)) == frozenset()


@pytest.mark.parametrize(
    ("question", "people"),
    [
        ("Who were the advisers the board appointed?", "adviser"),
        ("Who are the trustees?", "trustees"),
        ("Who is the treasurer of the reading club?", ""),
        ("Who runs the mobile library?", ""),
    ],
)
def test_the_people_who_are_the_xs_asks_for(question: str, people: str) -> None:
    found = asked_people(parse(question))
    assert (people in found) if people else found == frozenset()


@pytest.mark.parametrize(
    ("sentence", "unsaid"),
    [
        ("The board asked advisers to write reports on the new branch.", True),
        ("The advisers were Ann Lee and Bo Ng.", False),
        ("The board appointed Ann Lee and Bo Ng to advise it.", False),
    ],
)
def test_who_are_the_xs_needs_someone_named(sentence: str, unsaid: bool) -> None:
    question = analyse("Who were the advisers the board appointed?")
    assert detail_unsaid(question, evidence_in(sentence)) is unsaid


def test_a_quoted_term_the_sentence_does_not_say_is_a_detail_unsaid() -> None:
    question = analyse("How long does a 'soft launch' of a branch take?")
    unrelated = evidence_in("Opening a new branch takes about six weeks.")
    assert detail_unsaid(question, unrelated)
    said = evidence_in("A soft launch of a branch lasts two weeks.")
    assert not detail_unsaid(question, said)
    # the sentence before it, or its section heading, may say it
    before = evidence_in("Each branch opens with a soft launch.", "It lasts two weeks.")
    assert not detail_unsaid(question, before)
    assert not detail_unsaid(question, evidence_in("It lasts two weeks.", section="Soft launch"))


def test_who_is_the_x_is_answered_by_a_person_or_by_the_role_with_its_holder() -> None:
    question = analyse("Who is the library's volunteer coordinator?")
    assert detail_unsaid(question, evidence_in("Volunteers need approval from the Arts Council."))
    assert not detail_unsaid(question, evidence_in("Volunteers should contact Maria Lopez."))
    assert not detail_unsaid(
        question, evidence_in("The coordinator role is held by the Friends of the Library.")
    )


def test_a_question_with_neither_detail_asks_nothing_more() -> None:
    question = analyse("Who runs the mobile library?")
    assert not detail_unsaid(question, evidence_in("Volunteers need approval from the council."))


@pytest.mark.parametrize(
    ("question", "instance"),
    [
        ("Which NGOs run the food banks in the county?", "NGOs"),
        ("which Trust opened the first walk-in centre?", "Trust"),
        ("In which Borough did the pilot start?", "Borough"),
    ],
)
def test_which_x_asks_for_a_named_x_when_x_is_written_as_a_name(
    question: str, instance: str
) -> None:
    found = asked_instance(parse(question))
    assert found is not None and found.text == instance


@pytest.mark.parametrize(
    "question",
    [
        "Which libraries open on Sundays?",  # a common noun: a description may answer
        "What fee does a member pay?",
        "Summarise what the Library Trust says about opening hours.",  # an indirect question
    ],
)
def test_no_named_instance_is_asked(question: str) -> None:
    assert asked_instance(parse(question)) is None


def test_which_x_is_answered_by_a_name_of_x_or_of_its_kind() -> None:
    question = analyse("Which NGOs are already paying volunteers for their time?")
    vague = "Some NGOs already pay volunteers for their time in a few places."
    assert detail_unsaid(question, evidence_in(vague))
    # where the entities label X ("NGO" as an organisation), a name of another kind is no X
    places = evidence_in("Some NGOs already pay volunteers for their time across Wales.")
    places.info = SentenceFacts((("NGO", "ORG"), ("Wales", "GPE")), False, False)
    assert detail_unsaid(question, places)
    places.info = SentenceFacts((("NGO", "ORG"), ("Wales Aid", "ORG")), False, False)
    assert not detail_unsaid(question, places)
    named = "Oxfam and Shelter, both NGOs, already pay volunteers for their time."
    assert not detail_unsaid(question, evidence_in(named))
    trust = analyse("Which Trust opened the first walk-in centre?")
    assert not detail_unsaid(trust, evidence_in("The Riverside Trust opened the first centre."))


def test_a_name_in_initials_no_document_writes_is_unknown() -> None:
    written = evidence_in("Waiting times at the A & E department rose last winter.").doc
    question = analyse("How much does the council spend on A&E services?")
    assert any(not terms(text) for text, _label in question.entities)  # no index terms
    assert not unwritten_initials(question, [written])  # written with spaces: the same name
    elsewhere = evidence_in("Waiting times at the emergency department rose last winter.").doc
    assert unwritten_initials(question, [elsewhere])
    # a question without such a name asks nothing of the documents' text
    assert not unwritten_initials(analyse("How much does the council spend?"), [elsewhere])
