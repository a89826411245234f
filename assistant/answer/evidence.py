"""Evidence scoring: every quotable sentence of the retrieved passages, with the features the
answerability model reads (see `model.FEATURES`) and the model's probability that it answers.

Cheap lexical features are computed for every sentence; dense similarity and the answer-type
match only for the best `DEEP` of them. The spaCy facts of a sentence (entities, negation, whether
it leans on the one before) were computed at ingest and are read from the stored document.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.answer.answer_slots import (
    NAMED_TYPES,
    answer_names,
    holds_value,
    label_share,
    names_match,
    names_role,
)
from assistant.answer.answer_slots import states_value as states_value  # re-exported
from assistant.answer.answer_slots import temporal_clause as temporal_clause  # re-exported
from assistant.answer.answer_slots import when_clause as when_clause  # re-exported
from assistant.answer.asked_noun import AskedUnsaid
from assistant.answer.evidence_details import Details, TermWeights, text_terms
from assistant.answer.evidence_details import counts as counts  # re-exported
from assistant.answer.evidence_details import coverage as coverage  # re-exported
from assistant.answer.model import AnswerModel
from assistant.answer.question import Question
from assistant.answer.question_echoes import echoes, question_openings
from assistant.answer.question_sources import names_title, titles_said
from assistant.answer.sentence_place import block_kind, previous_in_block, quotable
from assistant.relevance import unknown_share
from assistant.schemas import Passage
from index.stored_document import StoredDocument
from nlp.facts import NO_FACTS, SentenceFacts
from nlp.lexical import terms

if TYPE_CHECKING:
    from assistant.retrieval.state import IndexState

NAME_LABELS = frozenset({"GPE", "LOC", "PERSON", "ORG", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"})
DEEP = 24  # sentences that get dense similarity and the answer-type match
TYPED_BONUS = 0.3  # pre-ranking bonus for a sentence holding the answer type
VECTOR_CACHE = 20_000


class Embeds(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class Evidence:
    """One candidate sentence (or list item) of a document, scored against the question."""

    doc: StoredDocument
    passage: Passage
    number: int  # index in `doc.sentences`
    start: int
    end: int
    rank: int
    features: dict[str, float] = field(default_factory=dict)
    info: SentenceFacts | None = None  # None only for a document stored without facts
    probability: float = 0.0

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]

    @property
    def terms(self) -> set[str]:
        return set(text_terms(self.text))


class _Vectors:
    """Sentence embeddings computed on demand when the index holds none, cached by text."""

    def __init__(self) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, embedder: Embeds, texts: list[str]) -> list[np.ndarray]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = embedder.embed(missing)
            with self._lock:
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
                while len(self._cache) > VECTOR_CACHE:
                    self._cache.popitem(last=False)
        with self._lock:
            return [self._cache[t] for t in texts]


VECTORS = _Vectors()


def _stored_vectors(state: IndexState, doc: StoredDocument) -> np.ndarray | None:
    reader = getattr(state.generation, "sentence_vectors", None)
    if reader is None:
        return None
    vectors = np.asarray(reader(doc.doc_id))
    return vectors if len(vectors) == len(doc.sentences) and len(vectors) else None


def gather(
    question: Question,
    passages: list[Passage],
    state: IndexState,
    embedder: Embeds,
    model: AnswerModel,
    query_vector: np.ndarray | None = None,
) -> list[Evidence]:
    """Candidate sentences of the passages with features and probabilities, best first.

    `query_vector` is the question's embedding when the caller has it already (the retriever
    computed it for the search); otherwise `embedder` embeds the question.
    """
    documents = state.generation.documents
    found: list[Evidence] = []
    seen: set[tuple[str, int]] = set()
    unknown = unknown_share(set(question.focus_terms), state.vocabulary, state.idf)
    weights = TermWeights(question, state)
    details = Details(question, state)
    asked = AskedUnsaid.of(question.asked, question.focus_terms, state.idf)
    light = question.relation_terms
    by_idf = sorted(
        question.focus_terms - light or question.focus_terms, key=lambda t: (-state.idf(t), t)
    )
    rarest = set(by_idf[:1])
    titled = Titled(question, documents.values())
    for rank, passage in enumerate(passages):
        doc = documents.get(passage.doc_id)
        if doc is None:
            continue
        source_terms = text_terms(f"{doc.title} {doc.publisher}")
        section_terms = text_terms(passage.section)
        source_date = text_terms(doc.date)  # "the 2015 code": a value naming the document
        for number in doc.sentences_within(passage.start, passage.end):
            start, end = doc.sentences[number]
            if (doc.doc_id, number) in seen or not quotable(doc, number):
                continue
            seen.add((doc.doc_id, number))
            facts = doc.sentence_facts(number)
            own = set(text_terms(doc.text[start:end]))
            own |= details.implied(doc.text[start:end], facts or NO_FACTS)
            before = previous_in_block(doc, number)
            around = own | section_terms | source_terms
            previous = text_terms(doc.sentence_text(before)) if before is not None else None
            if previous is not None:
                around |= previous
            around -= question.subject_terms - own  # the subject's name counts where it is said
            near = own | (previous if previous is not None else set())
            named = question.named_documents
            found.append(
                Evidence(
                    doc=doc,
                    passage=passage,
                    number=number,
                    start=start,
                    end=end,
                    rank=rank,
                    info=facts,
                    features={
                        "coverage": weights.coverage(own),
                        "context": weights.coverage(around),
                        "unmatched": weights.unmatched(around),
                        "unmatched_peak": weights.unmatched_peak(around),
                        "asked_unsaid": asked.sentence(doc, number, before, facts),
                        **details.features(
                            doc.text[start:end], facts or NO_FACTS, near, around, source_date
                        ),
                        "rarest": float(bool(rarest) and rarest <= around),
                        "list_item": 1.0 if block_kind(doc, number) in ("item", "list") else 0.0,
                        "rank": 1.0 / (1 + rank),
                        "source": source_feature(doc.doc_id, named, doc.text[start:end], titled),
                        "unknown": unknown,
                    },
                )
            )
    for ev in found:
        ev.features["typed"] = TYPED_BONUS * label_share(question, (ev.info or NO_FACTS).labels)
    openings = question_openings(question)
    found = [ev for ev in found if not echoes(ev.text, openings)]
    found.sort(key=_cheap_score, reverse=True)
    deep = found[:DEEP]
    _add_deep_features(question, deep, state, embedder, query_vector)
    for ev in deep:
        ev.probability = model.probability(ev.features)
    deep.sort(key=lambda e: (-e.probability, e.doc.doc_id, e.start))
    return deep


class Titled:
    """The titles of named documents a question says, and whether a sentence names one."""

    def __init__(self, question: Question, documents: Iterable[StoredDocument]) -> None:
        self.documents = list(documents)
        self.titles = titles_said(question.text, self.documents, question.named_documents)

    def named_in(self, text: str) -> bool:
        return names_title(text, self.titles, self.documents)


def source_feature(doc_id: str, named: frozenset[str], text: str, titled: Titled) -> float:
    """+1 from a document the question names, -1 from another, 0 when it names none; 0 too
    from another document's sentence that names the named one by the title the question
    says ("the Handbook has 12 parts" in a guide to it): it speaks of that document."""
    if not named:
        return 0.0
    if doc_id in named:
        return 1.0
    return 0.0 if titled.named_in(text) else -1.0


def unknown_entity(question: Question, state: IndexState) -> bool:
    """The question names something (a place, body, person…) the collection never mentions.
    A span written all in lower case is not trusted as a name: the tagger guesses names from
    capitals, so in "max number of…" or "pls list…" an ordinary or clipped word looks like one."""
    vocabulary = state.document_frequency
    return any(
        not any(t in vocabulary for t in terms(text))
        for text, label in question.entities
        if label in NAME_LABELS and terms(text) and not text.islower()
    )


def _cheap_score(ev: Evidence) -> float:
    f = ev.features
    return (
        0.5 * f["coverage"] + 0.3 * f["context"] + 0.2 * f["rank"] + 0.3 * f["source"]
        + f.get("typed", 0.0)
    )  # fmt: skip


def _add_deep_features(
    question: Question,
    deep: list[Evidence],
    state: IndexState,
    embedder: Embeds,
    query_vector: np.ndarray | None,
) -> None:
    if not deep:
        return
    if query_vector is None:
        query_vector = embedder.embed([question.text])[0]
    query = np.asarray(query_vector, dtype=np.float32)
    stored: dict[str, np.ndarray | None] = {}
    missing = []
    for ev in deep:
        if ev.doc.doc_id not in stored:
            stored[ev.doc.doc_id] = _stored_vectors(state, ev.doc)
        if stored[ev.doc.doc_id] is None:
            missing.append(ev.text)
    computed = dict(zip(missing, VECTORS.get(embedder, missing), strict=True)) if missing else {}
    asked = {text for text, _label in question.entities}
    for ev in deep:
        matrix = stored[ev.doc.doc_id]
        vector = matrix[ev.number] if matrix is not None else computed[ev.text]
        ev.features["dense"] = float(np.dot(query, vector))
        info = ev.info or NO_FACTS
        if question.answer_type in NAMED_TYPES:
            names = answer_names(question, info, asked)
            named = frozenset(label for text, label in info.entities if text in names)
            share = label_share(question, named)
            ev.features["type_match"] = names_match(question, info, ev.features, asked) * share
            nameless = float(not names and not names_role(question, ev.text))
            ev.features["slot_missing" if question.wants_name else "name_slot_missing"] = nameless
            ev.features["polarity"] = float(question.negated != info.negated)
            continue
        matched = holds_value(question, ev.text, info, asked)
        # A date answers "when" if the sentence itself is about the event (as a name answers
        # "who", above): a date beside a matching heading may date something else.
        about = ev.features["context"]
        if question.answer_type == "date":
            about = (about + ev.features["coverage"]) / 2
        ev.features["type_match"] = about if matched else 0.0
        ev.features["slot_missing"] = float(not matched)
        ev.features["polarity"] = float(question.negated != info.negated)
