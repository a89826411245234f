"""GET /metrics: Prometheus exposition of every worker's counters and histograms."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from assistant.observability.metrics import observe_worker_memory, render

router = APIRouter(tags=["health"])


@router.get("/metrics", response_class=Response, include_in_schema=False)
def metrics() -> Response:
    """Prometheus text format (merged across workers when several run)."""
    observe_worker_memory()
    body, content_type = render()
    return Response(body, media_type=content_type)
