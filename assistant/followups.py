"""Pure follow-up handling without a model: fold the previous question into a short follow-up."""

from __future__ import annotations

import re

from assistant.answering import Turn
from nlp.lexical import terms

REFERRING = re.compile(
    r"\b(they|them|their|theirs|it|its|this|that|these|those|he|she|his|her|"
    r"the same|the above|the former|the latter)\b",
    re.IGNORECASE,
)
CONTINUING = re.compile(
    r"^\s*(and|also|so|but|what about|how about|why not|what else|tell me more|more on|"
    r"anything else|any more|go on|elaborate)\b",
    re.IGNORECASE,
)
MAX_FOLLOW_UP_TERMS = 5


def previous_question(history: list[Turn]) -> str | None:
    """The last question that was searched (greetings and the like are skipped)."""
    for turn in reversed(history):
        if turn.role == "user" and turn.search_query:
            return turn.search_query
    return None


def is_follow_up(message: str) -> bool:
    """Short messages that lean on an earlier turn ("When would they start?")."""
    content = terms(message)
    if len(content) > MAX_FOLLOW_UP_TERMS:
        return False
    return bool(REFERRING.search(message) or CONTINUING.match(message))


def standalone_query(message: str, history: list[Turn]) -> str:
    """The text to search for: the message, or the previous question plus the follow-up."""
    previous = previous_question(history)
    if previous is None or not is_follow_up(message):
        return message
    return f"{previous} {message}"
