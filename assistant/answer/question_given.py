"""What a question states rather than asks for: the values ("in 2024", "the 2024 plan") and
the names it uses, as groups of index terms an answer's evidence is checked against."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from assistant.answer.question_types import WH_TAGS
from nlp.lexical import terms, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

QUESTION_VALUE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
NAMED_LABELS = frozenset({"GPE", "LOC", "PERSON", "ORG", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"})


def _term_groups(spans: Iterable[str], skip: set[str]) -> tuple[frozenset[str], ...]:
    """Index terms of each span, without a named source's words; empty groups left out."""
    groups = (frozenset(terms(" ".join(w for w in words(s) if w not in skip))) for s in spans)
    return tuple(dict.fromkeys(g for g in groups if g))


def given_values(doc: Doc, skip: set[str]) -> tuple[frozenset[str], ...]:
    """Values the question states rather than asks for: a date, number or amount entity
    without the question word in it ("in 2024", not "what year"), and numbers outside any
    entity ("the 2024 plan")."""
    spans = [
        e.text
        for e in doc.ents
        if e.label_ in QUESTION_VALUE_LABELS
        and not any(t.tag_ in WH_TAGS for t in e)
        and not _counts_noun(e.root)
    ]
    spans += [
        t.text
        for t in doc
        if t.like_num and not t.ent_type_ and t.pos_ == "NUM" and not _counts_noun(t)
    ]
    return _term_groups(spans, skip)


def _counts_noun(token: Token) -> bool:
    """A number that sizes or numbers a common noun ("the three main areas", "point 9", "a
    10-point plan") describes what is asked about; the answer need not repeat it. A name
    before the noun does not hide it ("the two City Council reports")."""
    head = token.head
    while head.dep_ == "compound" and head.pos_ == "PROPN" and head.head is not head:
        head = head.head
    return token.dep_ in ("nummod", "compound", "appos") and head.pos_ == "NOUN"


def given_names(doc: Doc, skip: set[str]) -> tuple[frozenset[str], ...]:
    """Names the question uses: named entities and runs of proper nouns outside them."""
    spans = [e.text for e in doc.ents if e.label_ in NAMED_LABELS]
    run: list[str] = []
    for t in [*doc, None]:
        if t is not None and t.pos_ == "PROPN" and not t.ent_type_ and t.tag_ not in WH_TAGS:
            run.append(t.text)
            continue
        if run:
            spans.append(" ".join(run))
            run = []
    return _term_groups(spans, skip)
