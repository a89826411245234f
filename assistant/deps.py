"""FastAPI dependencies: settings and the collaborators created once in the lifespan.

All are `async def`: they only read attributes, and a plain `def` dependency would cost every
request a hop to the thread pool and back.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.conversations import ConversationStore
from assistant.pipeline import Collaborators
from assistant.retrieval import Retriever
from assistant.settings import Settings


async def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with (`create_app(settings)`), set on `app.state`.

    Read from the app rather than overriding `get_settings`: any dependency override makes
    FastAPI re-inspect every dependency's signature on every request.
    """
    settings: Settings = request.app.state.settings
    return settings


async def get_collaborators(request: Request) -> Collaborators:
    collab: Collaborators = request.app.state.collab
    return collab


async def get_retriever(collab: Annotated[Collaborators, Depends(get_collaborators)]) -> Retriever:
    return collab.retriever


async def get_conversations(
    collab: Annotated[Collaborators, Depends(get_collaborators)],
) -> ConversationStore:
    return collab.conversations


async def get_owner(request: Request) -> str | None:
    """The signed-in user's id, or None when sign-in is off (set by the auth middleware)."""
    owner: str | None = getattr(request.state, "user_id", None)
    return owner


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
CollabDep = Annotated[Collaborators, Depends(get_collaborators)]
RetrieverDep = Annotated[Retriever, Depends(get_retriever)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
OwnerDep = Annotated[str | None, Depends(get_owner)]
