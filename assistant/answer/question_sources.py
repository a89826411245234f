"""The documents a question names ("according to the agency", a title in quotes): its words
matched against the titles and publishers of the indexed documents, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from nlp.lexical import words

if TYPE_CHECKING:
    from index.stored_document import StoredDocument


def named_documents_in(question: str, documents: Iterable[StoredDocument]) -> frozenset[str]:
    """Documents whose publisher (or its bracketed short name) or title the question names."""
    lowered = f" {' '.join(words(question))} "
    named: set[str] = set()
    titled: dict[str, str] = {}
    for doc in documents:
        plain = publisher_names(doc)
        title = " ".join(words(doc.title))
        if len(title) > 12 and f" {title} " in lowered and not _inside_longer_name(question, doc):
            titled[doc.doc_id] = title
        if any(f" {n} " in lowered for n in plain):
            named.add(doc.doc_id)
    if titled:  # a title names one document; keep the most specific of overlapping titles
        specific = frozenset(
            d for d, t in titled.items() if not any(t != o and t in o for o in titled.values())
        )
        # "the agency's guidance on the standard": a named publisher none of whose documents
        # has that title wins; the title is then the topic, not the source.
        return specific if not named or specific & named else frozenset(named)
    return frozenset(named)


def _inside_longer_name(question: str, doc: StoredDocument) -> bool:
    """Every place the question says the title, a capitalised word that is neither the
    publisher's nor a year stands just before it: "the Regional Quality Handbook" names another
    document than "the Quality Handbook", even when no indexed document has that longer title."""
    pattern = r"\W+".join(re.escape(w) for w in words(doc.title))
    own = {w for n in publisher_names(doc) for w in n.split()}
    found = False
    for match in re.finditer(rf"(?i)(?<!\w){pattern}(?!\w)", question):
        found = True
        before = re.findall(r"[\w'’.-]+", question[: match.start()])
        word = before[-1] if before else ""
        if not word[:1].isupper() or word.isdigit() or len(before) == 1:
            return False
        if set(words(word)[:1]) & own:
            return False
    return found


def publisher_names(doc: StoredDocument) -> set[str]:
    """The names a question may call a document's publisher by, as plain words: the whole
    name, its bracketed short name, the name without it, each comma-separated part."""
    names = {doc.publisher, *re.findall(r"\(([^)]+)\)", doc.publisher)}
    names |= {re.sub(r"\([^)]*\)", "", n) for n in list(names)}
    names |= set(doc.publisher.split(","))
    return {p for n in names if n and len(p := " ".join(words(n))) > 2}


def names_said(doc: StoredDocument, said: str) -> frozenset[str]:
    """The names of the document's publisher that `said` (plain words, space-padded) holds."""
    return frozenset(n for n in publisher_names(doc) if f" {n} " in said)


def source_words(documents: Iterable[StoredDocument], named: frozenset[str]) -> set[str]:
    return {w for d in documents if d.doc_id in named for w in words(d.publisher)}


def titles_said(
    question: str, documents: Iterable[StoredDocument], named: frozenset[str]
) -> tuple[str, ...]:
    """The titles of named documents the question says ("how many parts does the Handbook
    have?"), as plain words, each space-padded: the document's title is also the question's
    topic, which other documents may state things about."""
    lowered = f" {' '.join(words(question))} "
    titles = {" ".join(words(d.title)) for d in documents if d.doc_id in named}
    return tuple(f" {t} " for t in sorted(titles) if len(t) > 12 and f" {t} " in lowered)


def names_title(text: str, titles: tuple[str, ...], documents: Iterable[StoredDocument]) -> bool:
    """The sentence names one of `titles` itself, not as part of a longer title of another
    document ("the Regional Handbook" names another document than "the Handbook")."""
    if not titles:
        return False
    lowered = f" {' '.join(words(text))} "
    said = [t for t in titles if t in lowered]
    if not said:
        return False
    longer = {f" {' '.join(words(d.title))} " for d in documents}
    return any(
        not any(t != other and t in other and other in lowered for other in longer) for t in said
    )
