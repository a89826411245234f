"""Typed request and response models shared by the API, the CLI, Slack and the evaluation suite."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.security.text import VISIBLE, CleanStr, IdStr

MAX_MESSAGE_CHARS = 4000

Mode = Literal["extractive", "llm"]
RefusalReason = Literal["not_covered", "off_topic", "no_index", "injection"]


class ChatRequest(BaseModel):
    """One user turn; `conversation_id` ties it to earlier turns."""

    model_config = ConfigDict(extra="forbid")

    message: CleanStr = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, pattern=VISIBLE)
    conversation_id: IdStr | None = None

    @field_validator("message")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("message must not be blank")
        return value


class Citation(BaseModel):
    """Where the sentence marked `[n]` comes from: document, section and exact quote with span."""

    n: int
    doc_id: str
    title: str
    publisher: str
    date: str
    section: str
    quote: str
    chunk_id: str
    start: int
    end: int
    page: int | None = None  # PDF page (1-based) of the quote


class Passage(BaseModel):
    """A retrieved chunk with its document metadata, section path, span and fused score."""

    chunk_id: str
    doc_id: str
    title: str
    publisher: str
    date: str
    kind: str
    section: str
    text: str
    start: int
    end: int
    score: float
    dense_score: float | None = None
    bm25_score: float | None = None
    page: int | None = None  # PDF page (1-based) where the passage starts


class PromptInfo(BaseModel):
    """Which prompt files (and which versions) produced an LLM answer."""

    name: str
    version: str
    sha256: str


class ChatResponse(BaseModel):
    """The answer contract; the first seven fields are frozen, the rest are additive."""

    conversation_id: str
    message_id: str
    answer: str
    citations: list[Citation]
    refused: bool
    mode: Mode
    refusal_reason: RefusalReason | None = None
    search_query: str | None = None
    warnings: list[str] = Field(default_factory=list)
    notice: str | None = None
    nearest: list[Passage] = Field(default_factory=list)
    prompt: list[PromptInfo] = Field(default_factory=list)
    latency_ms: float | None = None
    # Extractive answers: answer type, evidence scores, threshold and decision, for audit.
    evidence: dict[str, Any] | None = None


class SearchFilters(BaseModel):
    """Optional restrictions on retrieval."""

    model_config = ConfigDict(extra="forbid")

    doc_id: list[CleanStr] | None = None
    publisher: list[CleanStr] | None = None
    kind: list[CleanStr] | None = None
    date_from: date | None = None
    date_to: date | None = None


class SearchRequest(BaseModel):
    """A retrieval-only query."""

    model_config = ConfigDict(extra="forbid")

    query: CleanStr = Field(min_length=1, max_length=MAX_MESSAGE_CHARS, pattern=VISIBLE)
    k: int = Field(default=6, ge=1, le=50)
    filters: SearchFilters | None = None


class SearchResponse(BaseModel):
    """Passages best first."""

    query: str
    passages: list[Passage]


class DocumentSummary(BaseModel):
    """A document in the index, without its text."""

    doc_id: str
    title: str
    publisher: str
    author: str
    date: str
    kind: str
    about: str
    source_file: str
    chunks: int
    tokens: int


class SectionOut(BaseModel):
    """A section of a document: its path and character span in the cleaned text."""

    path: str
    start: int
    end: int


class BlockOut(BaseModel):
    """A structural block of a document (heading, paragraph, list, item, table, quote), so the
    source viewer can show a cited span as the list, table or paragraph it sits in."""

    kind: str
    start: int
    end: int
    section: str
    level: int = 0
    page: int | None = None
    parent: int | None = None  # an item's list, a nested list's item (index in `blocks`)
    lead_in: tuple[int, int] | None = None  # a list's lead-in sentence


class DocumentDetail(DocumentSummary):
    """A document with its cleaned text, sections and blocks, for the source viewer."""

    text: str
    sections: list[SectionOut]
    blocks: list[BlockOut] = Field(default_factory=list)


class MessageOut(BaseModel):
    """One stored turn of a conversation."""

    message_id: str
    role: Literal["user", "assistant"]
    content: str
    created_at: str
    response: dict[str, Any] | None = None


class ConversationOut(BaseModel):
    """A conversation with its turns."""

    conversation_id: str
    title: str
    created_at: str
    updated_at: str
    messages: list[MessageOut]


class ErrorBody(BaseModel):
    """Every 4xx/5xx body: a machine code and a sentence for people."""

    error: str
    detail: str | list[dict[str, Any]]


class AnswerEvent(BaseModel):
    """Streamed to `on_event`: tokens while an LLM writes, then the final response."""

    type: Literal["token", "final", "status"]
    text: str = ""
    response: ChatResponse | None = None
