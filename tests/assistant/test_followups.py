"""Follow-ups resolve their references against the previous turn (spaCy parses, no model)."""

from __future__ import annotations

import pytest

from assistant.answering import Turn
from assistant.follow_up_cues import is_follow_up
from assistant.followups import focus, standalone_query


def history(question: str, answer: str = "An answer [1].") -> list[Turn]:
    return [Turn("user", question, question), Turn("assistant", answer)]


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        ("What are HARPs?", "and who would oversee that?", "Who would oversee HARPs?"),
        ("What are HARPs?", "When would they start?", "When would HARPs start?"),
        ("What are HARPs?", "And what about their funding?", "What about HARPs' funding?"),
        (
            "When was the Technology Code of Practice published?",
            "Who must follow it?",
            "Who must follow the Technology Code of Practice?",
        ),
        (
            "What is the Service Standard?",
            "How many points does it have?",
            "How many points does the Service Standard have?",
        ),
        # the phrase a pronoun sits in is not its antecedent ("an alternative to it")
        (
            "What does the guidance say about open standards?",
            "When may you choose an alternative to it?",
            "When may you choose an alternative to open standards?",
        ),
    ],
)
def test_pronouns_are_replaced_by_the_previous_focus(
    previous: str, message: str, expected: str
) -> None:
    assert standalone_query(message, history(previous)) == expected


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        ("What happens to ICSs in England?", "And in Wales?", "What happens to ICSs in Wales?"),
        ("What will happen to ICSs?", "What about in Wales?", "What will happen to ICSs in Wales?"),
        ("What are HARPs?", "What about ICBs?", "What are ICBs?"),
        (
            "How many points does the Service Standard have?",
            "And the Technology Code of Practice?",
            "How many points does the Technology Code of Practice have?",
        ),
        ("What are HARPs?", "Tell me more", "What are HARPs?"),
    ],
)
def test_fragments_are_read_as_the_previous_question(
    previous: str, message: str, expected: str
) -> None:
    assert standalone_query(message, history(previous)) == expected


def test_they_after_a_who_question_is_whoever_the_answer_named() -> None:
    turns = history("Who assesses the standard?", "A GDS panel assesses the standard [1].")
    assert standalone_query("How often do they meet?", turns) == "How often do a GDS panel meet?"


def test_they_agreeing_with_a_plural_focus_stays_with_the_focus() -> None:
    turns = history("Who would oversee HARPs?", "Integrated care boards would oversee them [1].")
    assert standalone_query("When would they start?", turns) == "When would HARPs start?"


@pytest.mark.parametrize(
    "question",
    [
        "How many points did the Digital Service Standard have before it was reduced to 18?",
        "Can staff act as chaperones?",
        "Who is on the board?",
    ],
)
def test_standalone_questions_are_left_alone(question: str) -> None:
    assert not is_follow_up(question)
    assert standalone_query(question, history("What are HARPs?")) == question


def test_no_history_means_no_rewrite() -> None:
    assert standalone_query("When would they start?", []) == "When would they start?"


def test_greetings_in_history_are_skipped() -> None:
    turns = [Turn("user", "Hello", None), Turn("assistant", "Hello."), *history("What are HARPs?")]
    assert standalone_query("When would they start?", turns) == "When would HARPs start?"


def test_focus_prefers_a_named_phrase_with_its_of_attachment() -> None:
    assert focus("Who commissioned the Hewitt Review?") == "the Hewitt Review"
    assert focus("What is the role of integrated care boards?") == (
        "the role of integrated care boards"
    )


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        (
            "What does the review recommend on national targets?",
            "Who would oversee that?",
            "Who would oversee national targets?",
        ),
        (
            "What does NHS Providers say about national targets?",
            "Why do they matter?",
            "Why do national targets matter?",
        ),
        (
            "Who commissioned the Hewitt Review?",
            "When was it published?",
            "When was the Hewitt Review published?",
        ),
    ],
)
def test_a_reference_is_the_thing_asked_about_not_the_subject(
    previous: str, message: str, expected: str
) -> None:
    """ "That"/"they" point at the object of the previous question's verb, even when its
    subject is a named source."""
    assert standalone_query(message, history(previous)) == expected


def test_a_bare_noun_of_the_predicate_is_not_the_thing_asked_about() -> None:
    turns = history("When did the 18-point Digital Service Standard take effect?")
    assert standalone_query("And how many points did the version before it have?", turns) == (
        "How many points did the version before the 18-point Digital Service Standard have?"
    )


def test_a_pronoun_qualifying_the_phrase_before_it_points_back() -> None:
    # "the edition before it": 'it' is not the edition, even when read as "before it (had)"
    turns = history("When did the new harbour charter take effect?")
    assert standalone_query("And how many rules did the edition before it have?", turns) == (
        "How many rules did the edition before the new harbour charter have?"
    )


def test_a_place_there_is_the_previous_focus() -> None:
    turns = history("When should a penetration test be done?")
    assert standalone_query("What counts as a significant change there?", turns) == (
        "What counts as a significant change in a penetration test?"
    )


