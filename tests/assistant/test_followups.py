from assistant.answering import Turn
from assistant.followups import is_follow_up, standalone_query

HISTORY = [
    Turn("user", "What are HARPs?", "What are HARPs?"),
    Turn("assistant", "HARPs are partnerships [1]."),
]


def test_pronoun_follow_up_is_combined_with_the_previous_question() -> None:
    assert standalone_query("When would they start?", HISTORY) == (
        "What are HARPs? When would they start?"
    )


def test_standalone_question_is_left_alone() -> None:
    question = "How many questions did the call for evidence ask?"
    assert not is_follow_up(question)
    assert standalone_query(question, HISTORY) == question


def test_no_history_means_no_rewrite() -> None:
    assert standalone_query("When would they start?", []) == "When would they start?"


def test_greetings_in_history_are_skipped() -> None:
    history = [Turn("user", "Hello", None), Turn("assistant", "Hello."), *HISTORY]
    assert standalone_query("And what about their funding?", history).startswith("What are HARPs?")
