"""Which sources a question asks to hear: "the documents" or "each source" (all that discuss
it), two named publishers, one publisher's documents told apart by year or kind ("the Agency's 2015
guidance"), a document named by its year and title words; and the question's topic without
the words that only name those sources.

Generic rules over the question's parse and the documents' own metadata (publisher, title,
date, kind); nothing about any collection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.answer.question import AGREE_LEMMAS, COMPARE_LEMMAS, META_WORDS, Question
from assistant.answer.question_forms import CHANGE_VERBS, SPAN_NOUNS
from assistant.answer.question_sources import names_said
from nlp.lexical import terms, words
from nlp.parse_batches import parse

NUMBERED_TITLE = re.compile(r"\s*(\d+)[.)]?\s")  # "9. Keep records safe"

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from index.stored_document import StoredDocument

# Determiners that make one document stand for each of them ("each document", "both sources").
EVERY = frozenset({"each", "every", "all", "both", "different", "various", "these", "those"})
CHAIN_DEPS = frozenset({"prep", "pobj", "pcomp", "agent"})
MIN_WORDS = 3  # a question left with fewer words had nothing but the phrase: kept whole


@dataclass(frozen=True)
class SourcesAsked:
    """How a question asks about several sources."""

    text: str  # the question about the topic, without "according to the documents"
    collection: bool  # "the documents", "each source": every document that discusses it


def _meta(token: Token) -> bool:
    """A word for the collection's documents in the plural ("the documents") or with a
    distributive determiner ("each document")."""
    if token.lemma_.casefold() not in META_WORDS and token.lower_ not in META_WORDS:
        return False
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return token.tag_ in ("NNS", "NNPS") or any(
        c.dep_ in ("det", "predet", "amod") and c.lower_ in EVERY for c in token.children
    )


def _text_without(doc: Doc, drop: set[int]) -> str:
    kept = [t for t in doc if t.i not in drop]
    while kept and kept[-2:-1] and kept[-2].is_punct and kept[-1].is_punct:
        kept.pop(-2)  # "review , ?" → "review ?"
    text = "".join(t.text_with_ws for t in kept).strip()
    return text.replace(" ,?", "?").replace(" ?", "?").replace(", ?", "?").replace(",?", "?")


def sources_asked(text: str) -> SourcesAsked | None:
    """The question refers to the documents as several ("the documents", "each source",
    "according to the different documents"); None when it does not. A phrase that only says
    where to look ("according to the documents", "described in these documents") is left
    out of the topic question; "which documents discuss X" asks what they say about X."""
    doc = parse(text)
    meta = next((t for t in doc if _meta(t)), None)
    if meta is None:
        return None
    if meta.dep_ == "pobj":
        top = meta.head
        while top.head.dep_ in CHAIN_DEPS or top.head.lower_ == "according":
            if top.head == top.head.head:
                break
            top = top.head.head if top.head.dep_ == "pobj" else top.head
        drop = {t.i for t in top.subtree}
        owner = top.head
        if owner.dep_ == "acl" and all(c.i in drop for c in owner.children):
            drop |= {owner.i}  # "the standards described in these documents"
        drop |= {t.i for t in doc if t.is_punct and t.i == min(drop) - 1}
        rest = _text_without(doc, drop)
        whole = len(words(rest)) >= MIN_WORDS and top.dep_ != "ROOT"
        return SourcesAsked(rest if whole else text, collection=True)
    asking = any(c.dep_ == "det" and c.tag_ in ("WDT", "WP") for c in meta.children)
    verb = meta.head
    if meta.dep_ == "nsubj" and asking and verb.pos_ == "VERB":
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
        if obj is not None:  # "which documents discuss X (and what do they say)?"
            topic = "".join(t.text_with_ws for t in obj.subtree).strip()
            return SourcesAsked(f"What do the documents say about {topic}?", collection=True)
    return SourcesAsked(text, collection=True)


def _year(doc: StoredDocument) -> str:
    return doc.date[:4] if doc.date[:4].isdigit() else ""


MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "poss", "nmod"})


def _source_words(
    text: str, documents: Iterable[StoredDocument]
) -> tuple[set[str], set[str], set[str]]:
    """(years, kind words, publisher words) that describe a source in the question: a year or
    kind word that modifies or heads a noun phrase with a publisher's word or year ("the Agency's
    2015 guidance", "its 2022 and 2023 articles", "the Agency guidance"), not a year of a range
    ("between 2022 and 2024")."""
    documents = list(documents)
    publisher_words = {w for d in documents for w in words(d.publisher)}
    kind_words = {w for d in documents for w in words(d.kind)}
    years: set[str] = set()
    kinds: set[str] = set()
    marking: set[str] = set()
    for t in parse(text):
        head = t.head if t.dep_ != "conj" else t.head.head
        dep = t.dep_ if t.dep_ != "conj" else t.head.dep_
        if t.like_num and len(t.text) == 4 and dep in MODIFIER_DEPS and head.pos_ != "VERB":
            years.add(t.text)
        if t.lower_ in kind_words and t.pos_ == "NOUN":
            marks = {c.lower_ for c in t.children if c.dep_ in MODIFIER_DEPS}
            if marks & publisher_words or any(m.isdigit() and len(m) == 4 for m in marks):
                kinds.add(t.lower_)
                marking |= marks & publisher_words
    return years, kinds, marking


def narrowed(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """A named publisher with several documents, narrowed to those the question singles out
    by their year or kind ("the Agency's 2015 guidance"): the years and kind words of the others
    are not in the question. Another publisher named beside it is left as it is."""
    named = [documents[d] for d in sorted(question.named_documents) if d in documents]
    years, kinds, _marking = _source_words(question.text, documents.values())
    if not years and not kinds:
        return question
    by_publisher: dict[str, list[StoredDocument]] = {}
    for doc in named:
        by_publisher.setdefault(doc.publisher, []).append(doc)
    keep: set[str] = set()
    for group in by_publisher.values():
        for rule, said in ((_year, years), (lambda d: " ".join(words(d.kind)), kinds)):
            picked = [d for d in group if rule(d) and set(rule(d).split()) <= said]
            if picked and len(picked) < len(group):
                group = picked
        keep |= {d.doc_id for d in group}
    for marks, phrase_years, kind in _phrases(question.text, documents.values()):
        # "the Agency's 2015 guidance": every named publisher with that word in its name keeps only
        # its documents of that year and kind, when it has any
        own = [documents[d] for d in keep if marks & set(words(documents[d].publisher))]
        fits = [
            d
            for d in own
            if (not phrase_years or _year(d) in phrase_years) and kind in words(d.kind)
        ]
        if fits:
            keep -= {d.doc_id for d in own if d not in fits}
    if not keep or keep == set(question.named_documents):
        return question
    return replace(question, named_documents=frozenset(keep))


def _phrases(
    text: str, documents: Iterable[StoredDocument]
) -> list[tuple[set[str], set[str], str]]:
    """(publisher words, years, kind word) of each kind noun the question marks with a
    publisher's word ("the Agency's 2015 guidance": {agency}, {2015}, guidance)."""
    documents = list(documents)
    publisher_words = {w for d in documents for w in words(d.publisher)}
    kind_words = {w for d in documents for w in words(d.kind)}
    out = []
    for t in parse(text):
        if t.lower_ not in kind_words or t.pos_ != "NOUN":
            continue
        marks = {c.lower_ for c in t.children if c.dep_ in MODIFIER_DEPS}
        if marks & publisher_words:
            years = {m for m in marks if m.isdigit() and len(m) == 4}
            out.append((marks & publisher_words, years, t.lower_))
    return out


