"""Questions about several sources: the phrase that only says where to look is left out of the
topic, a named publisher is narrowed to the document its year or kind singles out, and every
source's best sentence can answer for it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer.evidence import Evidence
from assistant.answer.per_source import (
    heard,
    source_lines,
    source_order,
    sources_best,
)
from assistant.answer.question import analyse
from assistant.answer.source_names import (
    dated_titles,
    editions,
    narrowed,
    on_its_subject,
    several_named,
    sources_asked,
    topic_only,
)
from assistant.answer.subject import subject_as_source
from assistant.schemas import Passage
from index.stored_document import StoredDocument
from tests.assistant.answer.test_compose import document, evidence


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (
            "Who set up the inquiry, according to the different documents?",
            "Who set up the inquiry?",
        ),
        ("Which documents discuss devolution, and what do they say?", None),
        (
            "How many points do the standards described in these documents have?",
            "How many points do the standards have?",
        ),
        (
            "What do the documents say about staffing?",
            "What do the documents say about staffing?",
        ),
        ("What does each source say about staffing?", "What does each source say about staffing?"),
    ],
)
def test_a_question_about_the_documents_keeps_its_topic(question: str, topic: str | None) -> None:
    asked = sources_asked(question)
    assert asked is not None and asked.collection
    if topic is None:  # "which documents discuss X": what they say about X
        assert asked.text == "What do the documents say about devolution?"
    else:
        assert asked.text == topic


@pytest.mark.parametrize(
    "question",
    ["When was the plan published?", "What does the document say about staffing?"],
)
def test_a_question_about_one_thing_is_not_about_several_sources(question: str) -> None:
    assert sources_asked(question) is None


def collection() -> dict[str, StoredDocument]:
    agency, office = "Example Agency", "Example Office"
    docs = [
        replace(document("agency-guide"), publisher=agency, date="2015-05", kind="guidance"),
        replace(document("agency-code"), publisher=agency, date="2015-07", kind="code"),
        replace(document("agency-later"), publisher=agency, date="2020-06", kind="guidance"),
        replace(document("office-a"), publisher=office, date="2022-09", kind="guidance"),
        replace(document("office-b"), publisher=office, date="2022-11", kind="guidance"),
    ]
    return {d.doc_id: d for d in docs}


def test_a_named_publisher_is_narrowed_by_the_year_and_kind_the_question_gives() -> None:
    docs = collection()
    question = analyse(
        "How long does an assessment last? Compare Example Agency's 2015 guidance with "
        "Example Office's.",
        docs.values(),
    )
    assert len(question.named_documents) == 5
    # the 2015 guidance of the agency; the office's documents have no 2015 and stay whole
    assert narrowed(question, docs).named_documents == {"agency-guide", "office-a", "office-b"}
    plain = analyse("What does Example Agency say about assessments?", docs.values())
    assert narrowed(plain, docs) == plain


def test_several_named_sources() -> None:
    docs = collection()
    two = analyse("How do Example Agency and Example Office differ on assessments?", docs.values())
    assert several_named(two, docs)
    years = analyse(
        "How did the view of Example Agency change between its 2015 and 2020 articles?",
        docs.values(),
    )
    assert several_named(narrowed(years, docs), docs)
    ranged = analyse("What did Example Agency do between 2015 and 2020?", docs.values())
    assert narrowed(ranged, docs) == ranged and not several_named(ranged, docs)  # a range
    title = replace(docs["office-a"], title="The Assessment Manual")
    edition = replace(docs["agency-guide"], title="The assessment manual")
    pair = {"office-a": title, "agency-guide": edition}
    one_title = analyse("What does the Assessment Manual say about fees?", pair.values())
    assert len(one_title.named_documents) == 2 and not several_named(one_title, pair)
    one = analyse("What does Example Office say about assessments?", docs.values())
    assert not several_named(one, docs)
    plural = analyse("What do the Example Office articles say about assessments?", docs.values())
    assert several_named(plural, docs)


def test_two_publishers_the_question_calls_by_one_short_name_are_one_source() -> None:
    north = replace(document("north"), publisher="Example Agency (EXA), North Office")
    south = replace(document("south"), publisher="Example Agency (EXA), South Office")
    docs = {d.doc_id: d for d in (north, south)}
    one_name = analyse("What information should a team give EXA before a review?", docs.values())
    assert one_name.named_documents == {"north", "south"}
    assert not several_named(one_name, docs)
    both = analyse("How do the North Office and the South Office differ on reviews?", docs.values())
    assert several_named(both, docs)


def test_a_question_over_time_hears_every_edition_of_a_named_title_in_date_order() -> None:
    docs = {
        "later": replace(document("later"), title="Service Handbook", date="2020-06"),
        "first": replace(document("first"), title="Digital Service Handbook", date="2015-08"),
        "other": replace(document("other"), title="Awarding the handbook", date="2014-04"),
    }
    changed = analyse("How has the Service Handbook changed over time?", docs.values())
    assert changed.named_documents == {"later"}
    widened = editions(changed, docs)
    assert widened.named_documents == {"later", "first"}
    found = [evidence(docs["later"], 0, 0.9), evidence(docs["first"], 0, 0.8)]
    assert [d for d, _strong in heard(widened, found, 0.5, docs)] == ["first", "later"]
    plain = analyse("What does the Service Handbook say about fees?", docs.values())
    assert editions(plain, docs) == plain  # not about change: the named edition alone


def test_each_named_publisher_is_heard_before_a_second_document_of_one() -> None:
    docs = collection()
    question = analyse("How do Example Agency and Example Office differ?", docs.values())
    ranked = ["agency-guide", "agency-code", "office-b", "agency-later", "office-a"]
    order = source_order(question, ranked, docs)
    assert order[:2] == ["agency-guide", "office-b"]
    assert set(order) == set(docs)


def test_sources_are_heard_when_their_best_sentence_is_near_the_bar() -> None:
    first, second, third = document("a", "First Body"), document("b", "Second Body"), document("c")
    found = [evidence(first, 0, 0.9), evidence(first, 3, 0.8), evidence(second, 0, 0.45)]
    found += [evidence(third, 0, 0.2)]
    docs = {d.doc_id: d for d in (first, second, third)}
    question = analyse("What do the documents say about the plan?")
    assert heard(question, found, 0.5, docs) == [("a", True), ("b", True)]  # 0.45 ≥ 0.8 × 0.5
    named = replace(question, named_documents=frozenset({"c"}))
    assert heard(named, found, 0.5, docs) == [("c", False)]  # named: heard, though weak
    assert [e.doc.doc_id for e in sources_best(found)] == ["a", "b", "c"]
    assert [e.probability for e in sources_best(found)] == [0.9, 0.45, 0.2]


SUBJECT = {
    "subject": "the Smith Inquiry into regional water boards (2021)",
    "primary_kinds": ["report"],
}


def test_the_collections_subject_beside_a_named_source_is_heard_through_its_own_documents() -> None:
    report = replace(document("inquiry-report"), publisher="Smith Inquiry Team", kind="report")
    agency = replace(document("agency"), publisher="Example Agency", kind="response")
    docs = {d.doc_id: d for d in (report, agency)}
    both = analyse("How do the inquiry and Example Agency see fees?", docs.values())
    assert both.named_documents == {"agency"}
    assert subject_as_source(both, SUBJECT, docs).named_documents == {"agency", "inquiry-report"}
    against = analyse(
        "How does Example Agency's view of fees compare with the inquiry's?", docs.values()
    )
    assert subject_as_source(against, SUBJECT, docs).named_documents == {"agency", "inquiry-report"}
    about = analyse("What does Example Agency say about the inquiry?", docs.values())
    assert subject_as_source(about, SUBJECT, docs) == about  # the inquiry is the topic there
    assert subject_as_source(both, {"subject": SUBJECT["subject"]}, docs) == both  # no marker


def test_a_source_named_by_its_year_and_title_words() -> None:
    docs = collection()
    docs["agency-code"] = replace(docs["agency-code"], title="Code of Digital Practice")
    question = analyse("What did the 2015 Digital Code say about hosting?", docs.values())
    assert question.named_documents == frozenset()
    assert dated_titles(question, docs).named_documents == {"agency-code"}
    wrong_year = analyse("What did the 2020 Digital Code say about hosting?", docs.values())
    assert dated_titles(wrong_year, docs) == wrong_year


def test_two_editions_named_by_their_years_and_a_plural_title() -> None:
    """ "the 2015 and 2020 Digital Codes": the year joined to another marks the same noun, and
    the plural names the singular title."""
    docs = collection()
    docs["agency-code"] = replace(docs["agency-code"], title="Digital Code")
    later = replace(docs["agency-code"], doc_id="later-code", date="2020-06")
    docs["later-code"] = later
    question = analyse("How did the 2015 and 2020 Digital Codes treat hosting?", docs.values())
    assert dated_titles(question, docs).named_documents >= {"agency-code", "later-code"}
    one = analyse("How did the 2020 Digital Codes treat hosting?", docs.values())
    assert "agency-code" not in dated_titles(one, docs).named_documents


def test_the_topic_of_a_comparison_leaves_out_how_to_answer_and_which_sources() -> None:
    docs = collection()
    question = analyse(
        "How do the fees in Example Agency's 2015 guidance compare with Example Office's?",
        docs.values(),
    )
    assert {"compare", "2015", "guidance"} <= set(question.focus)
    assert topic_only(question, docs).focus == ("fee",)
    plain = analyse("What fees does Example Agency charge?", docs.values())
    assert topic_only(plain, docs) == plain


def test_a_weak_named_source_speaks_only_where_its_sentences_hold_the_topic() -> None:
    first, second = document("a", "First Body"), document("b", "Second Body")
    found = {"a": [evidence(first, 0, 0.9)], "b": [evidence(second, 0, 0.9)]}
    found["a"][0].features["coverage"] = 0.6
    found["b"][0].features["coverage"] = 0.1
    pool = [found[d][0].passage for d in ("a", "b")]
    question = analyse("How did the board meet?")

    def score(own: list[Passage]) -> list[Evidence]:
        return list(found[own[0].doc_id])

    lines = source_lines(question, [("a", True), ("b", False)], pool, score, 0.5)
    assert {ln.main.doc.doc_id for ln in lines} == {"a"}  # 0.1 < half of the strong 0.6
    found["b"][0].features["coverage"] = 0.4
    lines = source_lines(question, [("a", True), ("b", False)], pool, score, 0.5)
    assert {ln.main.doc.doc_id for ln in lines} == {"a", "b"}
    found["b"][0].features["coverage"] = 0.0  # no strong source: any of the topic will do
    lines = source_lines(question, [("a", False), ("b", False)], pool, score, 0.5)
    assert {ln.main.doc.doc_id for ln in lines} == {"a"}
    lines = source_lines(question, [("a", True), ("b", True)], pool, score, 0.5)
    assert {ln.main.doc.doc_id for ln in lines} == {"a"}  # strong, but none of the topic


def test_a_publisher_phrase_narrows_every_publisher_sharing_its_word() -> None:
    docs = collection()
    partner = replace(
        document("agency-partner"),
        publisher="Example Agency, Partner Programme",
        date="2020-06",
        kind="standard",
    )
    docs[partner.doc_id] = partner
    question = analyse(
        "How long does an assessment last? Compare Example Agency's 2015 guidance with "
        "Example Office's.",
        docs.values(),
    )
    assert "agency-partner" in question.named_documents
    # the partner programme's documents are the agency's too, but none is 2015 guidance
    assert narrowed(question, docs).named_documents == {"agency-guide", "office-a", "office-b"}


def test_the_topic_of_a_question_about_change_leaves_out_change_and_time() -> None:
    docs = {"handbook": replace(document("handbook"), title="Service Handbook", date="2020-06")}
    changed = analyse(
        "How has the number of points in the Service Handbook changed over time?", docs.values()
    )
    assert {"change", "time"} <= set(changed.focus)
    assert not {"change", "time"} & set(topic_only(changed, docs).focus)
    assert "point" in topic_only(changed, docs).focus
    still = analyse("What does the Service Handbook say about change requests?", docs.values())
    assert "change" in topic_only(still, docs).focus


def test_a_question_on_one_named_documents_number_asks_for_its_gist() -> None:
    docs = collection()
    docs["office-a"] = replace(docs["office-a"], title="7. Keep records")
    docs["office-b"] = replace(docs["office-b"], title="Answers on fees")
    point = analyse("What does Example Office say about point 7?", docs.values())
    assert point.named_documents == {"office-a", "office-b"}
    assert on_its_subject(point, docs)  # "point 7" is office-a: what does it say?
    detail = analyse("What does Example Office say about records in point 7?", docs.values())
    assert not on_its_subject(detail, docs)  # a detail within it
    fees = analyse("What does Example Office say about the fees?", docs.values())
    assert not on_its_subject(fees, docs)  # a word a title shares does not name it
    docs["office-b"] = replace(docs["office-b"], title="7. Records kept")
    assert not on_its_subject(point, docs)  # two documents numbered so: which one is not said
