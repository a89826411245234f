"""`GET /api/documents/{id}/guide` and `GET /api/collection/guide`."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from assistant.deps import RetrieverDep
from assistant.guides.models import CollectionGuideResponse, DocumentGuideResponse
from assistant.guides.reader import collection_guide, document_guide

router = APIRouter(tags=["guides"])


@router.get("/api/documents/{doc_id}/guide", response_model=DocumentGuideResponse)
async def get_document_guide(doc_id: str, retriever: RetrieverDep) -> DocumentGuideResponse:
    """A document's summary, key lists, timeline and organisations, every line cited."""
    state = await run_in_threadpool(retriever.state)
    guide = await run_in_threadpool(document_guide, state, doc_id)
    if guide is None:
        raise HTTPException(status_code=404, detail=f"no document {doc_id!r}")
    return guide


@router.get("/api/collection/guide", response_model=CollectionGuideResponse)
async def get_collection_guide(retriever: RetrieverDep) -> CollectionGuideResponse:
    """An overview across the collection's documents."""
    state = await run_in_threadpool(retriever.state)
    return await run_in_threadpool(collection_guide, state)
