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
# General English: "in order", "in chronological order", "in sequence", "chronologically"
ORDER_NOUNS = frozenset({"order", "sequence"})
ORDER_ADVERBS = frozenset({"chronologically"})
END_PREPS = frozenset({"to", "until", "till"})  # the far bound of "from A to B"
EVENT_VERBS = frozenset({"happen", "occur"})  # "what happened between A and B"


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


def _plural_asked(doc: Doc) -> Token | None:
    """The plural noun the question asks for ("what were the stages", "list the steps")."""
    return next((t for t in doc if t.tag_ == "NNS" and t.dep_ in ("nsubj", "attr", "dobj")), None)


def _range(prep: Token) -> bool:
    """ "from A to B" on one word, the far bound beside it or on A ("from the launch of X
    to its close"), with nouns for bounds (a range of years is read by `over_time`)."""
    bounds = [c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"]
    if prep.lower_ != "from" or not bounds:
        return False
    near = [c for c in prep.head.children if c.i > prep.i]
    near += [g for c in prep.children if c.dep_ == "pobj" for g in c.children]
    return any(c.dep_ == "prep" and c.lower_ in END_PREPS for c in near)


def in_sequence(doc: Doc) -> bool:
    """The question asks for events in their order over time, so dated steps answer it:
    the steps, stages or events "from A to B" or "in (chronological) order", or what
    happened between two events ("what happened between the launch and the review")."""
    asked = _plural_asked(doc)
    for t in doc:
        if t.lemma_.casefold() in EVENT_VERBS and any(
            c.dep_ == "prep" and c.lower_ in ("between", "from") for c in t.children
        ):
            return True
        ordered = t.lower_ == "in" and any(
            c.dep_ == "pobj"
            and c.lemma_.casefold() in ORDER_NOUNS
            and all(g.dep_ in ("amod", "det", "compound") for g in c.children)  # not "in order to…"
            for c in t.children
        )
        if ordered:  # "…? Put them in date order.": whatever is asked, in time order
            return True
        if asked is None:
            continue
        if (t.dep_ == "prep" and t.head == asked and _range(t)) or t.lower_ in ORDER_ADVERBS:
            return True
    return False


def sequence_words(doc: Doc) -> frozenset[str]:
    """Lemmas that ask for steps in order rather than name what they are of: the plural noun
    asked ("the main stages", with its adjectives) and "(chronological) order"."""
    if not in_sequence(doc):
        return frozenset()
    asked = _plural_asked(doc)
    said = [asked, *(c for c in asked.children if c.dep_ == "amod")] if asked is not None else []
    for t in doc:
        if t.dep_ == "pobj" and t.lemma_.casefold() in ORDER_NOUNS and t.head.lower_ == "in":
            said += [t, *(c for c in t.children if c.dep_ == "amod")]
    return frozenset(t.lemma_.casefold() for t in said)


def range_subject(doc: Doc, noun: Token) -> tuple[frozenset[str], frozenset[str]]:
    """What the bounds of a range on `noun` belong to, as (head lemmas, all lemmas): "the
    stages from the launch of [the city inquiry] to its report" → ({inquiry}, {city, inquiry});
    empty without such a phrase."""
    heads: set[str] = set()
    found: set[str] = set()
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("from", "between"):
            continue
        for bound in (c for c in prep.children if c.dep_ == "pobj"):
            for of in (c for c in bound.children if c.dep_ == "prep" and c.lower_ == "of"):
                heads |= {c.lemma_.casefold() for c in of.children if c.dep_ == "pobj"}
                found |= {
                    t.lemma_.casefold()
                    for t in of.subtree
                    if t.pos_ in ("NOUN", "PROPN") or t.dep_ == "compound"
                }
    return frozenset(heads), frozenset(found)


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
