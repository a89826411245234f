"""A question's acronym read beside the words the documents define it by, when they seldom use it.

A document writes "the 4 annual quality targets (AQTs)" once and "AQTs" hardly ever again; a
reader types "how many aqts…". The sentence that answers then shares only
the acronym with the question, and what is counted ("targets") is not seen. An acronym the
collection defines ("words (ABC)", the words' initials spelling it) and uses at most about as
often as its definition is read as "words (ABC)". An acronym the documents use as a rule ("ABC"
a hundred times beside two "a big committee") is how they say it and stays as typed.
"""

from __future__ import annotations

import re

from assistant.retrieval.per_generation import PerGeneration
from index.collection_definitions import Definitions, definitions_in
from index.store import Generation

# read once per generation
collection_definitions: PerGeneration[Definitions] = PerGeneration(
    definitions_in, lambda r: r.definitions
)


TOKEN = re.compile(r"\b[A-Za-z]+\b")


def with_definitions(question: str, definitions: Definitions) -> str:
    """The question with each acronym (in capitals) the collection defines and seldom uses
    after its definition's words: "how many AQTs" -> "how many annual quality targets
    (AQTs)"; one it never uses read as the phrase it clearly stands for ("HR teams" ->
    "human resources teams")."""

    if sum(c.isupper() for c in question) > sum(c.islower() for c in question):
        return question  # written in capitals: its words are no acronyms

    def expand(match: re.Match[str]) -> str:
        token = match.group()
        if sum(c.isupper() for c in token) < 2:
            return token  # a word, not an acronym ("it", "It")
        words = definitions.defined(token)
        if words is None:
            phrase = definitions.phrase_for(token) if token.isupper() else None
            return token if phrase is None else phrase
        return token if words.casefold() in question.casefold() else f"{words} ({token})"

    return TOKEN.sub(expand, question)


def defined_out(question: str, generation: Generation) -> str:
    """`with_definitions` with the generation's definitions."""
    return with_definitions(question, collection_definitions(generation))
