"""A question asking for an order of steps is answered only by a sentence stating one."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.order import ranks_first, states_order, unordered
from assistant.answer.question import analyse
from tests.assistant.answer.test_compose import document, evidence

PARTS = [
    ("paragraph", "Boards should be the first point of contact for providers."),
    ("paragraph", "Boards should first agree a plan with their partners."),
    ("lead", "Boards should also:"),
    ("item", "publish the plan"),
]


def test_an_ordinal_on_the_verb_states_an_order_and_an_ordinal_noun_does_not() -> None:
    assert states_order("Boards should first agree a plan with their partners.")
    assert not states_order("Boards should be the first point of contact for providers.")


def test_an_order_asked_for_needs_a_sentence_stating_one() -> None:
    question = analyse("What should our board do first?")
    assert question.ordered and not analyse("What should our board do?").ordered
    doc = document(parts=PARTS)
    mentions = [evidence(doc, 0, 0.9), evidence(doc, 3, 0.8)]
    assert unordered(question, mentions, 0.5)
    stated = [*mentions, evidence(doc, 1, 0.7)]
    assert not unordered(question, stated, 0.5)
    assert unordered(question, stated, 0.75)  # the stating sentence is below the bar
    assert not unordered(replace(question, ordered=False), mentions, 0.5)


def test_an_ordinal_the_documents_write_after_the_same_word_names_no_order() -> None:
    question = analyse("Why should we go cloud first?")
    assert question.ordered
    parts = [
        ("paragraph", "Teams should use cloud first when they choose hosting."),
        ("paragraph", "Cloud hosting lowers the cost of running a service."),
        ("lead", "Teams should also:"),
        ("item", "publish the plan"),
    ]
    doc = document(parts=parts)
    assert not unordered(question, [evidence(doc, 1, 0.9), evidence(doc, 0, 0.8)], 0.5)
    assert unordered(question, [evidence(doc, 1, 0.9)], 0.5)  # no sentence says "cloud first"
    plain = evidence(doc, 1, 0.9)
    section = {"section": "Plan > Use cloud first"}
    headed = replace(plain, passage=plain.passage.model_copy(update=section))
    assert not unordered(question, [headed], 0.5)  # the sentence's heading writes it


def test_who_comes_first_is_answered_by_whom_a_sentence_calls_the_first() -> None:
    assert ranks_first("Boards should be the first point of contact for providers.")
    assert not ranks_first("Boards should first agree a plan with their partners.")
    assert not ranks_first("The first meeting of the board was held in May.")
    doc = document(parts=PARTS)
    mentions = [evidence(doc, 0, 0.9), evidence(doc, 3, 0.8)]
    who = analyse("If a provider struggles, who should step in first?")
    assert who.ordered and who.answer_type == "person"
    assert not unordered(who, mentions, 0.5)
    assert unordered(analyse("What should our board do first?"), mentions, 0.5)
