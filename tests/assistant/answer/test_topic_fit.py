"""Which sentence leads and which may follow: the one holding the question's topic leads among
near-equals, and a follower holding none of it is left out."""

from __future__ import annotations

from dataclasses import replace

from assistant.answer.compose import choose
from assistant.answer.evidence import Evidence, text_terms
from assistant.answer.lines import Line
from assistant.answer.per_source import source_order
from assistant.answer.question import analyse
from assistant.answer.topic_fit import (
    as_close,
    defines,
    definition,
    judged_clause,
    judged_elsewhere,
    named_title,
    off_topic,
    other_answer,
    relation_only,
    stray_item,
    strays,
    topic_led,
    whole_list,
    widens,
)
from nlp.parse_batches import parse
from tests.assistant.answer.test_compose import document, evidence

RELATED = [
    ("paragraph", "Teams should check the service in a setting close to the live one."),
    ("paragraph", "Partners sent their plans to the board in March."),
    ("paragraph", "Teams should try the service out with the minister responsible for it."),
    ("paragraph", "Budgets are set every spring by the finance team."),
    ("lead", "The board asked for:"),
    ("item", "A short report."),
    ("item", "A list of risks."),
]


def scored(
    number: int, probability: float, coverage: float, context: float | None = None
) -> Evidence:
    ev = evidence(document(parts=RELATED), number, probability)
    ev.features.update(coverage=coverage, context=coverage if context is None else context)
    return ev


def test_the_sentence_holding_far_more_of_the_topic_leads_among_near_equals() -> None:
    question = analyse("What should teams do about testing the service with the minister?")
    related, answer = scored(0, 0.9, 0.1), scored(2, 0.7, 0.4)
    assert topic_led([related, answer]) == [answer, related]
    chosen = choose(question, [related, answer], 0.5, 1)
    assert chosen[0].main.number == 2
    weak = scored(2, 0.5, 0.4)  # well below the best: the ranking stands
    assert topic_led([related, weak]) == [related, weak]
    close = scored(2, 0.7, 0.15)  # not twice the lead's share of the topic
    assert topic_led([related, close]) == [related, close]


def test_a_list_question_keeps_its_list_first() -> None:
    question = analyse("What are the things the board asked for?")
    lead, other = scored(4, 0.8, 0.1), scored(2, 0.7, 0.5)
    chosen = choose(question, [lead, other], 0.5, 4)
    assert chosen[0].main.number == 4 and [ln.main.number for ln in chosen[1:3]] == [5, 6]


def test_a_follower_holding_none_of_the_topic_is_left_out() -> None:
    question = analyse("How are budgets set?")
    lead, unrelated = scored(3, 0.9, 0.6), scored(1, 0.8, 0.0)
    assert off_topic(unrelated, question) and not off_topic(lead, question)
    assert [ln.main.number for ln in choose(question, [lead, unrelated], 0.5, 4)] == [3]
    headed = scored(1, 0.8, 0.0, context=0.3)  # its heading speaks of the topic: it may follow
    assert not off_topic(headed, question)
    assert [ln.main.number for ln in choose(question, [lead, headed], 0.5, 4)] == [3, 1]
    unscored = evidence(document(parts=RELATED), 1, 0.8)  # no topic measure: not judged
    assert not off_topic(unscored, question)


def test_a_follower_holding_only_the_questions_relation_word_is_left_out() -> None:
    question = analyse("What happens at a budget review?")
    assert question.relation_terms == frozenset({"happen"})
    parts = [
        ("paragraph", "Tell the board what is happening with the plans."),
        ("paragraph", "The budget review starts with a short report."),
        ("lead", "The board asked for:"),
        ("item", "A list of risks."),
    ]
    doc = document(parts=parts)
    lead, related = evidence(doc, 1, 0.9), evidence(doc, 0, 0.8)
    for ev, held in ((lead, 1.0), (related, 0.6)):  # close enough to follow but for the rule
        ev.features.update(coverage=held, context=held)
    assert relation_only(related, question) and off_topic(related, question)
    assert not relation_only(lead, question)
    assert [ln.main.number for ln in choose(question, [lead, related], 0.5, 4)] == [1]
    assert not relation_only(related, analyse("What is happening with the plans?"))


def test_a_question_about_change_also_hears_documents_it_does_not_name() -> None:
    docs = {
        "handbook": replace(document("handbook"), title="Service Handbook", date="2020-06"),
        "guide": replace(document("guide"), title="When to apply", date="2022-09"),
    }
    changed = analyse("How has the Service Handbook changed over time?", docs.values())
    assert changed.named_documents == {"handbook"}
    assert source_order(changed, ["guide", "handbook"], docs) == ["handbook", "guide"]
    plain = analyse("What does the Service Handbook say about fees?", docs.values())
    assert source_order(plain, ["guide", "handbook"], docs) == ["handbook"]


