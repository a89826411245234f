"""POST /api/feedback: a thumbs up or down, with an optional comment, on one answer."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from assistant.deps import ConversationsDep, OwnerDep
from assistant.feedback import MAX_COMMENT, FeedbackTargetNotFound, record_feedback
from assistant.schemas import ErrorBody

router = APIRouter(prefix="/api", tags=["feedback"])


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)


class FeedbackResponse(BaseModel):
    id: str


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackResponse,
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def post_feedback(
    body: FeedbackRequest, store: ConversationsDep, owner: OwnerDep
) -> FeedbackResponse:
    """Record feedback on one of the caller's answers."""
    try:
        feedback_id = await run_in_threadpool(
            record_feedback, store.engine, body.message_id, body.rating, body.comment,
            "web", owner, owner, True,
        )  # fmt: skip
    except FeedbackTargetNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return FeedbackResponse(id=feedback_id)
