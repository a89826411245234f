"""Evidence scoring: every quotable sentence of the retrieved passages, with the features the
answerability model reads (see `model.FEATURES`) and the model's probability that it answers.

Cheap lexical features are computed for every sentence; dense similarity and the answer-type
match only for the best `DEEP` of them. The spaCy facts of a sentence (entities, negation, whether
it leans on the one before) were computed at ingest and are read from the stored document.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.answer.model import AnswerModel
from assistant.answer.question import Question
from assistant.relevance import unknown_share
from assistant.schemas import Passage
from index.stored_document import StoredDocument
from nlp.facts import NO_FACTS, VALUE_LABELS, SentenceFacts
from nlp.lexical import STOPWORDS, stem, terms, words

if TYPE_CHECKING:
    from assistant.retrieval.state import IndexState

MIN_WORDS = 4
NAME_LABELS = frozenset({"GPE", "LOC", "PERSON", "ORG", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"})
DEEP = 24  # sentences that get dense similarity and the answer-type match
TYPED_BONUS = 0.3  # pre-ranking bonus for a sentence holding the answer type
VECTOR_CACHE = 20_000
LIGHT = 0.5  # weight of a question's relation terms ("led", "come into force") in coverage


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


@lru_cache(maxsize=65_536)
def text_terms(text: str) -> frozenset[str]:
    """Index terms of a text (sentences, sections and titles repeat across questions)."""
    return frozenset(terms(text))


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


def coverage(
    wanted: frozenset[str] | set[str],
    have: set[str],
    state: IndexState,
    light: frozenset[str] = frozenset(),
) -> float:
    """IDF-weighted share of `wanted` terms present in `have` (0..1); `light` terms weigh
    `LIGHT` of their IDF."""

    def weight(t: str) -> float:
        return state.idf(t) * (LIGHT if t in light else 1.0)

    total = sum(weight(t) for t in wanted)
    if total <= 0:
        return 0.0
    return sum(weight(t) for t in wanted & have) / total


UNMATCHED_SCALE = 10.0  # IDF units: about two rare terms


def unmatched(wanted: Set[str], have: Set[str], state: IndexState) -> float:
    """IDF mass of the question's focus terms (relation words left out) absent from a sentence's
    context, in `UNMATCHED_SCALE` units: unlike a share, it grows with every specific detail the
    question adds ("twice", "formally", "out of 100") that the sentence does not mention."""
    return sum(state.idf(t) for t in wanted - have) / UNMATCHED_SCALE


def unmatched_peak(wanted: Set[str], have: Set[str], state: IndexState) -> float:
    """The IDF of the rarest focus term absent from the context, over the rarest focus term's:
    1 when the question's most specific word is missing, near 0 when only common ones are."""
    peak = max((state.idf(t) for t in wanted), default=0.0)
    missing = max((state.idf(t) for t in wanted - have), default=0.0)
    return missing / peak if peak > 0 else 0.0


def _block_kind(doc: StoredDocument, number: int) -> str:
    sentence = doc.sentences[number]
    block = getattr(sentence, "block", None)
    if block is None or block >= len(doc.blocks):
        return _line_kind(doc, sentence.start)
    return doc.blocks[block].kind


def _line_kind(doc: StoredDocument, start: int) -> str:
    """Without blocks: a line opening with a bullet or number is a list item."""
    line_start = doc.text.rfind("\n", 0, start) + 1
    marker = doc.text[line_start:start].strip()
    return "item" if marker in ("-", "*", "•") or marker.rstrip(".)").isdigit() else "paragraph"


def previous_in_block(doc: StoredDocument, number: int) -> int | None:
    """The sentence before, when it sits in the same block (paragraph) as this one."""
    if number == 0:
        return None
    this, before = doc.sentences[number], doc.sentences[number - 1]
    block = getattr(this, "block", None)
    if block is not None and doc.blocks:
        return number - 1 if getattr(before, "block", None) == block else None
    return None if "\n\n" in doc.text[before.end : this.start] else number - 1


