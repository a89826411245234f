"""POST /api/search: retrieval only, for people and tools that want the passages."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.deps import RetrieverDep
from assistant.schemas import ErrorBody, SearchRequest, SearchResponse

router = APIRouter(prefix="/api", tags=["search"])


@router.post("/search", response_model=SearchResponse, responses={422: {"model": ErrorBody}})
async def search(request: SearchRequest, retriever: RetrieverDep) -> SearchResponse:
    """Return the passages that best match a query, with metadata, section, span and score."""
    passages = await run_in_threadpool(retriever.search, request.query, request.k, request.filters)
    return SearchResponse(query=request.query, passages=passages)
