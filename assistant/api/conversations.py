"""/api/conversations: list, read, rename and delete the caller's conversations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from assistant.conversations import WEB_CHANNEL
from assistant.deps import ConversationsDep, OwnerDep
from assistant.schemas import ConversationOut, ErrorBody
from assistant.security.text import ID_PATTERN, VISIBLE, CleanStr

router = APIRouter(prefix="/api/conversations", tags=["conversations"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}}
ConversationId = Annotated[str, Path(pattern=ID_PATTERN, max_length=64)]


class ConversationSummary(BaseModel):
    conversation_id: str
    title: str
    created_at: str
    updated_at: str


class RenameRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: CleanStr = Field(min_length=1, max_length=200, pattern=VISIBLE)


@router.get("", response_model=list[ConversationSummary])
def list_conversations(store: ConversationsDep, owner: OwnerDep) -> list[ConversationSummary]:
    """List the caller's conversations started here (not the CLI's or Slack's), newest first."""
    conversations = store.list(owner, channel=WEB_CHANNEL)  # not the CLI's, Slack's or eval's
    return [ConversationSummary.model_validate(c) for c in conversations]


@router.get("/{conversation_id}", response_model=ConversationOut, responses=NOT_FOUND)
def get_conversation(
    conversation_id: ConversationId, store: ConversationsDep, owner: OwnerDep
) -> ConversationOut:
    """Return a conversation with every turn and each answer's full response."""
    return ConversationOut.model_validate(store.get(conversation_id, owner))


@router.patch("/{conversation_id}", response_model=ConversationSummary, responses=NOT_FOUND)
def rename_conversation(
    conversation_id: ConversationId, body: RenameRequest, store: ConversationsDep, owner: OwnerDep
) -> ConversationSummary:
    """Rename a conversation."""
    store.rename(conversation_id, owner, body.title)
    return ConversationSummary.model_validate(store.get(conversation_id, owner))


@router.delete("/{conversation_id}", status_code=204, responses=NOT_FOUND)
def delete_conversation(
    conversation_id: ConversationId, store: ConversationsDep, owner: OwnerDep
) -> Response:
    """Delete a conversation and its turns."""
    store.delete(conversation_id, owner)
    return Response(status_code=204)