def several_named(question: Question, documents: Mapping[str, StoredDocument]) -> bool:
    """The question names more than one source: two publishers (not one title that two
    editions share), or one publisher's documents told apart by year ("its 2022 and 2023
    articles") or in the plural ("the two X articles")."""
    named = [documents[d] for d in question.named_documents if d in documents]
    said = f" {' '.join(words(question.text))} "
    titles = {d.doc_id: " ".join(words(d.title)) for d in named}
    keys = {
        titles[d.doc_id] if f" {titles[d.doc_id]} " in said else names_said(d, said) or d.publisher
        for d in named
    }  # two publishers the question calls by one name ("the Agency") are one source to it
    if len(keys) > 1:  # each source by the name the question uses for it
        return True
    years, _kinds, _marking = _source_words(question.text, named)
    if len({_year(d) for d in named} & years) > 1:
        return True
    publisher_words = {w for d in named for w in words(d.publisher)}
    return len(named) > 1 and any(
        t.tag_ in ("NNS", "NNPS")
        and t.pos_ == "NOUN"
        and any(c.lower_ in publisher_words for c in t.children if c.dep_ in ("compound", "poss"))
        for t in parse(question.text)
    )


def on_its_subject(question: Question, documents: Mapping[str, StoredDocument]) -> bool:
    """ "What does the Agency say about point 9?": the question's whole topic is the number of
    one of the documents it names ("9. Keep records safe"), so it asks what that
    document says, its gist; the sentences repeating the topic's words are its signposts
    ("this guidance will help you apply point 9"). A topic word that a title merely shares
    ("the call for evidence" and an "evidence submission") does not name the document."""
    if question.answer_type != "open" or not question.focus_terms:
        return False
    said = [t for w in words(question.text) for t in terms(w)]
    held = [
        d
        for d in question.named_documents
        if d in documents and question.focus_terms <= numbered_as(documents[d].title, said)
    ]
    return len(held) == 1


