"""/healthz (the process is alive) and /readyz (an index is loaded, its vector store answers,
and answers can be given). Reasons never show filesystem paths."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from assistant.deps import RetrieverDep
from assistant.errors import without_paths
from index.store import IndexMismatchError, IndexNotReady, IndexUnavailable

router = APIRouter(tags=["health"])


class Ready(BaseModel):
    status: str
    generation: str
    documents: int
    chunks: int


class NotReady(BaseModel):
    status: str
    reason: str


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Report that the process is alive."""
    return {"status": "ok"}


def _probe(retriever: RetrieverDep) -> Ready:
    state = retriever.state()
    try:
        state.collection.count()  # the vector store answers (a Chroma server may be away)
    except Exception as exc:
        raise IndexUnavailable(f"the vector store is unreachable ({type(exc).__name__})") from exc
    generation = state.generation
    return Ready(
        status="ready",
        generation=generation.name,
        documents=len(generation.documents),
        chunks=len(generation.chunks),
    )


@router.get(
    "/readyz",
    response_model=Ready,
    responses={503: {"model": NotReady, "description": "not ready, with the reason"}},
)
async def readyz(retriever: RetrieverDep) -> JSONResponse:
    """Report whether an index is loaded and usable (503 with the reason when it is not)."""
    try:
        ready = await run_in_threadpool(_probe, retriever)
    except (IndexNotReady, IndexMismatchError, IndexUnavailable) as exc:
        reason = without_paths(str(exc))
        return JSONResponse({"status": "not ready", "reason": reason}, status_code=503)
    return JSONResponse(ready.model_dump())
