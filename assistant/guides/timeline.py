"""Timeline answers from the source guides: the dated statements of the documents an answer's
evidence comes from, on the question's topic, in date order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer.evidence import Evidence, coverage, text_terms
from assistant.answer.question import DATE_NOUNS, SERIES_NOUNS
from assistant.answer.question_forms import CHANGE_VERBS, SPAN_NOUNS
from assistant.guides.reader import guides
from assistant.guides.sequence import framed_subject, names_framed
from nlp.lexical import terms
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from assistant.answer.question import Question
    from assistant.retrieval.state import IndexState

# words that ask for the steps rather than name their topic ("timeline", "changed over time")
SERIES_TERMS = frozenset(
    t for n in (*SERIES_NOUNS, *DATE_NOUNS, *CHANGE_VERBS, *SPAN_NOUNS) for t in terms(n)
)
TIMELINE_LINES = 10
STATEMENT_WORDS = 3  # words a dated statement needs besides its date to say something
ON_TOPIC = 0.15  # IDF-weighted share of the question's topic words a dated statement holds
# Prepositions that bound the steps in time ("from its launch to its close",
# "between 2022 and 2024") rather than say whose steps they are
RANGE_PREPS = frozenset({"from", "to", "since", "until", "till", "between", "through", "before"})
SUBJECT_POS = frozenset({"NOUN", "PROPN"})


def timeline_evidence(
    question: Question, state: IndexState, documents: list[str], like: Evidence
) -> list[Evidence]:
    """The dated statements of the guides' timelines (of the given documents, in date order)
    that are about the question: "what is the timeline for X" wants every dated step of X,
    which the best-scored sentences alone rarely give."""
    # the topic without the words asking for steps, and without years: a year frames the steps
    topic = frozenset(t for t in question.focus_terms if t not in SERIES_TERMS and not t.isdigit())
    subject = steps_of(question) or topic  # a step is about what the steps belong to
    framed = framed_subject(question)  # "the stages from the launch of X to its report"
    all_guides = guides(state)
    if framed is not None:  # the steps of one thing, wherever they are dated
        documents = [*documents, *(d for d in state.generation.documents if d not in documents)]
    dated = []
    for doc_id in documents:
        doc = state.generation.documents.get(doc_id)
        guide = all_guides.get(doc_id)
        if doc is None or guide is None or not topic:
            continue
        numbers = {(x.start, x.end): n for n, x in enumerate(doc.sentences)}
        for entry in guide.timeline:
            span = entry.sentence
            number = numbers.get((span.start, span.end))
            around = text_terms(f"{span.text} {span.section}")
            share = coverage(topic, set(around), state) if number is not None else 0.0
            if framed is not None:  # a step of X names X; the bounds are no topic
                context = f"{span.section} {doc.title}"
                if number is None or not names_framed(span.text, context, framed):
                    continue
            elif number is None or share < ON_TOPIC or not subject & set(text_terms(span.text)):
                continue  # off the topic, on it only by its section ("last reviewed on …") or
                # only by the question's other words ("implement" of "the timeline for
                # implementing the plan", in "parking charges must be implemented")
            if sum(w.isalpha() for w in span.text.split()) < STATEMENT_WORDS:
                continue  # a bare date (a byline, "4 April 2023") states no step
            chunk = state.chunk_for(doc_id, span.start, span.end)
            if chunk is None:
                continue
            found = Evidence(
                doc, state.passage(chunk), number, span.start, span.end, like.rank, {},
                doc.sentence_facts(number), like.probability,
            )  # fmt: skip
            dated.append((share, (entry.year, entry.month), found))
    unique: dict[tuple[str, int], tuple[float, tuple[int, int], Evidence]] = {}
    for share, when, found in sorted(dated, key=lambda row: row[1]):
        unique.setdefault((found.doc.doc_id, found.number), (share, when, found))
    # the most on-topic steps, shown in date order
    kept = sorted(unique.values(), key=lambda row: -row[0])[:TIMELINE_LINES]
    return [found for _share, _when, found in sorted(kept, key=lambda row: row[1])]


def steps_of(question: Question) -> frozenset[str]:
    """Terms of the nouns a timeline belongs to: "the timeline for implementing [the board's
    plan]", "the key dates of [the inquiry]", so that a dated statement holding only
    the question's verb ("implemented") or a bound of the range ("announcement") is no step.
    Empty when the question has no such phrase."""
    doc = parse(question.text)
    for token in doc:
        if token.pos_ != "NOUN" or token.lemma_.casefold() not in (*SERIES_NOUNS, *DATE_NOUNS):
            continue
        phrases = [c for c in token.children if c.dep_ == "prep" and c.lower_ not in RANGE_PREPS]
        bounds = {
            inner.i
            for phrase in phrases
            for bound in phrase.subtree
            if bound.dep_ == "prep" and bound.lower_ in RANGE_PREPS
            for inner in bound.subtree
        }
        found = frozenset(
            s
            for phrase in phrases
            for t in phrase.subtree
            if (t.pos_ in SUBJECT_POS or t.dep_ == "compound") and t.i not in bounds
            for s in terms(t.lemma_.casefold())
        )
        if found:
            return found
    return frozenset()
