"""Steps asked for between two events ("the stages from the launch of the inquiry to its
report"): which dated statements are steps of what the bounds belong to.

The bounds only frame the steps; a step is one that names the same thing: all of its words, or
its head noun with nothing but a determiner ("the inquiry") in a document or section whose name
supplies the rest. "Another review", "the budget review" or "a cross-party review" name other
things and are no steps of it. Generic rules over the parse; nothing about any collection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answer.question_forms import range_subject, sequence_words
from nlp.lexical import terms
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from assistant.answer.question import Question


@dataclass(frozen=True)
class Framed:
    """What the bounds of the asked steps belong to, as index terms."""

    heads: frozenset[str]  # its head noun ("inquiry")
    words: frozenset[str]  # all its words ("city", "inquiry")


def framed_subject(question: Question) -> Framed | None:
    """The subject of the steps a question asks for between two bounds, or None."""
    doc = parse(question.text)
    asking = sequence_words(doc)
    for token in doc:
        if token.pos_ == "NOUN" and token.lemma_.casefold() in asking:
            heads, found = range_subject(doc, token)
            if heads:
                return Framed(
                    frozenset(s for h in heads for s in terms(h)),
                    frozenset(s for w in found for s in terms(w)),
                )
    return None


def names_framed(text: str, context: str, framed: Framed) -> bool:
    """The statement names the framed subject: all its words, or its head noun bare ("the
    inquiry", "this inquiry") while its `context` (section, title) holds the other words."""
    said = set(terms(text))
    if framed.words <= said:
        return True
    if not framed.heads & said or not framed.words <= said | set(terms(context)):
        return False
    return any(
        t.dep_ not in ("compound", "conj")  # not a modifier itself ("the inquiry team")
        and set(terms(t.lemma_.casefold())) & framed.heads
        and all(c.dep_ in ("det", "poss") for c in t.children if c.i < t.i)
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)  # "a X of Y"
        for t in parse(text)
        if t.pos_ in ("NOUN", "PROPN")
    )