def numbered_as(title: str, said: list[str]) -> set[str]:
    """The question's words for a title opening with its number ("9. Create…"): "point 9",
    "section 9"; empty when the question does not say that number."""
    number = NUMBERED_TITLE.match(title)
    if number is None or number.group(1) not in said:
        return set()
    at = said.index(number.group(1))
    return set(said[max(at - 1, 0) : at + 1])


def topic_only(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """The question without the words that ask for a comparison ("compare", "differ"), for a
    change ("changed over time") or that say which sources to hear ("the 2022 and 2023
    articles", "the Agency guidance"): they say how to answer, not what about; a source's
    sentence need not contain them."""
    years, kinds, marking = _source_words(question.text, documents.values())
    asking = COMPARE_LEMMAS | AGREE_LEMMAS | years | kinds | marking
    if question.changes:  # "how has X changed over time": X, not "change" or "time"
        asking |= CHANGE_VERBS | SPAN_NOUNS
    focus = tuple(f for f in question.focus if f.casefold() not in asking)
    if not focus or focus == question.focus:
        return question
    focus_terms = frozenset(s for lemma in focus for s in terms(lemma))
    return replace(question, focus=focus, focus_terms=focus_terms or question.focus_terms)


def _dated(t: Token) -> Token | None:
    """The noun a four-digit year marks ("the 2015 Standard"), also through a year joined to
    it ("the 2015 and 2020 Standards": 2020 marks "Standards" too)."""
    year = t
    while year.dep_ == "conj" and year.head.like_num:
        year = year.head
    dated = t.like_num and len(t.text) == 4 and year.dep_ == "nummod"
    return year.head if dated and year.head.pos_ != "VERB" else None


def dated_titles(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """A source named by its year and words of its title ("the 2015 Quality Standard" for
    "Quality by Design Standard", 2015; "the 2015 and 2020 Quality Standards"): the documents
    of that year whose title holds every other word of the phrase are named too."""
    found: set[str] = set()
    for t in parse(question.text):
        head = _dated(t)
        if head is None:
            continue
        phrase = [c for c in head.children if c.i > t.i and c.dep_ in ("compound", "amod")]
        said = set(terms(" ".join(c.text for c in [*phrase, head] if c != t)))  # stems: plurals
        if not said:
            continue
        found |= {
            d.doc_id
            for d in documents.values()
            if _year(d) == t.text and said <= set(terms(d.title))
        }
    if not found or found <= question.named_documents:
        return question
    return replace(question, named_documents=question.named_documents | found)


def editions(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """A question about change over time that names a document by its title ("how has the
    Handbook changed") hears every document whose title holds that title's words: its other
    editions and the versions made from it ("the 2015 Handbook", "the Agency Handbook")."""
    if not question.changes or not question.named_documents:
        return question
    said = f" {' '.join(words(question.text))} "
    titles = [
        set(words(documents[d].title))
        for d in question.named_documents
        if d in documents and f" {' '.join(words(documents[d].title))} " in said
    ]
    found = {d.doc_id for d in documents.values() if any(t <= set(words(d.title)) for t in titles)}
    if found <= question.named_documents:
        return question
    return replace(question, named_documents=question.named_documents | found)
