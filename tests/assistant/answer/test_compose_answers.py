"""Composition rules that keep an answer whole and free of page furniture: a list's lead-in
brings its items, a lone lead-in or a navigation line is never quoted, a value question without
a value is declined, and an untyped answer brings the rest of its lead's paragraph."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.compose import choose
from assistant.answer.evidence import Evidence, states_value
from assistant.answer.navigation import navigational
from assistant.answer.question import analyse
from assistant.answer.topic_fit import defines
from assistant.schemas import Passage
from index.document import Block, Chunk, Section, Sentence
from index.stored_document import StoredDocument
from nlp.facts import SentenceFacts, sentence_facts


def build(parts: list[tuple[str, str]]) -> StoredDocument:
    """A document from (kind, text) parts: "p" starts a paragraph, "+" continues it, "lead"
    opens a list and "item" is one of its items."""
    text = ""
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    current_list: int | None = None
    for kind, sentence in parts:
        start = len(text)
        text += sentence + ("\n" if kind != "+" else " ")
        end = start + len(sentence)
        if kind == "+":
            last = blocks[-1]
            blocks[-1] = Block(last.index, "paragraph", last.start, end, "S")
            sentences.append(Sentence(start, end, last.index))
            continue
        index = len(blocks)
        if kind == "p":
            blocks.append(Block(index, "paragraph", start, end, "S"))
            current_list = None
        elif kind == "lead":
            blocks.append(Block(index, "list", start, end, "S", lead_in=(start, end)))
            current_list = index
        else:
            assert current_list is not None
            blocks.append(Block(index, "item", start, end, "S", parent=current_list))
            lst = blocks[current_list]
            blocks[current_list] = Block(
                lst.index, "list", lst.start, end, "S", lead_in=lst.lead_in
            )
        sentences.append(Sentence(start, end, index))
    chunk = Chunk("d-0", "d", 0, 0, len(text), "S", text, 80)
    return StoredDocument(
        doc_id="d", title="Guide", publisher="Body", author="", date="2022", kind="guidance",
        about="", source_file="x.md", content_hash="1", text=text,
        sections=[Section(0, len(text), "S", 1)], sentences=sentences, chunks=[chunk],
        blocks=blocks,
    )  # fmt: skip


def ev(doc: StoredDocument, number: int, probability: float = 0.9) -> Evidence:
    passage = Passage(
        chunk_id="d-0", doc_id="d", title=doc.title, publisher=doc.publisher, date=doc.date,
        kind=doc.kind, section="S", text=doc.text, start=0, end=len(doc.text), score=1.0,
    )  # fmt: skip
    start, end = doc.sentences[number]
    found = Evidence(doc, passage, number, start, end, 0, {}, None, probability)
    found.info = sentence_facts([found.text])[0]
    found.features["type_match"] = 0.5 if found.info.values else 0.0  # as evidence scoring does
    return found


NAVIGATION = [
    ("p", "Find out what you should do about point 1"),
    ("p", "Find out what you should do about points 2 and 3"),
    ("p", "Find out what you should do about point 4"),
    ("p", "To meet point 2 of the code your plan must show how the service is inclusive."),
    ("p", "To meet point 3 of the code you must publish your code openly."),
    ("p", "To meet point 4 of the code you must use open standards."),
]


def test_repeated_link_text_is_navigation_and_statements_are_not() -> None:
    doc = build(NAVIGATION)
    assert [navigational(doc, n) for n in range(len(NAVIGATION))] == [True] * 3 + [False] * 3


def test_a_bare_link_line_is_navigation() -> None:
    doc = build(
        [
            ("p", "Back to plan reviews"),
            ("p", "Reviews take 2 to 4 hours"),
            ("lead", "Reviews cover:"),
            ("item", "user needs"),
            ("p", "A plan review is a peer review of a plan."),
        ]
    )
    assert [navigational(doc, n) for n in range(5)] == [True, False, False, False, False]


def test_navigation_is_never_quoted() -> None:
    doc = build(NAVIGATION)
    lines = choose(analyse("What should you do about point 4?"), [ev(doc, 2), ev(doc, 5)], 0.5, 4)
    assert [ln.main.number for ln in lines] == [5]


LISTED = [
    ("p", "The board agreed its plan in May 2023 after a long consultation."),
    ("+", "It chose to publish the plan in full."),
    ("lead", "The plan asks every partner to:"),
    ("item", "share data about waiting lists"),
    ("item", "report progress every quarter"),
    ("p", "The plan sets out:"),
]


def test_a_lead_in_brings_its_items_whatever_the_question() -> None:
    doc = build(LISTED)
    lines = choose(analyse("How does the plan involve partners?"), [ev(doc, 2)], 0.5, 4)
    assert [ln.main.text for ln in lines] == [text for _k, text in LISTED[2:5]]
    assert [ln.item for ln in lines] == [False, True, True]


def test_a_lead_in_without_its_list_is_left_out() -> None:
    doc = build(LISTED)
    lines = choose(analyse("What does the plan set out?"), [ev(doc, 5), ev(doc, 0, 0.8)], 0.5, 4)
    assert 5 not in [ln.main.number for ln in lines] and lines


def test_a_value_question_without_a_value_is_not_answered() -> None:
    doc = build(LISTED)
    assert choose(analyse("How many partners share data?"), [ev(doc, 1), ev(doc, 3)], 0.5, 4) == []
    dated = choose(analyse("When was the plan agreed?"), [ev(doc, 0)], 0.5, 4)
    assert [ln.main.number for ln in dated] == [0]


def test_an_open_answer_brings_the_rest_of_its_paragraph() -> None:
    doc = build(LISTED)
    lines = choose(analyse("What did the board decide about the plan?"), [ev(doc, 0)], 0.5, 4)
    assert [ln.main.number for ln in lines] == [0, 1]


def test_a_value_is_read_from_its_form_where_the_recogniser_mislabels_it() -> None:
    text = "Member trusts account for £104bn of annual expenditure."
    mislabelled = SentenceFacts((("104bn", "PERSON"),), dependent=False, negated=False)
    assert states_value(text, mislabelled, "amount")
    assert not states_value("A result comes within 3 working days.", None, "amount")
    assert states_value("A result comes within 3 working days.", None, "number")
    assert states_value("It starts in 2024.", None, "date")
    assert not states_value("Teams meet all 17 points.", None, "date")
    assert not states_value("The 18 points apply.", None, "number", {"18"})


def test_a_duration_in_the_counted_unit_answers_how_many() -> None:
    question = analyse("How many days a week can staff work from home?")
    assert "day" in question.counted
    text = "Staff may work from home for up to three days a week."
    facts = SentenceFacts((("three days a week", "DATE"),), dependent=False, negated=False)
    assert states_value(text, facts, "number", counted=question.counted)
    assert not states_value(text, facts, "number")  # a date is not a count of something else
    assert not states_value(
        "The policy was agreed last week.",
        SentenceFacts((("last week", "DATE"),), dependent=False, negated=False),
        "number",
        counted=question.counted,
    )


def test_a_typed_answer_whose_lead_has_no_value_brings_the_rest_of_its_paragraph() -> None:
    doc = build(
        [
            ("p", "You will normally bring other team members along to help answer questions."),
            ("+", "Often they will be an architect, a designer or a researcher."),
            ("p", "The chair was appointed by Jane Smith in 2021."),
        ]
    )
    question = analyse("Who might come with me to the meeting to help answer questions?")
    assert question.wants  # a "who" question: a typed answer
    lines = choose(question, [ev(doc, 0)], 0.5, 4)
    assert [ln.main.number for ln in lines] == [0, 1]
    named = choose(question, [ev(doc, 2)], 0.5, 4)  # a lead holding a name stands alone
    assert [ln.main.number for ln in named] == [2]


def test_a_sentence_saying_what_the_asked_thing_is_leads_a_definition() -> None:
    doc = build(
        [
            ("p", "Assessing a plan against the code makes sure teams build plans that work."),
            ("p", "Plan reviews are 2 to 4 hours long."),
            ("p", "A plan review is a peer review of a plan to check it meets the code."),
        ]
    )
    question = analyse("What is a plan review?")
    assert question.answer_type == "definition"
    assert defines(doc.sentence_text(2), question)
    assert not defines(doc.sentence_text(1), question)  # "are 2 to 4 hours": no definition
    lines = choose(question, [ev(doc, 0, 0.95), ev(doc, 1, 0.9), ev(doc, 2, 0.85)], 0.5, 4)
    assert lines[0].main.number == 2


def test_an_untyped_sentence_saying_all_the_question_says_leads_a_typed_answer() -> None:
    doc = build(
        [
            ("p", "Everyone is responsible for meeting the plan."),
            ("p", "Speak to Jane Smith about competing risks."),
        ]
    )
    question = analyse("Who is responsible for meeting the plan?")
    whole, named = ev(doc, 0, 0.95), ev(doc, 1, 0.85)
    whole.features.update(coverage=1.0, type_match=0.0)  # as scoring gives them
    named.features.update(coverage=0.3, type_match=0.5)
    assert [ln.main.number for ln in choose(question, [whole, named], 0.5, 4)] == [0, 1]
    partial = replace(whole, features={**whole.features, "coverage": 0.6})
    assert [ln.main.number for ln in choose(question, [partial, named], 0.5, 4)] == [1]


def test_a_next_paragraph_pointing_back_at_the_lead_comes_with_it() -> None:
    doc = build(
        [
            ("p", "Services should publish the data they create in an open format."),
            ("p", "This does not apply to data that contains personal information."),
            ("p", "However, the practical reality is less clear than this suggests."),
        ]
    )
    doc = replace(doc, facts=sentence_facts([doc.sentence_text(n) for n in range(3)]))
    lines = choose(analyse("What should services do about publishing data?"), [ev(doc, 0)], 0.5, 4)
    assert [ln.main.number for ln in lines] == [0, 1]  # not the connective's new point


BARE = [
    ("p", "Everyone reviews the plan. This guidance is most useful to:"),
    ("p", "Planners Analysts Board members"),
    ("p", "The plan is reviewed every year."),
]


def test_a_lone_lead_in_brings_the_bare_line_it_announces() -> None:
    """A page that sets a lead-in's entries as one unpunctuated line (tags, not a list)."""
    doc = build([("p", "Everyone reviews the plan."), ("+", BARE[0][1][27:]), *BARE[1:]])
    lead = ev(doc, 1)
    assert lead.text == "This guidance is most useful to:"
    lines = choose(analyse("Who is this guidance most useful to?"), [lead], 0.5, 4)
    assert [ln.main.text for ln in lines] == [lead.text, BARE[1][1]]
    assert [ln.item for ln in lines] == [False, True]
    stated = build([("p", "This guidance is most useful to:"), ("p", "The plan is short.")])
    assert choose(analyse("Who is this guidance most useful to?"), [ev(stated, 0)], 0.5, 4) == []
