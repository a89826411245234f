"""Relation words of "why is X important" and "what happens at X" questions, over the real
spaCy pipeline: they weigh half, so the reasons and events need not repeat them."""

from __future__ import annotations

from assistant.answer.question import analyse
from assistant.answer.question_relations import source_stance
from nlp.parse_batches import parse


def test_why_a_thing_is_judged_so_leaves_the_judgement_light() -> None:
    question = analyse("Why is accessibility important?")
    assert question.answer_type == "reason"
    assert question.relation_terms == frozenset({"import"})
    assert "access" in question.focus_terms - question.relation_terms
    # a reason asked of an action keeps every word of it
    assert analyse("Why should teams use open source?").relation_terms == frozenset()
    # an adjective qualifying a clause is what is asked ("hard to get X represented")
    assert analyse("Why is it hard to get tenants represented?").relation_terms == frozenset()


def test_what_happens_at_an_event_leaves_the_verb_light() -> None:
    question = analyse("What happens after an assessment?")
    assert question.relation_terms == frozenset({"happen"})
    assert question.predicate == frozenset({"happen"})
    # a verb with an object is what is asked about
    assert analyse("What does the team deliver to the board?").relation_terms == frozenset()
    # a modal question asks for a recommendation, left as it was
    assert analyse("What should happen to the old offices?").relation_terms == frozenset()


def test_a_named_sources_stance_towards_a_clause_is_not_the_asked_verb() -> None:
    source = {"harbour", "council"}
    stance = parse("Why does the Harbour Council think that late repairs can harm trade?")
    assert source_stance(stance, source)
    proof = parse("When does the Harbour Council want proof that the pier was repaired?")
    assert source_stance(proof, source)
    # the verb is asked when another party is its subject, or it has a plain object
    assert not source_stance(stance, {"guild"})
    assert not source_stance(parse("When did the Harbour Council repair the pier?"), source)
