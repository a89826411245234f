"""Guides of the loaded generation, as cited response models (cached per generation)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from assistant.guides.models import (
    CollectionDocument,
    CollectionGuideResponse,
    DocumentGuideResponse,
    GuideDate,
    GuideList,
    GuideOrganisation,
    GuideSentence,
)
from assistant.retrieval.state import IndexState
from index.guides import DocumentGuide, Span, build_guides, read_guides
from index.stored_document import StoredDocument

COLLECTION_ORGANISATIONS = 15
COLLECTION_TIMELINE = 20
_CACHE: dict[str, dict[str, DocumentGuide]] = {}
_LOCK = threading.Lock()


def guides(state: IndexState) -> dict[str, DocumentGuide]:
    """The generation's stored guides; built once here for a generation that predates them."""
    generation = state.generation
    with _LOCK:
        found = _CACHE.get(generation.name)
        if found is None:
            found = read_guides(generation.path) or build_guides(generation.documents.values())
            _CACHE.clear()  # one generation is served at a time
            _CACHE[generation.name] = found
        return found


def cited(state: IndexState, doc_id: str, span: Span) -> GuideSentence:
    chunk = state.chunk_for(doc_id, span.start, span.end)
    return GuideSentence(
        doc_id=doc_id,
        section=span.section,
        quote=span.text,
        start=span.start,
        end=span.end,
        chunk_id=chunk.chunk_id if chunk else None,
    )


def suggested_questions(doc: StoredDocument, guide: DocumentGuide) -> list[str]:
    """Questions this document's guide shows it can answer, phrased from its own metadata."""
    name = doc.title
    questions = [f"Summarise {name}"]
    if guide.key_lists:
        lead = guide.key_lists[0].lead_in
        questions.append(
            f"What are the key points of {name}?"
            if lead is None
            else f"What does {name} list under “{lead.text.rstrip(':').strip()[:80]}”?"
        )
    if guide.timeline:
        questions.append(f"What dates does {name} mention?")
    if guide.organisations:
        questions.append(f"What does {name} say about {guide.organisations[0].name}?")
    return questions


def document_guide(state: IndexState, doc_id: str) -> DocumentGuideResponse | None:
    doc = state.generation.documents.get(doc_id)
    guide = guides(state).get(doc_id)
    if doc is None or guide is None:
        return None
    return DocumentGuideResponse(
        doc_id=doc.doc_id,
        title=doc.title,
        publisher=doc.publisher,
        date=doc.date,
        kind=doc.kind,
        about=doc.about,
        summary=[cited(state, doc_id, s) for s in guide.summary],
        key_lists=[
            GuideList(
                lead_in=cited(state, doc_id, k.lead_in) if k.lead_in else None,
                items=[cited(state, doc_id, i) for i in k.items],
                section=k.section,
            )
            for k in guide.key_lists
        ],
        timeline=[
            GuideDate(
                when=t.when, year=t.year, month=t.month, sentence=cited(state, doc_id, t.sentence)
            )
            for t in guide.timeline
        ],  # fmt: skip
        organisations=[
            GuideOrganisation(name=o.name, mentions=o.mentions, documents=[doc_id])
            for o in guide.organisations
        ],
        suggested_questions=suggested_questions(doc, guide),
    )


def collection_guide(state: IndexState) -> CollectionGuideResponse:
    info: dict[str, Any] = state.generation.info.get("collection") or {}
    all_guides = guides(state)
    documents = sorted(state.generation.documents.values(), key=lambda d: (d.date, d.doc_id))
    mentions: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    timeline: list[GuideDate] = []
    rows = []
    for doc in documents:
        guide = all_guides.get(doc.doc_id)
        if guide is None:
            continue
        for org in guide.organisations:
            mentions[org.name] += org.mentions
            where.setdefault(org.name, []).append(doc.doc_id)
        timeline += [
            GuideDate(when=t.when, year=t.year, month=t.month,
                      sentence=cited(state, doc.doc_id, t.sentence))
            for t in guide.timeline
        ]  # fmt: skip
        lead = cited(state, doc.doc_id, guide.summary[0]) if guide.summary else None
        rows.append(
            CollectionDocument(
                doc_id=doc.doc_id,
                title=doc.title,
                publisher=doc.publisher,
                date=doc.date,
                kind=doc.kind,
                about=doc.about,
                lead=lead,
                key_lists=len(guide.key_lists),
            )  # fmt: skip
        )
    # Organisations named by several documents first: what the collection is about.
    ranked = sorted(mentions, key=lambda n: (-len(where[n]), -mentions[n], n))
    timeline.sort(key=lambda t: (t.year, t.month, t.sentence.doc_id, t.sentence.start))
    if len(timeline) > COLLECTION_TIMELINE:
        step = len(timeline) / COLLECTION_TIMELINE
        timeline = [timeline[int(i * step)] for i in range(COLLECTION_TIMELINE)]
    return CollectionGuideResponse(
        name=str(info.get("name") or ""),
        description=str(info.get("description") or info.get("subject") or ""),
        documents=rows,
        organisations=[
            GuideOrganisation(name=n, mentions=mentions[n], documents=where[n])
            for n in ranked[:COLLECTION_ORGANISATIONS]
        ],
        timeline=timeline,
        example_questions=[str(q) for q in info.get("example_questions") or []],
    )