def quotable(doc: StoredDocument, number: int) -> bool:
    """A sentence or list item a reader can take as a statement: not a heading or a question."""
    start, end = doc.sentences[number]
    text = doc.text[start:end].strip()
    return (
        len(text.split()) >= MIN_WORDS
        and not text.endswith("?")
        and _block_kind(doc, number) != "heading"
    )


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
    wanted = question.focus_terms | question.subject_terms
    details = Details(question, state)
    light = question.relation_terms
    by_idf = sorted(
        question.focus_terms - light or question.focus_terms, key=lambda t: (-state.idf(t), t)
    )
    rarest = set(by_idf[:1])
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
            own = set(text_terms(doc.text[start:end]))
            before = previous_in_block(doc, number)
            around = own | section_terms | source_terms
            if before is not None:
                around |= text_terms(doc.sentence_text(before))
            around -= question.subject_terms - own  # the subject's name counts where it is said
            facts = doc.sentence_facts(number)
            near = own | (text_terms(doc.sentence_text(before)) if before is not None else set())
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
                        "coverage": coverage(wanted, own, state, light),
                        "context": coverage(wanted, around, state, light),
                        "unmatched": unmatched(question.focus_terms - light, around, state),
                        "unmatched_peak": unmatched_peak(
                            question.focus_terms - light, around, state
                        ),
                        **details.features(
                            doc.text[start:end], facts or NO_FACTS, near, around, source_date
                        ),
                        "rarest": float(bool(rarest) and rarest <= around),
                        "list_item": 1.0 if _block_kind(doc, number) in ("item", "list") else 0.0,
                        "rank": 1.0 / (1 + rank),
                        "source": (0.0 if not named else 1.0 if doc.doc_id in named else -1.0),
                        "unknown": unknown,
                    },
                )
            )
    wants = question.wants
    for ev in found:
        typed = ev.info is not None and bool(wants & ev.info.labels)
        ev.features["typed"] = TYPED_BONUS if typed else 0.0
    openings = question_openings(question)
    found = [ev for ev in found if not echoes(ev.text, openings)]
    found.sort(key=_cheap_score, reverse=True)
    deep = found[:DEEP]
    _add_deep_features(question, deep, state, embedder, query_vector)
    for ev in deep:
        ev.probability = model.probability(ev.features)
    deep.sort(key=lambda e: (-e.probability, e.doc.doc_id, e.start))
    return deep


class Details:
    """Whether a sentence holds the details the question asks about, besides its topic: the
    values and names it gives (in the sentence, the one before, its section or its source),
    the noun it asks about and, for "how many X", a number counting X (in the sentence)."""

    def __init__(self, question: Question, state: IndexState) -> None:
        # "between 2022 and 2024": the numbers are what must match, not the words around them
        self.values = [frozenset(t for t in g if _numeric(t)) or g for g in question.values]
        self.names = [(g, sum(state.idf(t) for t in g)) for g in question.names]
        self.name_weight = sum(w for _g, w in self.names)
        self.idf = state.idf
        self.head = question.head
        self.counted = question.counted
        self.predicate = question.predicate
        self.past = question.past

    def features(
        self, text: str, info: SentenceFacts, near: set[str], around: set[str], dated: Set[str]
    ) -> dict[str, float]:
        missing_values = sum(not g & (around | dated) for g in self.values)
        missing_names = sum(self.idf(t) for g, _w in self.names for t in g - around)
        unsaid = sum(self.idf(t) for g, _w in self.names for t in g - near)
        return {
            "value_missing": missing_values / len(self.values) if self.values else 0.0,
            "name_missing": missing_names / self.name_weight if self.name_weight > 0 else 0.0,
            "name_unsaid": unsaid / self.name_weight if self.name_weight > 0 else 0.0,
            "head_missing": float(bool(self.head) and not self.head & near),
            "verb_missing": float(bool(self.predicate) and not self.predicate & near),
            "count_unattached": float(bool(self.counted) and not counts(text, info, self.counted)),
            "modal_mismatch": float(self.past and bool(MODALS & near_words(text))),
        }