def test_a_list_that_answers_a_list_question_is_followed_only_by_as_close_an_answer() -> None:
    question = analyse("What are the things the board asked for?")
    answer = scored(4, 0.9, 0.8)
    answer.features["rarest"] = 1.0
    related = scored(1, 0.8, 0.6)  # most of the topic, but not its rarest word
    chosen = choose(question, [answer, related], 0.5, 4)
    assert [ln.main.number for ln in chosen] == [4, 5, 6]
    related.features["rarest"] = 1.0
    chosen = choose(question, [answer, related], 0.5, 4)
    assert [ln.main.number for ln in chosen] == [4, 5, 6, 1]
    assert as_close(related, answer, 0.5) and not as_close(scored(1, 0.8, 0.3), answer, 0.5)


def test_an_item_of_another_list_does_not_follow_a_lists_answer() -> None:
    item = scored(5, 0.8, 0.6)
    item.features["list_item"] = 1.0
    assert not other_answer(item, opens=False) and other_answer(item, opens=True)
    assert other_answer(scored(1, 0.8, 0.6), opens=False)


def test_a_follower_of_an_open_answer_says_as_much_about_the_topic_as_its_lead() -> None:
    question = analyse("What does the plan say about water budgets?")
    lead, wider = scored(3, 0.9, 0.8), scored(1, 0.8, 0.3)  # 0.3 < half of 0.8
    assert strays(wider, lead) and not strays(scored(1, 0.8, 0.5), lead)
    assert [ln.main.number for ln in choose(question, [lead, wider], 0.5, 4)] == [3]
    close = scored(1, 0.8, 0.5)
    assert [ln.main.number for ln in choose(question, [lead, close], 0.5, 4)] == [3, 1]


DEFINED = [
    ("paragraph", "A water board is a public body that runs the local water supply."),
    ("paragraph", "Partners sent their plans to the board in March."),
    ("paragraph", "Every water board publishes its charges each spring."),
    ("paragraph", "Budgets are set every spring by the finance team."),
    ("lead", "The board asked for:"),
    ("item", "A short report."),
    ("item", "A list of risks."),
]


def test_a_definition_answers_what_is_x_alone() -> None:
    question = analyse("What is a water board?")
    doc = document(parts=DEFINED)
    other, defining = evidence(doc, 3, 0.9), evidence(doc, 0, 0.8)
    for ev in (other, defining):
        ev.features.update(coverage=0.9, context=0.9)
    assert definition(question, [other, defining]) == [defining]
    chosen = [ln.main.number for ln in choose(question, [other, defining], 0.5, 4)]
    assert chosen == [0, 1, 2]  # the definition and the rest of its paragraph, nothing more
    assert definition(analyse("What does a water board charge?"), [other, defining]) == []


def test_a_definition_may_say_defined_as_or_refers_to() -> None:
    question = analyse("What is a water board?")
    assert defines("A water board is defined as a body that runs the supply.", question)
    assert defines("A water board refers to a body that runs the supply.", question)
    assert not defines("A water board is responsible for the supply.", question)
    assert not defines("A water board refers the case to a court.", question)
    # the words asking for a meaning are no part of what is defined
    meaning = analyse("What does the plan mean by a water board?")
    assert defines("A water board is a body that runs the supply.", meaning, {"plan"})
    assert not defines("A water board is a body that runs the supply.", meaning)


def test_a_named_documents_title_is_where_a_thing_is_defined_not_the_thing() -> None:
    doc = document(parts=DEFINED)
    question = replace(
        analyse("What does the supply plan mean by a water board?"),
        named_documents=frozenset({doc.doc_id}),
    )
    defining = evidence(doc, 0, 0.8)
    assert named_title(defining, question) == text_terms(doc.title)
    unnamed = replace(question, named_documents=frozenset())
    assert named_title(defining, unnamed) == frozenset()
    named = replace(
        analyse("What does the plan mean by a water board?"),
        named_documents=frozenset({doc.doc_id}),
    )
    assert definition(named, [evidence(doc, 3, 0.9), defining]) == [defining]
    unnamed_plan = replace(named, named_documents=frozenset())
    assert definition(unnamed_plan, [evidence(doc, 3, 0.9), defining]) == []


def test_a_new_source_is_heard_through_its_sentence_covering_most_of_the_topic() -> None:
    first, second = document("a", parts=RELATED), document("b", parts=RELATED)
    quoted = Line([evidence(first, 0, 0.9)])
    loose, close = evidence(second, 1, 0.72), evidence(second, 2, 0.7)
    loose.features.update(coverage=0.4)
    close.features.update(coverage=0.6)
    eligible = [loose, close]
    assert not widens(loose, [quoted], eligible, set(), 0.9)  # the closer one speaks for b
    assert widens(close, [quoted], eligible, set(), 0.9)
    assert widens(loose, [quoted], eligible, {("b", 2)}, 0.9)  # the closer one is taken
    assert widens(loose, [quoted], eligible, set(), 0.99)  # not near-equal: by its score
    assert not widens(close, [Line([loose])], eligible, set(), 0.9)  # b is quoted already
    # a closer sentence ranked above was passed over already: this one speaks for b
    assert widens(loose, [quoted], [close, loose], set(), 0.9)


