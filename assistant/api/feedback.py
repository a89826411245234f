"""POST /api/feedback: a thumbs up or down, with an optional comment, on one answer (one per
user and answer: giving it again updates it); GET /api/admin/feedback: the export, for
administrators."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.auth.admin_api import ADMIN_ERRORS, AdminDep
from assistant.deps import ConversationsDep, OwnerDep
from assistant.feedback import MAX_COMMENT, FeedbackTargetNotFound, export_feedback, record_feedback
from assistant.feedback_cli import to_csv, to_jsonl
from assistant.schemas import ErrorBody
from assistant.security.text import CleanStr, IdStr

router = APIRouter(tags=["feedback"])


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: IdStr
    rating: Literal["up", "down"]
    comment: CleanStr | None = Field(default=None, max_length=MAX_COMMENT)


class FeedbackResponse(BaseModel):
    id: str


@router.post(
    "/api/feedback",
    status_code=201,
    response_model=FeedbackResponse,
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def post_feedback(
    body: FeedbackRequest, store: ConversationsDep, owner: OwnerDep
) -> FeedbackResponse:
    """Record (or update) the caller's feedback on one of their answers."""
    try:
        feedback_id = await run_in_threadpool(
            record_feedback, store.engine, body.message_id, body.rating, body.comment,
            "web", owner, owner, True,
        )  # fmt: skip
    except FeedbackTargetNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return FeedbackResponse(id=feedback_id)


@router.get(
    "/api/admin/feedback",
    tags=["admin"],
    responses={
        **ADMIN_ERRORS,
        200: {"content": {"text/csv": {}, "application/x-ndjson": {}}, "description": "export"},
    },
)
async def feedback_export(
    actor: AdminDep,
    store: ConversationsDep,
    fmt: Literal["csv", "jsonl"] = Query("csv", alias="format"),
) -> Response:
    """Every feedback record with its question, answer and sources (CSV is formula-safe)."""
    rows = await run_in_threadpool(export_feedback, store.engine)
    if fmt == "csv":
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8")
    return Response(to_jsonl(rows), media_type="application/x-ndjson")
