"""GET /api/conversations/{id}/export?format=docx|pdf[&message_id=...]: a board paper.

For the web front end: the whole conversation, or one answer with `message_id`, as a download
(Content-Disposition: attachment). Same owner rule as the other conversation routes: someone
else's (or an unknown) conversation is a 404; a message_id that is not one of its answers too.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from assistant.deps import CollabDep, ConversationsDep, OwnerDep
from assistant.export.docx_paper import render_docx
from assistant.export.paper import BoardPaper, MessageNotFound, board_paper
from assistant.export.pdf_paper import render_pdf
from assistant.pipeline import Collaborators
from assistant.schemas import ErrorBody
from index.store import IndexMismatchError, IndexNotReady

router = APIRouter(prefix="/api/conversations", tags=["conversations"])
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
RENDER = {"docx": render_docx, "pdf": render_pdf}


def page_lookup(collab: Collaborators) -> Any:
    """Finds a citation's PDF page in the index when the stored citation has none."""
    try:
        documents = collab.retriever.state().generation.documents
    except (IndexNotReady, IndexMismatchError):
        documents = {}

    def page_of(citation: dict[str, Any]) -> int | None:
        doc = documents.get(citation.get("doc_id", ""))
        if doc is None:
            return None
        block = doc.block_at(int(citation.get("start", 0)))
        if block is not None and block.page:
            return block.page
        chunk = next((c for c in doc.chunks if c.chunk_id == citation.get("chunk_id")), None)
        return chunk.page if chunk else None

    return page_of


def filename(paper: BoardPaper, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", paper.title).strip("-").lower()[:60] or "answer"
    return f"{stem}.{extension}"


@router.get(
    "/{conversation_id}/export",
    response_class=Response,
    responses={
        200: {"content": {MEDIA["docx"]: {}, MEDIA["pdf"]: {}}},
        404: {"model": ErrorBody},
        422: {"model": ErrorBody},
    },
)
async def export_conversation(
    conversation_id: str,
    store: ConversationsDep,
    owner: OwnerDep,
    collab: CollabDep,
    format: Literal["docx", "pdf"] = "docx",
    message_id: str | None = Query(default=None, max_length=64),
) -> Response:
    """The conversation (or one answer) as a board paper with every cited passage quoted."""
    conversation = store.get(conversation_id, owner)
    try:
        paper = board_paper(conversation, page_lookup(collab), message_id)
    except MessageNotFound as exc:
        return Response(
            ErrorBody(error="not_found", detail=str(exc)).model_dump_json(),
            status_code=404,
            media_type="application/json",
        )
    body = await run_in_threadpool(RENDER[format], paper)
    disposition = f'attachment; filename="{filename(paper, format)}"'
    return Response(body, media_type=MEDIA[format], headers={"Content-Disposition": disposition})
