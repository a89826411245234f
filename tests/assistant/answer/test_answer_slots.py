"""Answers that fill a question's slot without a name or a number: a role for "who should I
ask?", a degree ("the minimum", "as little as") for "how much X" when X is not priced."""

from __future__ import annotations

from assistant.answer.answer_slots import gives_value, holds_value, names_role, states_degree
from assistant.answer.question import analyse
from nlp.facts import sentence_facts


def test_a_role_answers_who_to_go_to() -> None:
    question = analyse("Who should our branch talk to about its fire safety duties?")
    assert question.answer_type == "person" and not question.wants_name
    assert names_role(question, "Agree the duties with the officer responsible for fire safety.")
    assert names_role(question, "Ask the wardens who check each floor.")
    assert names_role(question, "The caretaker in charge of the building keeps the plans.")
    assert not names_role(question, "Fire safety duties are set out in the lease.")
    assert names_role(question, "Speak to your estates office before changing the exits.")
    assert names_role(question, "If in doubt, check with a steward.")
    assert not names_role(question, "Ask about fire safety duties before signing.")


def test_a_role_in_the_questions_own_words_is_no_answer() -> None:
    question = analyse("Who is the warden responsible for the east wing?")
    assert not names_role(question, "The warden responsible for the east wing checks exits.")
    assert names_role(question, "The steward responsible for the east wing checks exits.")


def test_a_past_event_or_a_name_wants_more_than_a_role() -> None:
    role = "The clerk responsible for minutes sent the letter."
    assert not names_role(analyse("Who sent the letter to the council?"), role)
    assert not names_role(analyse("What is the name of the clerk who sent the letter?"), role)


def test_a_degree_answers_how_much_of_a_thing() -> None:
    question = analyse("How much contact detail should a club collect from its members?")
    assert question.answer_type == "amount"
    minimum = "Collect the minimum contact detail needed to run the club."
    assert states_degree(question, minimum)
    assert gives_value(question, minimum, sentence_facts([minimum])[0])
    assert holds_value(question, minimum, sentence_facts([minimum])[0], set())
    little = "Ask members for as little contact detail as you can."
    assert states_degree(question, little)
    vague = "Collect contact detail from members when they join."
    assert not states_degree(question, vague)
    assert not holds_value(question, vague, sentence_facts([vague])[0], set())
    other = "Keep the minimum number of paper forms."  # a degree of something else
    assert not states_degree(question, other)


def test_a_bound_on_a_number_is_no_degree() -> None:
    question = analyse("What share of members renew their membership the first time?")
    assert not states_degree(question, "Members should renew at least three times a year.")
    assert not states_degree(question, "Members renew no more than three times.")


def test_a_share_in_words_answers_how_much() -> None:
    question = analyse("How much of the grant goes to repairs?")
    assert question.answer_type == "amount"
    half = "Half of the grant goes to repairs."
    assert gives_value(question, half, sentence_facts([half])[0])
    thirds = "Two thirds of the grant goes to repairs."
    assert gives_value(question, thirds, sentence_facts([thirds])[0])
    none = "Some of the grant goes to repairs."
    assert not gives_value(question, none, sentence_facts([none])[0])
