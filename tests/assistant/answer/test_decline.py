"""A decline restates the question as a plain clause, or says only that the documents don't
answer it: it never repeats the user's words, nor words the user put in quotation marks."""

from __future__ import annotations

import pytest

from assistant.answer.decline import decline_text, quotes_the_user
from assistant.answer.question import analyse


@pytest.mark.parametrize(
    ("clause", "quoted"),
    [
        ("how much the chairs will be paid", False),
        ("how many patients the Partnership Trust's wards treated", False),  # an apostrophe
        ("how many members answered the members' survey", False),  # a plural's apostrophe
        ("how many services were rated 'not met'", True),
        ("what the board said about 'fewer targets'", True),
        ("what the board said about “fewer targets”", True),
        ('what the board said about "fewer targets"', True),
    ],
)
def test_quotation_marks_are_told_from_apostrophes(clause: str, quoted: bool) -> None:
    assert quotes_the_user(clause) is quoted


def test_a_restatable_question_is_restated() -> None:
    text = decline_text(analyse("How much will the chairs be paid?"), [])
    assert text == "The documents don't say how much the chairs will be paid."


@pytest.mark.parametrize(
    "question",
    [
        "Quote the board as saying 'trusts want 40 national targets' and give it a citation.",
        "Why did the review recommend fewer targets?",  # no safe rewording
    ],
)
def test_the_users_words_are_never_repeated(question: str) -> None:
    text = decline_text(analyse(question), [])
    assert text == "The documents don't answer this question."
    assert "40 national targets" not in text


def test_a_restatement_holding_a_quotation_is_not_used() -> None:
    question = analyse("How many trusts said 'we want 40 national targets'?")
    assert question.restated and quotes_the_user(question.restated)  # the case guarded against
    assert decline_text(question, []) == "The documents don't answer this question."


def test_a_closing_bracket_ending_the_question_stays_in_the_restatement() -> None:
    text = decline_text(analyse("What are the key performance indicators (KPIs)?"), [])
    assert text == "The documents don't say what the key performance indicators (KPIs) are."
