"""/healthz (the process is alive) and /readyz (an index is loaded and answers can be given)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.deps import RetrieverDep
from index.store import IndexMismatchError, IndexNotReady

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Report that the process is alive."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "index not loaded, with the reason"}})
def readyz(retriever: RetrieverDep) -> JSONResponse:
    """Report whether an index is loaded (503 with the reason when it is not)."""
    try:
        state = retriever.state()
    except (IndexNotReady, IndexMismatchError) as exc:
        return JSONResponse({"status": "not ready", "reason": str(exc)}, status_code=503)
    generation = state.generation
    return JSONResponse(
        {
            "status": "ready",
            "generation": generation.name,
            "documents": len(generation.documents),
            "chunks": len(generation.chunks),
        }
    )
