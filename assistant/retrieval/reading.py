"""A question as the engine searches and reads it, for the pipeline and calibration alike.

Typed as in chat, it is read in the collection's words ("collab", "abc", "&"); an acronym the
documents spell out as a rule is read as its name, one they define and seldom use beside its
definition, one they never use as the phrase it clearly spells.
"""

from __future__ import annotations

from collections.abc import Container

from assistant.retrieval.acronyms import spelled_out
from assistant.retrieval.definitions import defined_out
from assistant.retrieval.informal import read_informally
from index.store import Generation


def read_question(query: str, generation: Generation, english: Container[str] = ()) -> str:
    """`query` read in the generation's words; `english`: the common words never reread."""
    read = spelled_out(read_informally(query, generation, english), generation)
    return defined_out(read, generation)
