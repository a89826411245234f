"""POST /api/chat: one turn of a conversation, answered with citations."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.answer_slots import AnswerSlotsDep, run_answer
from assistant.conversations import WEB_CHANNEL
from assistant.deps import CollabDep, OwnerDep
from assistant.pipeline import answer
from assistant.schemas import ChatRequest, ChatResponse, ErrorBody

router = APIRouter(prefix="/api", tags=["chat"])


@router.post(
    "/chat",
    response_model=ChatResponse,
    responses={404: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def chat(
    request: ChatRequest, collab: CollabDep, owner: OwnerDep, slots: AnswerSlotsDep
) -> ChatResponse:
    """Answer a question from the documents, citing the passage behind every sentence."""
    return await run_answer(slots, answer, request, collab, owner=owner, channel=WEB_CHANNEL)