JUDGED = [
    ("paragraph", "It is important that these are agreed with every partner first."),
    ("paragraph", "Harbour boards will be an important voice for the coastal towns."),
    ("paragraph", "As harbour boards settle in, avoiding duplication will be important."),
    ("paragraph", "Harbour boards bring the towns and the fishing fleets together."),
    ("lead", "The boards agreed:"),
    ("item", "A shared plan."),
]


def test_a_reason_is_the_judgement_said_of_the_asked_thing() -> None:
    question = analyse("Why are harbour boards important?")
    assert question.answer_type == "reason" and question.relation_terms
    doc = document(parts=JUDGED)
    other, said, elsewhere, unworded = (
        evidence(doc, n, p) for n, p in enumerate((0.9, 0.8, 0.8, 0.7))
    )
    assert judged_elsewhere(other, question)  # "it … that these are agreed": not the boards
    assert judged_elsewhere(elsewhere, question)  # "avoiding duplication will be important"
    assert not judged_elsewhere(said, question)  # "boards will be an important voice"
    assert not judged_elsewhere(unworded, question)  # a reason in other words is not judged
    for ev in (other, said, elsewhere, unworded):
        ev.features.update(coverage=1.0, context=1.0)
    chosen = choose(question, [other, said, elsewhere, unworded], 0.5, 4)
    numbers = [ln.main.number for ln in chosen]
    assert numbers[0] == 1 and 0 not in numbers  # (2 follows as the rest of 1's paragraph)
    assert not judged_elsewhere(other, analyse("What is important for harbour boards?"))


def test_what_a_judging_word_is_said_of() -> None:
    empty = parse("It is important that the towns agree.")
    word = next(t for t in empty if t.lower_ == "important")
    assert judged_clause(word) == frozenset({"town", "agre"})  # what the empty "it" stands for
    doing = parse("Avoiding duplication will be important.")
    assert judged_clause(doing[-2]) == frozenset({"avoid", "duplic"})
    thing = parse("Applications should be accessible through a browser.")
    assert judged_clause(thing[3]) is None  # said of a thing: maybe the asked one in other words
    qualifies = parse("Harbour boards will be an important voice.")
    assert judged_clause(qualifies[5]) is None


def test_a_lists_lead_in_holds_the_topic_of_its_heading() -> None:
    question = analyse("What should the board give the minister before a visit?")
    lead_in, related = scored(4, 0.95, 0.1, context=0.6), scored(1, 0.8, 0.6)
    assert topic_led([lead_in, related]) == [lead_in, related]
    prose = scored(0, 0.95, 0.1, context=0.6)  # a sentence of prose says it itself or yields
    assert topic_led([prose, related]) == [related, prose]
    chosen = choose(question, [lead_in, related], 0.5, 4)
    assert [ln.main.number for ln in chosen[:3]] == [4, 5, 6]


def test_an_item_whose_list_is_about_something_else_brings_no_list() -> None:
    question = analyse("What are the risks of the budgets?")
    assert question.answer_type == "list"
    lead, item = scored(3, 0.9, 0.6), scored(6, 0.7, 0.5)  # "A list of risks." under "asked for:"
    assert stray_item(item, question) and not stray_item(lead, question)
    assert [ln.main.number for ln in choose(question, [lead, item], 0.5, 4)] == [3]
    asked = analyse("What are the things the board asked for?")
    assert not stray_item(item, asked)  # its lead-in speaks of the board: the list may answer


EXAMPLES = [
    ("paragraph", "Teams report on water budgets every spring."),
    ("paragraph", "Partners sent their plans to the board in March."),
    ("paragraph", "Budgets are set every spring by the finance team."),
    ("paragraph", "Water budgets differ from one region to the next."),
    ("lead", "For example:"),
    ("item", "Northern regions keep larger reserves."),
    ("item", "Coastal regions buy more from neighbours."),
    ("item", "Upland regions store rain in their own lakes."),
]


def test_a_list_introduced_as_about_the_question_comes_whole_after_an_open_lead() -> None:
    question = analyse("How do water budgets differ between regions?")
    doc = document(parts=EXAMPLES)

    def at(number: int, probability: float, held: float) -> Evidence:
        ev = evidence(doc, number, probability)
        ev.features.update(coverage=held, context=held, list_item=float(number >= 4))
        return ev

    lead, item = at(0, 0.9, 0.6), at(6, 0.8, 0.3)
    fitting = at(3, 0.3, 0.6)  # the sentence the examples are of: gathered, below the bar
    assert whole_list(item, lead, [lead, item, fitting], set())
    assert not whole_list(item, lead, [lead, item, fitting], {(doc.doc_id, 4)})  # shown
    shown = [ln.main.number for ln in choose(question, [lead, item, fitting], 0.5, 4)]
    assert shown[0] == 0 and shown[-4:] == [4, 5, 6, 7]  # the lead-in and every item
    wider = at(3, 0.3, 0.2)  # the list is about less of the question than the lead
    assert not whole_list(item, lead, [lead, item, wider], set())
    shown = [ln.main.number for ln in choose(question, [lead, item, wider], 0.5, 4)]
    assert shown[0] == 0 and shown[-2:] == [4, 6] and 5 not in shown  # the item, as it was
