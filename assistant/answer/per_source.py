"""Questions about several sources: "how do A and B differ on X", "what do the documents say
about X", "who set up Y, according to the different documents". Each source is heard in turn:
its own best sentences, searched for inside it, under its label.

Generic rules over the question's parse and the documents' own metadata (publisher, title,
date, kind); nothing about any collection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from assistant.answer.compose import choose
from assistant.answer.evidence import Evidence
from assistant.answer.lines import Line
from assistant.answer.question import Question
from assistant.retrieval.filters import allowed_documents
from assistant.schemas import Passage, SearchFilters

if TYPE_CHECKING:
    from assistant.retrieval import Retriever
    from assistant.retrieval.state import IndexState
    from index.stored_document import StoredDocument


def source_order(
    question: Question, ranked: Iterable[str], documents: Mapping[str, StoredDocument]
) -> list[str]:
    """Documents to hear, named ones first; one of each named publisher before a second; a
    question about change also hears the others, after the named ones."""
    ranked = list(dict.fromkeys(ranked))
    named = [d for d in ranked if d in question.named_documents]
    named += sorted(d for d in question.named_documents if d not in named and d in documents)
    first: list[str] = []
    seen: set[str] = set()
    for d in named:
        if documents[d].publisher not in seen:
            seen.add(documents[d].publisher)
            first.append(d)
    order = first + [d for d in named if d not in first]
    if question.named_documents and not question.changes:
        return order
    # "how has X changed": X is the topic, not only a title; a document on it under another
    # title ("When to apply" on the Code's rules) is a step of its history too
    return order + [d for d in ranked if d in documents and d not in order]


PER_DOCUMENT = 3  # passages searched for inside each source (dense and by sentence)
CANDIDATE_SENTENCES = 40  # best keyword sentences whose documents "the documents" may hear
MAX_SOURCES = 5
SOURCE_BAR = 0.8  # share of the operating threshold a source's best sentence needs to be heard
LINE_BAR = 0.8  # ... and each of its lines, ranked inside the source
TOPIC_SHARE = 0.5  # of the best strong source's topic coverage, a weak named source needs
TYPED_LINES = 2  # a source may give two values (each line a new one); other answers take one
# line, and the paragraph or list it opens


def candidates(
    question: Question, pool: list[Passage], state: IndexState, allowed: set[str]
) -> list[str]:
    """Documents that may speak to the question: those it names or, for "the documents",
    those of the retrieved passages and of the sentences sharing most of its words."""
    if question.named_documents:
        return sorted(question.named_documents & allowed)
    query = " ".join(question.focus) or question.text
    refs = state.keywords.sentences(query, allowed)[:CANDIDATE_SENTENCES]
    found = [p.doc_id for p in pool] + [doc_id for doc_id, _n in refs]
    return [d for d in dict.fromkeys(found) if d in allowed]


def source_passages(
    question: Question,
    pool: list[Passage],
    retriever: Retriever,
    filters: SearchFilters | None = None,
) -> list[Passage]:
    """Each candidate source searched on its own (dense and sentence by sentence), so that one
    side's best sentence is in the pool even when the other side fills the global ranking."""
    state = retriever.state()
    allowed = allowed_documents(state.generation.documents, filters)
    query = " ".join((*question.focus, *sorted(question.subject_terms))) or question.text
    exclude = {p.chunk_id for p in pool}
    extra: list[Passage] = []
    base = filters or SearchFilters()
    doc_ids = candidates(question, pool, state, allowed)
    searched = retriever.search_each(question.text, PER_DOCUMENT, doc_ids, filters)
    for doc_id in doc_ids:
        only = base.model_copy(update={"doc_id": [doc_id]})
        found = searched[doc_id] + retriever.sentence_passages(query, PER_DOCUMENT, exclude, only)
        for p in found:
            if p.chunk_id not in exclude:
                exclude.add(p.chunk_id)
                extra.append(p)
    return extra


def heard(
    question: Question, evidence: list[Evidence], threshold: float, documents: Mapping[str, Any]
) -> list[tuple[str, bool]]:
    """The sources to hear, in order: named ones first (one per publisher before a second),
    then by their best sentence, each with whether its best sentence is near the bar. A
    named source is heard either way (if its own sentences hold the topic, `source_lines`);
    another only when near the bar."""
    best: dict[str, float] = {}
    for e in evidence:
        best[e.doc.doc_id] = max(best.get(e.doc.doc_id, 0.0), e.probability)
    ranked = sorted(best, key=lambda d: -best[d])
    order = source_order(question, ranked, documents)
    named = question.named_documents
    strong = {d for d in order if best.get(d, 0.0) >= threshold * SOURCE_BAR}
    chosen = [(d, d in strong) for d in order if d in named or d in strong][:MAX_SOURCES]
    if question.changes:  # "how has X changed over time": the sources in date order
        chosen.sort(key=lambda source: documents[source[0]].date)
    return chosen


def source_lines(
    question: Question,
    sources: list[tuple[str, bool]],
    pool: list[Passage],
    score: Callable[[list[Passage]], list[Evidence]],
    threshold: float,
    aside: AbstractSet[tuple[str, int]] = frozenset(),
) -> list[Line]:
    """Each source's own answer in turn: its evidence scored on its own passages, composed
    as a one-line answer (with what that line needs: its list, its context). A source heard
    only because the question names it speaks only if one of its sentences holds as much of
    the topic as `TOPIC_SHARE` of the best strong source's does; a strong one, if any of its
    sentences holds some of the topic at all (a publisher's other document, strong on the
    question's other words, "review", may say nothing of "load testing")."""
    scored = [
        (strong, score([p for p in pool if p.doc_id == doc_id])) for doc_id, strong in sources
    ]
    held = [max((e.features["coverage"] for e in mine), default=0.0) for _s, mine in scored]
    bar = TOPIC_SHARE * max(
        (h for h, (strong, _m) in zip(held, scored, strict=True) if strong), default=0.0
    )
    lines: list[Line] = []
    for topic, (strong, mine) in zip(held, scored, strict=True):
        if topic <= 0 < bar or (not strong and (topic <= 0 or topic < bar)):
            continue  # its sentences hold little (or, though strong, none) of the topic
        lines += choose(
            question, mine, threshold * LINE_BAR, TYPED_LINES if question.wants else 1, aside
        )
    return lines


def sources_best(evidence: list[Evidence]) -> list[Evidence]:
    """The best sentence of each source: a question about several sources is answered when
    any one of them answers it, not only the source that ranks first."""
    seen: set[str] = set()
    out: list[Evidence] = []
    for e in evidence:
        if e.doc.doc_id not in seen:
            seen.add(e.doc.doc_id)
            out.append(e)
    return out
