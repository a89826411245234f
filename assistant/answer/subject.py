"""The collection's own subject in a question: "the review" when the manifest's `collection:`
subject is "the X Review of Y". Read from the manifest only, never from code.

A question that names the subject by its head noun ("who led the review?") asks about the
subject itself: the subject's own words (its name) locate the sentences that state who or what
it is, and the documents the manifest marks as the subject's own voice
(`collection.primary_kinds`) speak for it before the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from assistant.answer.question import ARGUMENT_DEPS, Question
from nlp.lexical import STOPWORDS, terms, words
from nlp.parse_batches import parse
from nlp.spacy_pipeline import get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Token

WHO_TYPES = frozenset({"person", "organisation"})
VOICE_NEAR = 0.85  # share of the best probability the subject's own evidence needs to lead


@lru_cache(maxsize=64)
def subject_words(subject: str) -> tuple[str, tuple[str, ...]]:
    """(head noun lemma, content lemmas) of a subject line ("the Review of Boards" → review)."""
    doc = get_nlp()(subject)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("NOUN", "PROPN"):
        return "", ()
    content = tuple(
        dict.fromkeys(
            t.lemma_.casefold()
            for t in doc
            if t.is_alpha and not t.is_stop and t.lemma_.casefold() not in STOPWORDS
        )
    )
    return root.lemma_.casefold(), content


def refers_to_subject(question: Question, collection: dict[str, Any] | None) -> bool:
    """The head noun of the collection's subject ("the review") is the subject or object of
    the question's verb: "who led the review?", not "who wrote the letters to the review?"."""
    line = str((collection or {}).get("subject") or "")
    head, _content = subject_words(line) if line else ("", ())
    return bool(head) and head in question.arguments


def primary_kinds(collection: dict[str, Any] | None) -> frozenset[str]:
    """Document kinds the manifest marks as the subject's own voice (`primary_kinds`)."""
    kinds = (collection or {}).get("primary_kinds") or []
    return frozenset(str(k) for k in kinds) if isinstance(kinds, list) else frozenset()


def with_subject_name(question: Question, collection: dict[str, Any] | None) -> Question:
    """A "who" question about the subject ("who led the review?") also looks for the
    subject's name: the sentences that state who conducted it name it, whatever verb they
    use ("has conducted", "undertaken by")."""
    if question.answer_type not in WHO_TYPES or not refers_to_subject(question, collection):
        return question
    _head, content = subject_words(str((collection or {}).get("subject")))
    added = frozenset(s for w in content for s in terms(w)) - question.focus_terms
    return replace(question, subject_terms=added) if added else question


def named_subject(question: Question, collection: dict[str, Any] | None) -> str | None:
    """A "who" question about the subject as it reads with the subject's name in place of its
    head noun's phrase ("who led the review?" → "who led the Review of Boards (2021)?"): what
    the question means, to search and to compare sentences with. A short question that names
    the subject by its head noun alone is otherwise nearest to sentences on any review, and
    far from the one that names it; None when the question is not such a question."""
    if not question.subject_terms:
        return None
    line = str((collection or {}).get("subject") or "").strip()
    head, _content = subject_words(line) if line else ("", ())
    doc = parse(question.text)
    said = next(
        (
            t
            for t in doc
            if t.lemma_.casefold() == head and t.dep_ in ARGUMENT_DEPS and t.head.dep_ == "ROOT"
        ),
        None,
    )
    if said is None:
        return None
    before = doc[: said.left_edge.i].text_with_ws
    after = doc[said.right_edge.i + 1 :].text_with_ws
    gap = doc[said.right_edge.i].whitespace_
    return f"{before}{line}{gap}{after}".strip()


class _Lined(Protocol):
    @property
    def main(self) -> Any: ...


L = TypeVar("L", bound=_Lined)


class _Scored(Protocol):
    probability: float

    @property
    def doc(self) -> Any: ...


E = TypeVar("E", bound=_Scored)


def primary_first(question: Question, lines: list[L], collection: dict[str, Any] | None) -> list[L]:
    """A question about the subject ("what does the review recommend…") hears the subject's
    own voice first: lines from the kinds the manifest marks primary lead, in their order,
    when they answer nearly as well as the best line (`VOICE_NEAR`); the rest (evidence
    submitted to it, commentary) follow. Without the marker, unchanged."""
    kinds = primary_kinds(collection)
    if not kinds or not refers_to_subject(question, collection):
        return lines
    best = max((ln.main.probability for ln in lines), default=0.0)
    own = [
        ln for ln in lines if ln.main.doc.kind in kinds and ln.main.probability >= best * VOICE_NEAR
    ]
    return own + [ln for ln in lines if ln not in own] if own else lines


def voice_first(
    question: Question, evidence: list[E], threshold: float, collection: dict[str, Any] | None
) -> list[E]:
    """The same preference when choosing: an untyped question about the subject takes the
    subject's own evidence first when it answers nearly as well as the best (`VOICE_NEAR`),
    so a submission's lines cannot fill the answer before the review's own are reached; a
    clearly better line from elsewhere (a commentary quoting the review) still leads."""
    kinds = primary_kinds(collection)
    if question.wants or not kinds or not refers_to_subject(question, collection):
        return evidence
    best = max((e.probability for e in evidence), default=0.0)
    bar = max(threshold, best * VOICE_NEAR)
    own = [e for e in evidence if e.probability >= bar and e.doc.kind in kinds]
    rest = [e for e in evidence if e not in own]
    return own + rest


def _speaks(token: Token) -> bool:
    """The noun stands for a speaker: coordinated with another ("the review and X"), or
    possessive ("the review's"), or what a comparison sets against ("compare with the review")."""
    coordinated = token.dep_ == "conj" or any(c.dep_ in ("conj", "cc") for c in token.children)
    possessive = token.dep_ == "poss" or any(c.dep_ == "case" for c in token.children)
    compared = token.dep_ == "pobj" and token.head.lower_ in ("with", "than")
    return coordinated or possessive or compared


def subject_as_source(
    question: Question, collection: dict[str, Any] | None, documents: Mapping[str, Any]
) -> Question:
    """ "How do the review and X see Y?": beside a named source, the collection's subject (its
    head noun, "the review") is a source too, heard through the documents the manifest marks
    as its own voice (`primary_kinds`). Without the marker, or without a named source beside
    it, the question is unchanged."""
    kinds = primary_kinds(collection)
    line = str((collection or {}).get("subject") or "")
    head, _content = subject_words(line) if line else ("", ())
    if not kinds or not head or not question.named_documents:
        return question
    said = f" {' '.join(words(question.text))} "
    titles = [" ".join(words(documents[d].title)) for d in question.named_documents]
    titled = {w for t in titles if f" {t} " in said for w in t.split()}
    if not any(
        t.lemma_.casefold() == head and t.lower_ not in titled and _speaks(t)
        for t in parse(question.text)
    ):  # the noun inside a named title ("the X Code of Practice") is that title's
        return question
    own = frozenset(d.doc_id for d in documents.values() if d.kind in kinds)
    return replace(question, named_documents=question.named_documents | own) if own else question