# English modal auxiliaries (a closed grammatical class): a sentence that says what should,
# will or could happen plans or recommends; it does not report a past event.
MODALS = frozenset({"should", "will", "shall", "must", "ought", "could", "may", "might", "can"})


@lru_cache(maxsize=65_536)
def near_words(text: str) -> frozenset[str]:
    """Lower-case words of a sentence (sentences repeat across questions)."""
    return frozenset(words(text))


def _numeric(word: str) -> bool:
    return any(c.isdigit() for c in word)


COUNT_GAP = 3  # words between a number and the noun it counts ("4 mandatory key indicators")


@lru_cache(maxsize=65_536)
def counts(text: str, info: SentenceFacts, counted: frozenset[str]) -> bool:
    """A number (digits, or a word the recogniser reads as one; not part of a date) stands
    within a few words before a counted noun ("at least 4 weeks", "five key principles")."""
    spelled = {w for value, label in info.values if label == "CARDINAL" for w in words(value)}
    # "from 1 June 2015 all services": a date's numbers count no services
    dated = {
        w
        for value, label in info.values
        if label in ("DATE", "TIME") and not counted & text_terms(value)
        for w in words(value)
    }
    found = words(text)
    numbers = [i for i, w in enumerate(found) if (_numeric(w) or w in spelled) and w not in dated]
    nouns = [i for i, w in enumerate(found) if stem(w) in counted]
    return any(0 < n - i <= COUNT_GAP + 1 for i in numbers for n in nouns)


ECHO_WORDS = 4
QUESTION_WORDS = frozenset({"what", "when", "where", "which", "who", "whom", "whose", "why", "how"})


def _content(text: str) -> list[str]:
    """Words without stopwords, question words kept ("what local authorities gain access")."""
    return [w for w in words(text) if w in QUESTION_WORDS or w not in STOPWORDS]


def question_openings(question: Question) -> list[str]:
    """The question word and the content words after it ("how often boards review"): a
    sentence that contains them talks about the question ("when asked how often boards
    review…, say…"), it does not answer it."""
    found = _content(question.text)
    starts = [i for i, w in enumerate(found) if w in QUESTION_WORDS]
    return [" ".join(found[i : i + ECHO_WORDS]) for i in starts[:1] if len(found) - i >= ECHO_WORDS]


def echoes(sentence: str, openings: list[str]) -> bool:
    """The sentence repeats the question itself."""
    padded = _padded_content(sentence)
    return any(f" {opening} " in padded for opening in openings)


@lru_cache(maxsize=65_536)
def _padded_content(sentence: str) -> str:
    """A sentence's content words between spaces (sentences repeat across questions)."""
    return f" {' '.join(_content(sentence))} "


