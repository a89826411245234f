"""Question analysis: what kind of answer is wanted, about what, and from which source.

Generic rules over the shared spaCy parse (question words, the root verb, head nouns, entity
labels): general English, nothing about any corpus. Documents a question names are found by
matching its words against the titles and publishers of the indexed documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answer.asked_noun import AskedNoun, asked_nouns, noun_after
from assistant.answer.question_forms import in_sequence, over_time, written_noun
from assistant.answer.question_given import given_names, given_values
from assistant.answer.question_relations import happening, judged, source_stance
from assistant.answer.question_restate import restate
from assistant.answer.question_sources import named_documents_in, source_words
from assistant.answer.question_types import AGREE_LEMMAS as AGREE_LEMMAS  # re-exported
from assistant.answer.question_types import (
    ASKED_DEPS,
    DATE_NOUNS,
    IMPERATIVE_TYPES,
    META_WORDS,
    NAME_NOUNS,
    NOUN_TYPES,
    SERIES_NOUNS,
    TYPE_LABELS,
    WH_TAGS,
    AnswerType,
    _root,
    answer_type,
    asked_sentence,
    asked_span,
    asks_duration,
    asks_several,
)
from assistant.answer.question_types import COMPARE_LEMMAS as COMPARE_LEMMAS  # re-exported
from nlp.lexical import STOPWORDS, stem, terms, words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from index.stored_document import StoredDocument


@dataclass(frozen=True)
class Question:
    """What the answer engine needs to know about a question."""

    text: str
    answer_type: AnswerType
    focus: tuple[str, ...]  # lemmas of the content words (question words, named sources left out)
    focus_terms: frozenset[str]  # the same as index terms (stemmed), for IDF-weighted coverage
    entities: tuple[tuple[str, str], ...]  # (text, label) of named entities
    named_documents: frozenset[str]  # doc ids of the documents or publishers the question names
    restated: str  # the question as an indirect clause: "how much board chairs will be paid"
    negated: bool = False
    compared_type: AnswerType = "open"  # for a comparison: what each source is asked for
    series: bool = False  # several values wanted: "what is the timeline", "which dates"
    changes: bool = False  # how something went over time: "how has X changed", "since 2015"
    exact: bool = False  # a value must answer it: "how many", "how much", "which year"
    # Terms of the noun "how many" counts ("how many days"): a date or time that names it
    # ("three days a week") answers the count.
    counted: frozenset[str] = frozenset()
    # Words of the collection's subject a "who" question about it also looks for; they count
    # only in the sentence itself, never from its document's title (see `subject.py`).
    subject_terms: frozenset[str] = frozenset()
    # The event a "when / who" question asks about ("led", "come into force"): documents say it
    # in many ways, so its terms weigh half in coverage and never count as the rarest term.
    relation_terms: frozenset[str] = frozenset()
    # Lemmas of the root verb's own subject and object ("who led [the review]"): what the
    # question is about, as against a noun inside a phrase ("letters to the council").
    arguments: frozenset[str] = frozenset()
    # Details the answer must match, besides its type: each value the question gives ("in 2024",
    # "ten systems", "today") and each name ("the national body", an acronym) as index terms, and
    # the noun a "which/what X, how many X" asks about.
    values: tuple[frozenset[str], ...] = ()
    names: tuple[frozenset[str], ...] = ()
    head: frozenset[str] = frozenset()
    # The noun the question asks for ("what deposit", "account number"): what says it (`asked_noun`)
    asked: tuple[AskedNoun, ...] = ()
    predicate: frozenset[str] = frozenset()  # the root verb's terms ("merged", "succeeded")
    # Asked in the past tense without a modal ("when was X published", "when did Y agree"): a
    # past event has a date; only a rule or plan is answered by a condition ("before going live").
    past: bool = False
    # "What is the name of X?": a proper name must answer it, where "who should I contact?" may
    # be answered by a role ("the commercial team").
    wants_name: bool = False
    # "What should we do first?": an order of steps is asked for, which a sentence must state
    ordered: bool = False
    # "How long does X take?", "differ on assessment length", "how often is X repeated": a span
    # of time (or the interval between two times) is asked for, which a time clause ("at the end
    # of each phase") does not give
    duration: bool = False

    @property
    def wants(self) -> frozenset[str]:
        """Entity labels a sentence must hold to carry the typed answer (empty when untyped)."""
        return TYPE_LABELS.get(self.answer_type, frozenset())


RELATION_TYPES = frozenset({"date", "person", "organisation"})
SEQUENCE_DEPS = frozenset({"advmod", "npadvmod"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})


def relation(doc: Doc, answer: AnswerType) -> frozenset[str]:
    """Terms of the predicate a "when / who" question asks about: its root verb, the verb's
    particle and the object of its preposition ("come into force", "set up", "led")."""
    if answer == "reason":
        return judged(doc)
    if answer == "open":
        return happening(doc)
    if answer not in RELATION_TYPES:
        return frozenset()
    root = _root(doc)
    wh = next((t for t in doc if t.tag_ in WH_TAGS), None)
    if root.pos_ != "VERB" or wh is None or wh.head != root:
        return frozenset()
    words_ = [root.lemma_]
    for child in root.children:
        if child.dep_ == "prt":
            words_.append(child.lemma_)
        elif child.dep_ == "prep" and child.i > root.i:
            words_ += [g.lemma_ for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
    return frozenset(s for w in words_ for s in terms(w.casefold()))


def sequence_adverb(token: Token) -> bool:
    """ "first", "next", "then" modifying the verb ("what should we do first?"): the order
    asked for, not a topic the answer must mention."""
    return (
        token.dep_ in SEQUENCE_DEPS
        and token.pos_ == "ADV"
        and token.head.pos_ in ("VERB", "AUX")
        and (token.ent_type_ == "ORDINAL" or token.morph.get("NumType", []) == ["Ord"])
    )


def _without_command(entity: Span) -> Span | None:
    """An entity without the imperative that opens the question ("Summarise Acme's" → "Acme's")."""
    first = entity[0]
    if first.i == 0 and first.lemma_.casefold() in IMPERATIVE_TYPES:
        entity = entity[1:]
    return entity if len(entity) else None


def asked_head(doc: Doc) -> frozenset[str]:
    """The noun a "which X / what X / how many X" question asks about ("which standard",
    "how many weeks"), unless it names the answer's type ("what year", "what share")."""
    wh = next((t for t in doc if t.tag_ in WH_TAGS), None)
    if wh is None or wh.lower_ not in ("which", "what", "how"):
        return frozenset()
    start = wh.i + 1
    if wh.lower_ == "how":
        if start >= len(doc) or doc[start].lower_ != "many":
            return frozenset()
        start += 1
    head = noun_after(doc, start)
    if head is None or head.lemma_.casefold() in NOUN_TYPES:
        return frozenset()
    return frozenset(terms(head.lemma_.casefold()))


