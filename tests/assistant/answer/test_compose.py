"""Composition on a small hand-built document: lists, dependent sentences, labels, duplicates."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.compose import choose
from assistant.answer.evidence import Evidence
from assistant.answer.lines import Line
from assistant.answer.lists import list_lines, siblings, with_list
from assistant.answer.perspectives import differences
from assistant.answer.question import analyse
from assistant.answer.render import month_year, render, source_label
from assistant.answer.surroundings import opens_alone, trimmed, with_context
from assistant.schemas import Passage
from index.document import Block, Chunk, Section, Sentence
from index.stored_document import StoredDocument
from nlp.facts import sentence_facts

PARTS_FORM = "This form was last updated in May 2023."
PARTS = [
    ("paragraph", "The board met in May 2023 to agree the plan."),
    ("paragraph", "This changed how every partner reported progress."),
    ("lead", "The review recommends three changes:"),
    ("item", "Fewer national targets for local systems."),
    ("item", "Multi-year budgets for prevention work."),
    ("item", "Shared data between all partners."),
]


def document(
    doc_id: str = "doc",
    publisher: str = "Example Body",
    kind: str = "briefing",
    parts: list[tuple[str, str]] = PARTS,
) -> StoredDocument:
    text, blocks, sentences = "", [], []
    paragraph = Block(0, "paragraph", 0, 0, "Plan")
    for kind_of, sentence in parts:
        start = len(text)
        text += sentence + "\n"
        if kind_of == "paragraph":
            sentences.append(Sentence(start, start + len(sentence), 0))
        elif kind_of == "lead":
            blocks.append(
                Block(1, "list", start, 0, "Plan", lead_in=(start, start + len(sentence)))
            )
            sentences.append(Sentence(start, start + len(sentence), 1))
        else:
            index = len(blocks) + 1
            blocks.append(Block(index, "item", start, start + len(sentence), "Plan", parent=1))
            sentences.append(Sentence(start, start + len(sentence), index))
    paragraph = Block(0, "paragraph", 0, sentences[1].end, "Plan")
    lst = blocks[0]
    blocks[0] = Block(1, "list", lst.start, len(text), "Plan", lead_in=lst.lead_in)
    chunk = Chunk(f"{doc_id}-0", doc_id, 0, 0, len(text), "Plan", text, 60)
    return StoredDocument(
        doc_id=doc_id, title="A plan", publisher=publisher, author="", date="2023-01-09",
        kind=kind, about="", source_file="x.txt", content_hash="0", text=text,
        sections=[Section(0, len(text), "Plan", 1)], sentences=sentences, chunks=[chunk],
        blocks=[paragraph, *blocks],
    )  # fmt: skip


def evidence(doc: StoredDocument, number: int, probability: float) -> Evidence:
    passage = Passage(
        chunk_id=doc.chunks[0].chunk_id, doc_id=doc.doc_id, title=doc.title,
        publisher=doc.publisher, date=doc.date, kind=doc.kind, section="Plan", text=doc.text,
        start=0, end=len(doc.text), score=1.0,
    )  # fmt: skip
    start, end = doc.sentences[number]
    ev = Evidence(doc, passage, number, start, end, 0, {}, None, probability)
    ev.info = sentence_facts([ev.text])[0]
    ev.features["type_match"] = 0.5 if ev.info.values else 0.0  # as evidence scoring does
    return ev


def test_labels_say_what_kind_of_source_and_when() -> None:
    doc = document(kind="evidence submission", publisher="Example Trusts")
    assert month_year("2023-01-09") == "January 2023" and month_year("2023") == "2023"
    assert source_label(doc, {}) == "Evidence submission — Example Trusts, January 2023"
    labels = {"evidence submission": "Evidence submitted to the review"}
    assert source_label(doc, labels).startswith("Evidence submitted to the review — ")


def test_a_list_comes_whole_with_its_lead_in() -> None:
    doc = document()
    lines = list_lines(evidence(doc, 3, 0.9))
    assert [ln.main.text for ln in lines] == [text for _k, text in PARTS[2:]]
    assert [ln.item for ln in lines] == [False, True, True, True]
    chosen = choose(analyse("What are the recommended changes?"), [evidence(doc, 2, 0.9)], 0.5, 4)
    text, citations, _ = render(chosen, {})
    assert "  - Shared data between all partners. [4]" in text and len(citations) == 4


def test_a_dependent_sentence_brings_the_one_before() -> None:
    doc = document()
    chosen = choose(analyse("How did reporting change?"), [evidence(doc, 1, 0.9)], 0.5, 4)
    assert [ln.main.text for ln in chosen] == [PARTS[0][1], PARTS[1][1]]


def test_a_demonstrative_naming_its_noun_opens_a_paragraph_alone_for_its_value() -> None:
    named = document(parts=[("paragraph", PARTS_FORM), *PARTS[1:]])
    ev = evidence(named, 0, 0.9)
    assert with_context(ev, set()) is None  # nothing before it to bring
    assert opens_alone(ev)  # but "form" says what, and it holds a date
    when = choose(analyse("When was the form last updated?"), [ev], 0.5, 4)
    assert [ln.main.text for ln in when] == [PARTS_FORM]
    # one of the dates a series asks for ("in date order") stands alone as well
    series = analyse("When were the forms last updated? Put them in date order.")
    assert series.series
    assert [ln.main.text for ln in choose(series, [ev], 0.5, 4)][:1] == [PARTS_FORM]
    bare = document(parts=[("paragraph", "This changed in May 2023."), *PARTS[1:]])
    assert not opens_alone(evidence(bare, 0, 0.9))  # "this" of what, unknown
    undated = document(parts=[("paragraph", "This form is short."), *PARTS[1:]])
    assert not opens_alone(evidence(undated, 0, 0.9))  # no value to give


def test_near_duplicates_from_two_sources_are_one_line_with_both_citations() -> None:
    first, second = document("a", "First Body"), document("b", "Second Body")
    question = analyse("When did the board meet?")
    chosen = choose(question, [evidence(first, 0, 0.9), evidence(second, 0, 0.8)], 0.5, 4)
    assert len(chosen) == 1 and len(chosen[0].sources) == 2
    text, citations, _ = render(chosen, {})
    assert "[1][2]" in text and "also said by Briefing — Second Body" in text
    assert [c.doc_id for c in citations] == ["a", "b"]


def test_weak_evidence_is_not_used_to_pad() -> None:
    doc = document()
    question = analyse("When did the board meet?")
    chosen = choose(question, [evidence(doc, 0, 0.9), evidence(doc, 3, 0.2)], 0.5, 4)
    assert [ln.main.number for ln in chosen] == [0]
    assert choose(question, [evidence(doc, 0, 0.4)], 0.5, 4) == []


def test_differing_values_of_two_sources_are_stated_with_both_citations() -> None:
    first, second = (
        evidence(document("a", "First Body"), 0, 0.9),
        evidence(document("b", "Second Body"), 0, 0.9),
    )
    assert first.info is not None and second.info is not None
    second.info = replace(second.info, entities=(("June 2023", "DATE"),))
    lines = [Line([first], terms={"board", "met"}), Line([second], terms={"board", "met"})]
    _text, _citations, numbers = render(lines, {})
    notes = differences(analyse("When did the board meet?"), lines, numbers, {})
    assert notes == ["First Body gives May 2023 [1] where Second Body gives June 2023 [2]."]
    same = [Line([first], terms={"board", "met"}), Line([first], terms={"board", "met"})]
    assert differences(analyse("When did the board meet?"), same, render(same, {})[2], {}) == []


def test_a_follower_repeating_the_leads_value_adds_nothing() -> None:
    first, second = document("a", "First Body"), document("b", "Second Body")
    question = analyse("When did the board meet?")
    lead, repeat = evidence(first, 0, 0.9), evidence(second, 1, 0.85)
    assert lead.info is not None and repeat.info is not None
    repeat.features["type_match"] = lead.features["type_match"] = 1.0
    repeat.info = replace(repeat.info, entities=(("May 2023", "DATE"),))
    assert [ln.main.doc.doc_id for ln in choose(question, [lead, repeat], 0.5, 4)] == ["a"]
    repeat.info = replace(repeat.info, entities=(("June 2023", "DATE"),))
    chosen = choose(question, [lead, repeat], 0.5, 4)  # a new value: shown, with its context
    assert [(ln.main.doc.doc_id, ln.main.number) for ln in chosen][-1] == ("b", 1)


def test_three_sources_with_differing_values_make_one_note() -> None:
    lines = []
    for name, when in (("a", "May 2023"), ("b", "June 2023"), ("c", "July 2023")):
        ev = evidence(document(name, f"Body {name.upper()}"), 0, 0.9)
        assert ev.info is not None
        ev.info = replace(ev.info, entities=((when, "DATE"),))
        lines.append(Line([ev], terms={"board", "met"}))
    _text, _citations, numbers = render(lines, {})
    notes = differences(analyse("When did the board meet?"), lines, numbers, {})
    assert notes == ["Body A May 2023 [1]; Body B June 2023 [2]; Body C July 2023 [3]."]


def test_an_item_whose_lead_in_is_shown_goes_under_it() -> None:
    doc = document()
    first, paragraph, later = evidence(doc, 3, 0.9), evidence(doc, 0, 0.85), evidence(doc, 5, 0.8)
    first.features["list_item"] = later.features["list_item"] = 1.0
    chosen = choose(analyse("How did reporting change?"), [first, paragraph, later], 0.5, 4)
    assert [(ln.main.number, ln.item) for ln in chosen] == [
        (2, False),
        (3, True),
        (5, True),
        (0, False),
    ]


def test_a_long_unit_is_cut_to_the_two_sentences_about_the_question() -> None:
    doc = document()
    whole = replace(evidence(doc, 0, 0.9), start=0, end=len(doc.text.rstrip()))
    cut = trimmed(whole, analyse("What data will partners share?"))
    assert cut.text == "Multi-year budgets for prevention work.\nShared data between all partners."
    assert doc.text[cut.start : cut.end] == cut.text
    short = evidence(doc, 0, 0.9)
    assert trimmed(short, analyse("What data will partners share?")) is short


def test_a_sentence_that_opens_a_section_is_shown_under_its_heading() -> None:
    doc = document()
    opening, later = evidence(doc, 0, 0.9), evidence(doc, 1, 0.9)
    text, _citations, _ = render([Line([opening]), Line([later])], {})
    assert f"- **Plan**: {PARTS[0][1]} [1]" in text
    assert f"- {PARTS[1][1]} [2]" in text  # not the first of its section: no heading


def test_a_sentence_giving_examples_of_a_line_follows_it() -> None:
    parts = [
        ("paragraph", "There are times when it is acceptable for code to stay closed."),
        ("paragraph", "For example, keys and credentials, fraud rules and unreleased policy."),
        *PARTS[2:],
    ]
    doc = document(parts=parts)
    question = analyse("When is it acceptable for code to stay closed?")
    chosen = choose(question, [evidence(doc, 0, 0.9)], 0.5, 4)
    assert [ln.main.number for ln in chosen] == [0, 1]
    plain = document()  # a next sentence that gives no examples is not brought along
    assert [ln.main.number for ln in choose(question, [evidence(plain, 0, 0.9)], 0.5, 4)] == [0]


def test_items_of_an_eligible_items_list_come_when_near_the_bar() -> None:
    doc = document()
    first, near, far = evidence(doc, 3, 0.9), evidence(doc, 4, 0.45), evidence(doc, 5, 0.3)
    for ev in (first, near, far):
        ev.features["list_item"] = 1.0
    assert siblings([first], [first, near, far], 0.4) == {}  # not parallel: other openings
    parts = [*PARTS[:3], *[("item", f"Evidence that {t} has started.") for t in "abc"]]
    doc = document(parts=parts)
    first, near, far = evidence(doc, 3, 0.9), evidence(doc, 4, 0.45), evidence(doc, 5, 0.3)
    for ev in (first, near, far):
        ev.features["list_item"] = 1.0
    assert siblings([first], [first, near, far], 0.4) == {id(first): [near]}
    prose = evidence(doc, 0, 0.9)  # running text has no list to bring
    assert siblings([prose], [prose, near, far], 0.4) == {}


def test_an_item_shown_before_its_list_moves_under_the_lead_in() -> None:
    doc = document()
    item, paragraph = Line([evidence(doc, 4, 0.9)]), Line([evidence(doc, 0, 0.85)])
    taken = {("doc", 4), ("doc", 0)}
    lines = with_list([item, paragraph], list_lines(evidence(doc, 2, 0.8)), taken)
    assert [(ln.main.number, ln.item) for ln in lines] == [
        (2, False),
        (3, True),
        (4, True),
        (5, True),
        (0, False),
    ]
    assert lines[2] is item  # the line shown first (with its citations) moves, not a copy
    assert taken == {("doc", n) for n in (0, 2, 3, 4, 5)}


def test_a_list_without_a_lead_in_adds_only_its_items_not_yet_shown() -> None:
    doc = document()
    shown = Line([evidence(doc, 4, 0.9)])
    block = [ln for ln in list_lines(evidence(doc, 2, 0.8)) if ln.item]  # no lead-in
    taken = {("doc", 4)}
    lines = with_list([shown], block, taken)
    assert [(ln.main.number, ln.item) for ln in lines] == [(4, False), (3, True), (5, True)]


ANNOUNCED = [
    ("paragraph", "Spending over a set threshold needs prior approval."),
    ("lead", "The thresholds are:"),
    ("item", "Five million pounds for technology."),
    ("item", "One hundred thousand pounds for digital work."),
]


def test_a_lead_whose_paragraph_announces_a_list_brings_the_list() -> None:
    doc = document(parts=ANNOUNCED)  # the paragraph's block runs through the lead-in
    chosen = choose(analyse("What spending needs approval?"), [evidence(doc, 0, 0.9)], 0.5, 4)
    assert [ln.main.text for ln in chosen] == [text for _k, text in ANNOUNCED]
    assert [ln.item for ln in chosen] == [False, False, True, True]


def test_a_list_after_the_leads_paragraph_has_ended_is_not_brought() -> None:
    doc = document()  # the paragraph ends before "The review recommends three changes:"
    chosen = choose(analyse("How did reporting change?"), [evidence(doc, 1, 0.9)], 0.5, 4)
    assert not any(ln.item for ln in chosen)
    assert PARTS[2][1] not in [ln.main.text for ln in chosen]


NAMED_LIST = [
    ("paragraph", "The plan draws on three principles: openness; shared aims; and good data."),
    ("paragraph", "Partners agreed the plan in May."),
    ("lead", "Examples of frameworks include:"),
    ("item", "A code with core principles for boards."),
    ("item", "A guide for partners."),
]


def test_a_sentence_listing_what_a_list_question_asks_for_answers_it() -> None:
    doc = document(parts=NAMED_LIST)
    question = analyse("What principles does the plan build on?")
    assert question.answer_type == "list"
    ranked = [evidence(doc, 2, 0.9), evidence(doc, 3, 0.85), evidence(doc, 0, 0.6)]
    chosen = choose(question, ranked, 0.5, 4)
    assert chosen[0].main.text == NAMED_LIST[0][1] and not chosen[0].item  # it leads
    unnamed = choose(question, ranked[:2], 0.5, 4)  # without it, the list found answers
    assert [ln.main.text for ln in unnamed][:2] == [NAMED_LIST[2][1], NAMED_LIST[3][1]]


REASONS = [
    ("paragraph", "Teams use hosted services widely."),
    ("paragraph", "Hosted services are common."),
    ("lead", "Hosting is beneficial because:"),
    ("item", "costs are lower for every team"),
    ("item", "patches are applied continuously"),
    ("item", "capacity can grow with demand"),
]


def test_a_list_announced_as_reasons_answers_a_why_question_whole() -> None:
    question = analyse("Why should teams use hosting?")
    assert question.answer_type == "reason"
    doc = document(parts=REASONS)
    item = evidence(doc, 3, 0.9)
    item.features["list_item"] = 1.0  # as evidence scoring marks an item
    chosen = choose(question, [item], 0.5, 4)
    assert [ln.main.text for ln in chosen] == [text for _k, text in REASONS[2:]]
    plain = [*REASONS[:2], ("lead", "Teams should also:"), *REASONS[3:]]
    other = evidence(document(parts=plain), 3, 0.9)  # a lead-in announcing no reasons
    other.features["list_item"] = 1.0
    chosen = choose(question, [other], 0.5, 4)
    assert [ln.main.text for ln in chosen] == ["Teams should also:", REASONS[3][1]]


def test_a_dated_sentence_saying_all_the_question_says_leads_a_close_higher_one() -> None:
    """ "When was the plan published?": the sentence that says the plan was published, with
    its date, leads one dating something else that scores somewhat higher (outside the
    near-equal band); a far weaker one does not."""
    parts = [
        ("paragraph", "The board met in May 2023 to agree the plan for partners."),
        ("paragraph", "The plan was published in June 2023."),
        *PARTS[2:],
    ]
    first, second = (
        document("a", "First Body", parts=parts),
        document("b", "Second Body", parts=parts),
    )
    question = analyse("When was the plan published?")
    other, whole = evidence(first, 0, 0.9), evidence(second, 1, 0.78)
    other.features["coverage"], whole.features["coverage"] = 0.6, 1.0
    chosen = choose(question, [other, whole], 0.5, 4)
    assert chosen[0].main.text == "The plan was published in June 2023."
    weak = replace(whole, probability=0.55)
    assert choose(question, [other, weak], 0.5, 4)[0].main.text == other.text


INLINE = [
    ("paragraph", "The plan sets out six principles for partners to follow."),
    ("paragraph", "Partners must meet three main duties: care, prevention, and value."),
    *PARTS[2:],
]


def test_what_are_the_x_asks_for_the_list_a_sentence_names_inline() -> None:
    """ "What are the three main duties of partners?": the sentence naming the duties after a
    colon answers first, though another ranks a little higher."""
    doc = document(parts=INLINE)
    question = analyse("What are the three main duties of partners?")
    assert question.answer_type == "list" and not question.head
    ranked = [evidence(doc, 0, 0.9), evidence(doc, 1, 0.85)]
    assert choose(question, ranked, 0.5, 4)[0].main.text == INLINE[1][1]


def test_a_sentence_listing_other_things_after_a_colon_does_not_name_the_list() -> None:
    """What a colon's members are is said just before it: "…duties help them reach three
    aims: …" lists aims, though the sentence says "duties" earlier."""
    aims = (
        "Partners' duties are set so they can reach three shared aims: health, fairness, and value."
    )
    parts = [("paragraph", aims), INLINE[1], *PARTS[2:]]
    doc = document(parts=parts)
    question = analyse("What are the three main duties of partners?")
    ranked = [evidence(doc, 0, 0.9), evidence(doc, 1, 0.85)]
    assert choose(question, ranked, 0.5, 4)[0].main.text == INLINE[1][1]
