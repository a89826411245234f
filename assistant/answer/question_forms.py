"""Forms in a question that change how it is read: a noun as written when its dictionary
form is another index term, and a question about change over time.

Generic rules over the question's parse; nothing about any collection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.lexical import terms
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CHANGE_VERBS = frozenset({"change", "evolve", "develop", "shift", "grow", "move"})
SPAN_NOUNS = frozenset({"time", "year", "decade", "month"})  # "over time", "over the years"
RANGE_WORDS = frozenset({"between", "from", "since"})  # "between 2022 and 2024"
WH_WORDS = frozenset({"what", "which"})


def written_noun(token: Token, lemma: str) -> str:
    """A common noun as written when its dictionary form is another term ("data", not
    "datum"; "people", not "person"): documents write the word, so its lemma would match
    nothing. A name or acronym keeps its lemma ("RDAs" stems as "RDA" does)."""
    if token.pos_ != "NOUN" or not token.text.islower() or terms(token.lower_) == terms(lemma):
        return lemma
    return token.lower_ if terms(token.lower_) else lemma


def _years(doc: Doc) -> list[Token]:
    return [t for t in doc if t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20")]


def over_time(doc: Doc) -> bool:
    """The question asks how something went over a stretch of time, so every dated step
    answers: "over time", "over the years", a span between two years ("what happened between
    2022 and 2024"), or a verb of change in the perfect ("how has X changed")."""
    for t in doc:
        if t.lower_ == "over" and any(
            c.dep_ == "pobj"
            and c.lemma_.casefold() in SPAN_NOUNS
            and (c.tag_ == "NNS" or c.lower_ == "time")
            and not any(d.lower_ in ("last", "past", "first", "next") for d in c.children)
            for c in t.children
        ):  # "over time", "over the years"; not one period ("over the last year")
            return True
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in t.children)
        if t.pos_ == "VERB" and t.lemma_.casefold() in CHANGE_VERBS and perfect:
            return True
    years = _years(doc)
    return len(years) >= 2 and any(
        t.lower_ in RANGE_WORDS and t.i < years[0].i for t in doc[max(years[0].i - 2, 0) :]
    )


def listed_noun(head: frozenset[str], text: str) -> frozenset[str]:
    """The noun whose members a list question asks for: its `head` ("which standards"), or the
    subject of "what are the X (of Y)?" ("what are the main duties of a board": duties)."""
    if head:
        return head
    doc = parse(text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_ != "be" or not any(t.lower_ in WH_WORDS for t in doc[: root.i]):
        return frozenset()
    noun = next((c for c in root.children if c.dep_ in ("nsubj", "attr") and c.tag_ == "NNS"), None)
    return frozenset(terms(noun.lemma_.casefold())) if noun is not None else frozenset()
