"""FastAPI dependencies: settings and the collaborators created once in the lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.conversations import ConversationStore
from assistant.pipeline import Collaborators
from assistant.retrieval import Retriever
from assistant.settings import Settings, get_settings


def get_collaborators(request: Request) -> Collaborators:
    collab: Collaborators = request.app.state.collab
    return collab


def get_retriever(collab: Annotated[Collaborators, Depends(get_collaborators)]) -> Retriever:
    return collab.retriever


def get_conversations(
    collab: Annotated[Collaborators, Depends(get_collaborators)],
) -> ConversationStore:
    return collab.conversations


def get_owner(request: Request) -> str | None:
    """The signed-in user's id, or None when sign-in is off (set by the auth middleware)."""
    owner: str | None = getattr(request.state, "user_id", None)
    return owner


SettingsDep = Annotated[Settings, Depends(get_settings)]
CollabDep = Annotated[Collaborators, Depends(get_collaborators)]
RetrieverDep = Annotated[Retriever, Depends(get_retriever)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
OwnerDep = Annotated[str | None, Depends(get_owner)]
