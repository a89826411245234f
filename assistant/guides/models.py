"""Response shapes of the guide endpoints: every sentence carries the span it quotes."""

from __future__ import annotations

from pydantic import BaseModel, Field


class GuideSentence(BaseModel):
    """A quoted sentence (or list item) with the exact span and chunk a viewer can open."""

    doc_id: str
    section: str
    quote: str
    start: int
    end: int
    chunk_id: str | None = None


class GuideList(BaseModel):
    lead_in: GuideSentence | None
    items: list[GuideSentence]
    section: str


class GuideDate(BaseModel):
    """A dated statement: the date as written, a sortable year/month (0 = unknown month)."""

    when: str
    year: int
    month: int
    sentence: GuideSentence


class GuideOrganisation(BaseModel):
    name: str
    mentions: int
    documents: list[str] = Field(default_factory=list)


class DocumentGuideResponse(BaseModel):
    """`GET /api/documents/{id}/guide`."""

    doc_id: str
    title: str
    publisher: str
    date: str
    kind: str
    about: str
    summary: list[GuideSentence]
    key_lists: list[GuideList]
    timeline: list[GuideDate]
    organisations: list[GuideOrganisation]
    suggested_questions: list[str]


class CollectionDocument(BaseModel):
    doc_id: str
    title: str
    publisher: str
    date: str
    kind: str
    about: str
    lead: GuideSentence | None = None
    key_lists: int = 0


class CollectionGuideResponse(BaseModel):
    """`GET /api/collection/guide`: what the collection holds, across its documents."""

    name: str
    description: str
    documents: list[CollectionDocument]
    organisations: list[GuideOrganisation]
    timeline: list[GuideDate]
    example_questions: list[str]
