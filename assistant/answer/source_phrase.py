"""The words of a question that only name its source ("what the Agency's 2015 report says
about X"): the publisher's own noun for the document and the year that marks it say where to
look, not what about, so a sentence on the topic need not contain them.

Generic rules over the question's parse and the named documents' publishers and kinds; nothing
about any collection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.answer.question_sources import publisher_names
from nlp.lexical import terms, words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Token

    from assistant.answer.question import Question
    from index.stored_document import StoredDocument

MARK_DEPS = frozenset({"poss", "compound"})  # "the Agency's report", "the Agency report"
SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass"})  # "the Agency's report says / argues"


def _year(token: Token) -> bool:
    return token.like_num and len(token.text) == 4 and token.dep_ == "nummod"


def _marked_by(token: Token, names: set[str]) -> bool:
    """The words before the noun in its phrase say one of the publishers' names, whole
    ("the Acme Trust's report", "the ACME note"; not one word shared with a longer name)."""
    marks = [c for c in token.children if c.dep_ in MARK_DEPS and c.i < token.i]
    if not marks:
        return False
    first = min(w.i for m in marks for w in m.subtree)
    said = f" {' '.join(words(token.doc[first : token.i].text))} "
    return any(f" {name} " in said for name in names)


def _where_said(token: Token) -> bool:
    """The noun says who speaks or where: the subject of a verb ("the report argues"), or
    the object of "in" / "according to" ("in the Agency's report")."""
    if token.dep_ in SPEAKER_DEPS:
        return token.head.pos_ in ("VERB", "AUX")
    return token.dep_ == "pobj" and token.head.lower_ in ("in", "to")


def source_nouns(question: Question, documents: Mapping[str, StoredDocument]) -> set[str]:
    """Lower-case words of a phrase naming a named document by its publisher and saying who
    speaks or where ("what the Agency's 2015 report says", "in the Agency note"): the noun,
    when it is a document kind of the collection or carries a named document's year, and that
    year. A document asked about ("who wrote the Agency's report") keeps its words; so does
    another noun of the publisher's ("what did the Agency's survey find"), which may be the
    topic itself."""
    named = [documents[d] for d in question.named_documents if d in documents]
    if not named:
        return set()
    names = {n for d in named for n in publisher_names(d)}
    kinds = {w for d in documents.values() for w in words(d.kind)}
    years = {d.date[:4] for d in named}
    found: set[str] = set()
    for t in parse(question.text):
        if t.pos_ != "NOUN" or not _where_said(t) or not _marked_by(t, names):
            continue
        dated = [c for c in t.children if _year(c) and c.text in years]
        if t.lower_ in kinds or dated:
            found |= {t.lower_, t.lemma_.casefold(), *(c.text for c in dated)}
    return found


def without_source_nouns(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """The question's topic without the words that name its source; unchanged when nothing
    else would be left."""
    said = source_nouns(question, documents)
    focus = tuple(f for f in question.focus if f.casefold() not in said)
    if not focus or focus == question.focus:
        return question
    focus_terms = frozenset(s for lemma in focus for s in terms(lemma))
    return replace(question, focus=focus, focus_terms=focus_terms or question.focus_terms)