def unknown_entity(question: Question, state: IndexState) -> bool:
    """The question names something (a place, body, person…) the collection never mentions."""
    vocabulary = state.document_frequency
    return any(
        not any(t in vocabulary for t in terms(text))
        for text, label in question.entities
        if label in NAME_LABELS and terms(text)
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
            ev.features["type_match"] = _names_match(question, info, ev.features, asked)
            nameless = float(not _names(question, info, asked))
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


NAMED_TYPES = frozenset({"person", "organisation"})


def holds_value(question: Question, text: str, info: SentenceFacts, asked: Set[str]) -> bool:
    """The sentence gives a value of the type asked for (a date for "when", a number for "how
    many"), besides those the question names; an untyped question needs none."""
    wants = question.wants
    # "long-term" read as a date is the question's own words, not a value it is given
    given = {
        label
        for value, label in info.values
        if value not in asked and not text_terms(value) <= question.focus_terms
    }
    given |= info.labels - VALUE_LABELS
    matched = not wants or bool(wants & given)
    matched |= question.exact and states_value(
        text, info, question.answer_type, asked, question.counted
    )
    return matched or (when_clause(question) and temporal_clause(text))


# General English temporal subordinators: "before going into private beta", "until it is live".
TEMPORAL = re.compile(
    r"\b(?:before|after|until|till|once|whenever|when|while|during|prior to|as soon as"
    r"|by the time)\s+(?=[a-z])",
    re.I,
)


def when_clause(question: Question) -> bool:
    """A "when" question without a date noun ("when should X be done?") may be answered by a
    condition or a time clause, not only by a date."""
    return (
        question.answer_type == "date"
        and not question.exact
        and not question.series
        and not question.past
    )


def temporal_clause(text: str) -> bool:
    """The sentence states a time by a clause or phrase ("before going into private beta")."""
    return bool(TEMPORAL.search(text))


def _names_match(
    question: Question, info: SentenceFacts, features: dict[str, float], asked: Set[str]
) -> float:
    """A "who" answer is a person or body the question does not name itself, stated in the
    sentence that is about the question's focus: the sentence's own coverage, not its
    context (a name beside a heading that matches says nothing about the focus). A body
    answers "who" as well as a person does ("who assesses services?")."""
    return features["coverage"] if _names(question, info, asked) else 0.0


def _names(question: Question, info: SentenceFacts, asked: Set[str]) -> set[str]:
    """Names of the wanted kinds in the sentence that are not the question's own words, nor
    their initials ("Senior Responsible Officer (SRO)" does not say who the officer is)."""
    said = text_terms(question.text)  # "DfE's manager": DfE is not who the manager is
    initials = question_initials(question.text)
    return {
        text
        for text, label in info.entities
        if label in question.wants
        and text not in asked
        and not (text_terms(text) and text_terms(text) <= said)
        and not abbreviates(text, initials)
    }


@lru_cache(maxsize=4096)
def question_initials(text: str) -> str:
    """First letters of the question's words, lower case ("senior responsible officer": "sro")."""
    return "".join(w[0] for w in words(text) if w)


def abbreviates(name: str, initials: str) -> bool:
    """`name` is an acronym (capitals, 2+ letters, maybe a plural "s") of consecutive words."""
    letters = name.strip().rstrip("s")
    return (
        2 <= len(letters) <= 8
        and letters.isalpha()
        and letters.isupper()
        and (letters.casefold() in initials)
    )


AMOUNT = re.compile(r"[£$€]\s?\d|\d\s?(?:%|per ?cent\b|bn\b|billion\b|million\b|m\b|k\b)", re.I)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def states_value(
    text: str,
    info: SentenceFacts | None,
    answer_type: str,
    asked: Set[str] = frozenset(),
    counted: Set[str] = frozenset(),
) -> bool:
    """The sentence states the kind of value a "how many / how much / which year" question asks
    for, besides those the question gives: by its entities or, where the recogniser mislabels
    it ("£104bn" as a person), by its written form."""
    entities = info.entities if info else ()
    dates = {value for value, label in entities if label in ("DATE", "TIME")}
    # "three days a week" counts the days a "how many days" question asks for.
    durations = {value for value in dates if counted & text_terms(value)}
    dates -= durations
    for value in (*asked, *(dates if answer_type == "number" else ())):
        text = text.replace(value, " ")  # "in 2022" is not a count
    labels = {label for value, label in entities if value not in asked}
    if answer_type == "number":
        return (
            bool(labels & {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
            or bool(durations)
            or any(c.isdigit() for c in text)
        )
    if answer_type == "amount":
        return bool(labels & {"MONEY", "PERCENT", "QUANTITY"} or AMOUNT.search(text))
    if answer_type == "date":
        return bool(labels & {"DATE", "TIME"} or YEAR.search(text))
    return True
