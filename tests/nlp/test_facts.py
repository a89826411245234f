"""Sentence facts read with the shared spaCy pipeline: entities, dependence on the sentence
before, negation; the same facts as the whole pipeline gives, in a compact stored form."""

from __future__ import annotations

import json

from nlp.facts import NO_FACTS, SentenceFacts, facts_of, period_label, sentence_facts
from nlp.spacy_pipeline import get_nlp

SENTENCES = [
    "However, the board met in London in April 2024.",
    "They will not publish the 3 reports.",
    "We agreed the plan with Example Health Trust.",
    "These changes cost £2 million, about 40% of the budget.",
    "But the council disagreed.",
    "The board met.",
]


def test_values_names_and_labels_come_from_the_entities() -> None:
    facts = sentence_facts(SENTENCES)
    first = facts[0]
    assert ("April 2024", "DATE") in first.values and "London" in first.names
    assert {"GPE", "DATE"} <= first.labels
    assert {label for _text, label in facts[3].values} >= {"MONEY", "PERCENT"}
    assert facts[5].entities == () and facts[5].labels == frozenset()


def test_a_sentence_that_leans_on_the_one_before_is_dependent() -> None:
    dependent = [f.dependent for f in sentence_facts(SENTENCES)]
    # "However," "They" "These changes" "But" lean on context; "We" and "The board" do not.
    assert dependent == [True, True, False, True, True, False]


def test_an_opening_connective_phrase_leans_on_the_sentence_before() -> None:
    leaning = ["For instance, a team may fail.", "In short, it works."]
    setting = ["In 2020, the board met.", "In Leeds, the board met.", "For patients, it helps."]
    assert [f.dependent for f in sentence_facts(leaning)] == [True, True]
    assert [f.dependent for f in sentence_facts(setting)] == [False, False, False]


def test_negation_is_read_from_morphology() -> None:
    assert [f.negated for f in sentence_facts(SENTENCES[:3])] == [False, True, False]


def test_facts_equal_the_whole_pipeline_and_leave_it_as_it_was() -> None:
    nlp = get_nlp()
    before = (list(nlp.pipe_names), list(nlp.disabled))
    assert sentence_facts(SENTENCES) == [facts_of(doc) for doc in nlp.pipe(SENTENCES)]
    assert (list(nlp.pipe_names), list(nlp.disabled)) == before


def test_repeated_texts_keep_their_places() -> None:
    facts = sentence_facts([SENTENCES[1], SENTENCES[5], SENTENCES[1]])
    assert facts[0] == facts[2] != facts[1]
    assert sentence_facts([]) == []


def test_a_unit_of_several_sentences_keeps_their_spans() -> None:
    item = "The fees rise next year. They were last raised in 2019."
    facts = sentence_facts([item, SENTENCES[0]])
    assert [item[s:e] for s, e in facts[0].parts] == [
        "The fees rise next year.",
        "They were last raised in 2019.",
    ]
    assert facts[1].parts == ()


def test_the_stored_form_round_trips_through_json() -> None:
    several = sentence_facts(["The fees rise next year. They were last raised in 2019."])
    for facts in [*sentence_facts(SENTENCES), *several, NO_FACTS]:
        stored = json.loads(json.dumps(facts.to_json()))
        assert SentenceFacts.from_json(stored) == facts


def test_a_year_written_as_a_span_of_two_is_a_date() -> None:
    facts = sentence_facts(["The further cut is scheduled for 2025/26, after a cut in 2024/25."])[0]
    assert ("2025/26", "DATE") in facts.entities and ("2024/25", "DATE") in facts.entities
    assert period_label("2019/2020", "CARDINAL") == "DATE"
    assert period_label("2019/21", "CARDINAL") == "CARDINAL"  # two years apart: not one year
    assert period_label("150/160", "CARDINAL") == "CARDINAL"


def test_an_anticipatory_it_stands_for_the_clause_after_it_not_the_sentence_before() -> None:
    texts = [
        "It is important that every partner reports on time.",
        "It’s also vital to agree the budget early.",
        "It was not clear whether the plan would work.",
        "It is worth noting that costs rose.",
        "It is easy to use.",  # "it" is the thing said before: easy to use
        "It is important to us.",
        "It is expensive and slow.",
        "It should be reviewed every year.",
    ]
    dependent = [f.dependent for f in sentence_facts(texts)]
    assert dependent == [False, False, False, False, True, True, True, True]
