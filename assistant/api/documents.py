"""GET /api/documents and /api/documents/{doc_id}: what is indexed, and the text for the viewer;
GET /api/collection: what the corpus manifest says about the collection as a whole."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from assistant.deps import RetrieverDep
from assistant.schemas import BlockOut, DocumentDetail, DocumentSummary, ErrorBody, SectionOut
from index.stored_document import StoredDocument

router = APIRouter(prefix="/api/documents", tags=["documents"])
collection_router = APIRouter(prefix="/api/collection", tags=["documents"])


class CollectionOut(BaseModel):
    """The manifest's `collection:` section (empty fields when the manifest has none)."""

    name: str = ""
    subject: str = ""
    description: str = ""
    example_questions: list[str] = Field(default_factory=list)
    glossary: dict[str, str] = Field(default_factory=dict)
    primary_kinds: list[str] = Field(default_factory=list)


@collection_router.get("", response_model=CollectionOut)
def get_collection(retriever: RetrieverDep) -> CollectionOut:
    """Name, subject line, description, example questions, glossary and the kinds that speak
    for the subject (`primary_kinds`) of the collection."""
    info = retriever.state().generation.info.get("collection") or {}
    return CollectionOut.model_validate(info)


def summary(doc: StoredDocument) -> dict[str, object]:
    return {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "publisher": doc.publisher,
        "author": doc.author,
        "date": doc.date,
        "kind": doc.kind,
        "about": doc.about,
        "source_file": doc.source_file.rsplit("/", 1)[-1],
        "chunks": len(doc.chunks),
        "tokens": doc.tokens,
    }


@router.get("", response_model=list[DocumentSummary])
def list_documents(retriever: RetrieverDep) -> list[DocumentSummary]:
    """List the indexed documents, oldest first."""
    docs = retriever.state().generation.documents.values()
    return [DocumentSummary.model_validate(summary(d)) for d in sorted(docs, key=lambda d: d.date)]


@router.get("/{doc_id}", response_model=DocumentDetail, responses={404: {"model": ErrorBody}})
def get_document(doc_id: str, retriever: RetrieverDep) -> DocumentDetail:
    """Return one document's metadata, cleaned text and sections (citations index into it)."""
    doc = retriever.state().generation.documents.get(doc_id)
    if doc is None:
        raise HTTPException(404, f"document {doc_id!r} not found")
    sections = [SectionOut(path=s.path, start=s.start, end=s.end) for s in doc.sections]
    blocks = [BlockOut.model_validate(asdict(b)) for b in doc.blocks]
    return DocumentDetail.model_validate(
        {**summary(doc), "text": doc.text, "sections": sections, "blocks": blocks}
    )