def past_tense(doc: Doc) -> bool:
    """The question's finite verb or auxiliary is in the past tense and no modal qualifies it."""
    finite = [t for t in doc if t.tag_ in ("MD", "VBZ", "VBP", "VBD")]
    return bool(finite) and finite[0].tag_ == "VBD"


def analyse(question: str, documents: Iterable[StoredDocument] = ()) -> Question:
    """Parse the question once and read off type, focus, entities and named sources."""
    documents = list(documents)
    doc = parse(question)  # batched with other threads' questions, same parse
    named = named_documents_in(question, documents)
    skip = source_words(documents, named)
    focus: list[str] = []
    asides: list[str] = []
    span = asked_span(doc)
    for t in doc[: span.end if span is not None else len(doc)]:  # not "Put them in order."
        lemma = t.lemma_.casefold()
        if t.is_punct or t.tag_ in WH_TAGS or t.is_stop or {lemma, t.lower_} & STOPWORDS:
            continue
        if t.dep_ == "ROOT" and t.i == 0 and t.lemma_.casefold() in IMPERATIVE_TYPES:
            continue
        if t.lower_ in skip or not any(c.isalnum() for c in lemma):
            continue
        if lemma in META_WORDS or (t.pos_ == "ADV" and t.lower_.endswith("ly")):
            asides.append(lemma)  # "briefly", "the documents": not what it is about
            continue
        if sequence_adverb(t):
            continue  # "what should we do first": an order, not a topic
        lemma = written_noun(t, lemma)
        if lemma not in focus:
            focus.append(lemma)
    focus = focus or asides
    focus_terms = frozenset(s for lemma in focus for s in terms(lemma)) or frozenset(
        terms(question)
    )
    entities = tuple(
        (span.text, e.label_)
        for e in doc.ents
        if (span := _without_command(e)) is not None
        and not set(words(span.text)) <= skip
        and not (len(span) == 1 and sequence_adverb(span[0]))
    )
    typed = answer_type(doc)
    related = relation(doc, typed) & focus_terms
    dated = typed == "date" and any(t.lemma_.casefold() in DATE_NOUNS for t in doc)
    changing = over_time(doc)
    single_ask = sum(t.tag_ in WH_TAGS for t in doc) == 1
    return Question(
        text=question,
        answer_type=typed,
        exact=typed in ("number", "amount") or dated,
        counted=frozenset(
            term
            for t in doc
            if single_ask  # "who, and how many": the count is one part of the answer
            and any(
                c.lower_ == "many" and any(g.lower_ == "how" for g in c.children)
                for c in t.children
            )
            for term in terms(t.text)
        ),
        focus=tuple(focus),
        focus_terms=focus_terms,
        relation_terms=related if related != focus_terms else frozenset(),
        arguments=frozenset(
            t.lemma_.casefold()
            for t in _root(doc).children
            if t.dep_ in ARGUMENT_DEPS and t.tag_ not in WH_TAGS
        ),
        entities=entities,
        values=given_values(doc, skip),
        names=given_names(doc, skip),
        head=asked_head(doc),
        asked=asked_nouns(doc),
        predicate=frozenset(terms(_root(doc).lemma_.casefold()))
        if _root(doc).pos_ == "VERB" and not source_stance(doc, skip)
        else frozenset(),
        named_documents=named,
        restated=restate(asked_sentence(doc)),
        negated=any(t.dep_ == "neg" for t in doc),
        past=past_tense(doc),
        wants_name=typed in ("person", "organisation")
        and any(t.lemma_.casefold() in NAME_NOUNS and t.pos_ == "NOUN" for t in doc),
        compared_type=answer_type(doc, compare=False),
        ordered=any(sequence_adverb(t) for t in doc),
        duration=asks_duration(doc),
        series=any(
            t.lemma_.casefold() in SERIES_NOUNS
            or (t.tag_ == "NNS" and t.head.tag_ in WH_TAGS and typed in TYPE_LABELS)
            or (t.tag_ == "NNS" and t.dep_ in ASKED_DEPS and t.lemma_.casefold() in DATE_NOUNS)
            for t in doc
        )
        or (typed in TYPE_LABELS and any(asks_several(t) for t in doc))  # "which years"
        or changing
        or in_sequence(doc),
        changes=changing,
    )


def stems(lemmas: Iterable[str]) -> set[str]:
    """Index terms of lemmas (the index stores stemmed words)."""
    return {stem(w) for lemma in lemmas for w in words(lemma)}