def test_an_existential_there_is_no_reference() -> None:
    assert not is_follow_up("Is there a deadline?")
    assert standalone_query("Is there a deadline?", history("What are HARPs?")) == (
        "Is there a deadline?"
    )


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        (
            "What does the review say about the CQC?",
            "And what did it say about Ofsted?",
            "What did the review say about Ofsted?",
        ),
        (
            "What did NHS Providers say about national targets?",
            "What do they say about funding?",
            "What do NHS Providers say about funding?",
        ),
        (
            "What did NHS Providers say about the call for evidence?",
            "How many questions did it have?",
            "How many questions did the call have?",
        ),
    ],
)
def test_the_subject_of_the_same_verb_again_is_the_previous_subject(
    previous: str, message: str, expected: str
) -> None:
    assert standalone_query(message, history(previous)) == expected


def test_it_never_points_at_the_subject_of_its_own_verb() -> None:
    # "What did NHS Providers say about it?": 'it' is not NHS Providers (that would be 'itself')
    turns = history("What does the review say about the CQC?")
    assert standalone_query("What did NHS Providers say about it?", turns) == (
        "What did NHS Providers say about the CQC?"
    )
    assert is_follow_up("What did NHS Providers say about it?")
    # a possessive may: the committee's own budget
    assert not is_follow_up("What did the committee say about its budget?")


def test_a_question_without_a_focus_hands_on_the_one_before() -> None:
    # "When would the CQC start?" parses with no noun phrase; the conversation's topic stays
    turns = history("What does the review say about the CQC?") + [
        Turn("user", "When would that start?", "When would the CQC start?"),
        Turn("assistant", "2023 to 2024 should be a transitional year [1]."),
    ]
    assert standalone_query("What did NHS Providers say about it?", turns) == (
        "What did NHS Providers say about the CQC?"
    )


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        # a plural pronoun points at the previous question's plural phrase, not its singular focus
        (
            "In the 2021 report, where do the budgets that sat with councils end up?",
            "Why are some trusts nervous about those moving?",
            "Why are some trusts nervous about the budgets moving?",
        ),
        (
            "What are these Harbour Trust Accounts the plan talks about?",
            "Who would own them?",
            "Who would own Harbour Trust Accounts?",
        ),
        # "it" cannot point back at a plural phrase earlier in its own message
        (
            "What does the 2019 code say about buying software?",
            "And how long should contracts be under it?",
            "How long should contracts be under the 2019 code?",
        ),
    ],
)
def test_pronouns_agree_in_number_with_what_they_point_at(
    previous: str, message: str, expected: str
) -> None:
    assert standalone_query(message, history(previous)) == expected


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        # a whole clause after "and" is its own question; its demonstrative phrase is the topic's
        (
            "What does the plan say about bus fares?",
            "And how would that change be paid for?",
            "How would the change of bus fares be paid for?",
        ),
        (
            "What is the harbour plan?",
            "And when does that plan start?",
            "When does the harbour plan start?",
        ),
    ],
)
def test_a_clause_after_and_is_not_a_fragment(previous: str, message: str, expected: str) -> None:
    assert standalone_query(message, history(previous)) == expected


@pytest.mark.parametrize(
    ("previous", "message", "expected"),
    [
        # 'that' is not what 'they' is: an object never means its own verb's subject
        (
            "What should happen to the Harbour Boards?",
            "Who should they discuss that with?",
            "Who should the Harbour Boards discuss that with?",
        ),
        # 'that' as the object of a verb with a particle is a matter, not the topic
        (
            "What does the charter want to happen with the county boards?",
            "Who should they sort that out with?",
            "Who should the county boards sort that out with?",
        ),
    ],
)
def test_that_as_an_object_is_left_alone_when_it_cannot_be_the_topic(
    previous: str, message: str, expected: str
) -> None:
    assert standalone_query(message, history(previous)) == expected


def test_a_phrase_about_no_particular_thing_is_not_the_focus() -> None:
    assert focus("Why are some councils wary of the new levy?") == "the new levy"


def test_the_third_turn_is_about_what_the_second_was_about() -> None:
    first = "In the 2021 report, where do the budgets that sat with councils end up?"
    second = "Why are some trusts nervous about the budgets moving to the boards?"
    turns = history(first) + [
        Turn("user", "Why are some trusts nervous about those moving to the boards?", second),
        Turn("assistant", "Some trusts fear a loss of control [1]."),
    ]
    assert standalone_query("And how could that risk be reduced?", turns) == (
        "How could the risk of the budgets be reduced?"
    )


def test_the_object_of_the_verb_a_question_wants_done_is_its_topic() -> None:
    previous = "Who does the council want to run the new ferry service?"
    assert standalone_query("What will it cost?", history(previous)) == (
        "What will the new ferry service cost?"
    )


def test_a_person_named_in_the_answer_is_taken_without_a_possessive() -> None:
    turns = history(
        "Who led the harbour review?", "Summary of Jane Okafor's review of the harbour. [1]"
    )
    assert standalone_query("What did she recommend?", turns) == "What did Jane Okafor recommend?"
