"""The noun a question asks for (over the real spaCy pipeline) and how much a sentence that does
not say it weighs (pure, over invented sentences)."""

from __future__ import annotations

import pytest

from assistant.answer.asked_noun import AskedNoun, AskedUnsaid, asked_nouns
from assistant.answer.question import analyse
from index.document import Chunk, Section, Sentence
from index.stored_document import StoredDocument
from nlp.facts import SentenceFacts
from nlp.parse_batches import parse


def _said(question: str) -> list[str]:
    """The lemma among each asked noun's forms (the forms hold its plural as well)."""
    asked = asked_nouns(parse(question))
    return sorted(min(noun.forms, key=len) for noun in asked)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What penalty does a tenant face for a late payment?", ["penalty"]),
        ("Which supplier built the booking system?", ["supplier"]),
        ("What is the closing date for applications?", ["closing", "date"]),  # typed: which date
        ("What is the phone number of the housing office?", ["number", "phone"]),
        ("How much extra funding will the new clinics get?", ["funding"]),
        ("library membership fee?", ["fee", "library", "membership"]),  # a verbless question
        ("What kind of training does the clinic offer its nurses?", ["training"]),
        ("Which piece of booking software did the council buy?", ["software"]),
        ("What sort of deposit do landlords ask for?", ["deposit"]),
    ],
)
def test_the_noun_a_question_asks_for(question: str, expected: list[str]) -> None:
    assert _said(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "What steps should a tenant take before moving out?",  # a plural: a list's items answer
        "What happens if a tenant pays late?",
        "Who chairs the housing board?",
        "How many clinics opened in 2024?",
        "When did the library open?",
    ],
)
def test_no_noun_is_asked_of_the_sentence(question: str) -> None:
    assert asked_nouns(parse(question)) == ()


def test_a_typed_noun_is_said_by_a_value_of_its_type() -> None:
    fee, library = asked_nouns(parse("What is the library fee?"))
    assert "MONEY" in fee.labels and not library.labels
    unsaid = _unsaid((AskedNoun(frozenset({"fee"}), frozenset({"MONEY"})),))
    assert unsaid("Members pay £5 a year.", None, frozenset({"MONEY", "DATE"})) == 0.0
    assert unsaid("Members pay every year.", None, frozenset({"DATE"})) > 0.0


def test_the_head_of_a_classifier_question_is_the_noun_after_of() -> None:
    assert analyse("What kind of training does the clinic offer its nurses?").head == {"train"}
    assert analyse("Which type of permit do market traders need?").head == {"permit"}
    assert analyse("What kind does the clinic offer?").head == {"kind"}  # no "of": the word


def test_a_placeholder_noun_asks_for_the_noun_before_it_or_none() -> None:
    """ "stuff" and "things" stand for anything: no answer says them."""
    assert analyse("What safety stuff should a market stall have?").head == {"safeti"}
    assert _said("What safety stuff should a market stall have?") == ["safety"]
    assert analyse("What things should a tenant check before moving out?").head == frozenset()
    assert asked_nouns(parse("What stuff should a tenant check before moving out?")) == ()


def test_the_analysed_question_carries_the_asked_noun() -> None:
    assert analyse("What penalty does a tenant face for a late payment?").asked
    assert not analyse("What steps should a tenant take before moving out?").asked


IDF = {"penalti": 4.0, "tenant": 2.0, "late": 1.0, "inform": 1.0, "fee": 2.0}


def _unsaid(asked: tuple[AskedNoun, ...]) -> AskedUnsaid:
    return AskedUnsaid.of(asked, frozenset(IDF), lambda t: IDF.get(t, 0.0))


def test_a_sentence_that_does_not_say_the_asked_noun_weighs_its_idf_share() -> None:
    unsaid = _unsaid((AskedNoun(frozenset({"penalty", "penalties"})),))
    assert unsaid("Tenants who pay late are contacted by the office.", None) == 1.0
    assert unsaid("Tenants who pay late face a penalty of one week's rent.", None) == 0.0
    assert unsaid("They pay two weeks' rent.", "Penalties apply to late tenants.") == 0.0
    assert "penalties" in asked_nouns(parse("What penalty applies?"))[0].forms
    common = _unsaid((AskedNoun(frozenset({"information"})),))
    assert common("Tenants give their address.", None) == pytest.approx(0.25)


def test_nothing_asked_weighs_nothing() -> None:
    assert _unsaid(())("Any sentence at all.", None) == 0.0
    nothing_known = AskedUnsaid.of((AskedNoun(frozenset({"fee"})),), frozenset(), lambda t: 0.0)
    assert nothing_known("No fee word here.", None) == 0.0


def test_a_stored_sentence_is_read_with_the_one_before_and_its_entities() -> None:
    first, second = "Late payers face a penalty.", "It is one week's rent."
    text = f"{first} {second}"
    doc = StoredDocument(
        doc_id="doc", title="Tenancy", publisher="Example Body", author="", date="2024",
        kind="guidance", about="", source_file="x.md", content_hash="0", text=text,
        sections=[Section(0, len(text), "Tenancy", 1)],
        sentences=[Sentence(0, len(first), 0), Sentence(len(first) + 1, len(text), 0)],
        chunks=[Chunk("doc-0", "doc", 0, 0, len(text), "", text, 12)],
    )  # fmt: skip
    unsaid = _unsaid((AskedNoun(frozenset({"penalty"})),))
    assert unsaid.sentence(doc, 1, 0, None) == 0.0
    assert unsaid.sentence(doc, 1, None, None) == 1.0
    fee = _unsaid((AskedNoun(frozenset({"fee"}), frozenset({"MONEY"})),))
    assert fee.sentence(doc, 1, None, SentenceFacts((("£5", "MONEY"),), False, False)) == 0.0
