"""A question's acronym read as the name it spells, when the documents use that name instead.

A reader writes "ABCN" where the documents write "ABC North": a sentence that names the body in
full then shares no word with the question, and sentences that happen to use the acronym win
instead. A capitalised token of the question that spells the initials of a multi-word name of
the collection (a word in capitals may stand whole: "ABC North" -> "ABCN"; "and", "of"… may be
skipped: "Office for Roads and Rivers" -> "ORR") is read as that name, but only when the
documents use the name more often than the token itself: an acronym the documents use as a rule
("RDA" beside a rare "Regional Data Agency") is how they say it and stays.
"""

from __future__ import annotations

import re

from assistant.retrieval.per_generation import PerGeneration
from index.collection_names import ACRONYM, LOWER, CollectionNames, names_in, spells
from index.store import Generation

SHORTEST = 3  # letters of an acronym worth reading ("IT", "UK" are read as they are)

# read once per generation
collection_names: PerGeneration[CollectionNames] = PerGeneration(names_in, lambda r: r.names)


def spelled_name(acronym: str, known: CollectionNames) -> str | None:
    """The one name the acronym spells that the collection uses more often than the acronym."""
    letters = acronym.casefold()
    if len(letters) < SHORTEST or 2 * sum(c.isupper() for c in acronym) < len(acronym):
        return None  # short, or a name in camel case ("McKinsey")
    found = [(n, name) for n, name in known.starting(letters[0]) if spells(letters, name.split())]
    if not found or (len(found) > 1 and found[1][0] == found[0][0]):
        return None  # none, or two names as likely
    count, name = found[0]
    return name if count > known.tokens[acronym] else None


def spelled_out(question: str, generation: Generation) -> str:
    """The question with each acronym the documents spell out as a rule read as that name;
    an acronym typed in small letters ("when did abcn…") too."""
    if sum(c.isupper() for c in question) > sum(c.islower() for c in question):
        return question  # written in capitals: its words are no acronyms
    known = collection_names(generation)

    def name_for(match: re.Match[str]) -> str:
        name = spelled_name(match.group(1), known)
        return match.group() if name is None else name + match.group(2)

    def typed_name(match: re.Match[str]) -> str:
        acronym = None if known.lower[match.group()] else known.acronym_for(match.group(1))
        name = spelled_name(acronym, known) if acronym else None
        return match.group() if name is None else name + match.group(2)

    return LOWER.sub(typed_name, ACRONYM.sub(name_for, question))
