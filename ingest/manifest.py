"""Document metadata from `manifest.yaml`, the one place titles, publishers and dates live.

A manifest may also describe the collection as a whole (`collection:`: name, subject line,
description, example questions, glossary of acronyms) and set a default cleaning profile
(`clean:` at the top level, or per document).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.cleaning import CleaningError, check_profile

MANIFEST_NAME = "manifest.yaml"
# libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ManifestError(ValueError):
    """The manifest is missing fields or malformed."""


class DocumentMeta(BaseModel):
    """What a reader needs to know about a document to trust a citation."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
    file: str
    title: str
    publisher: str = ""
    author: str | None = None
    date: str = ""
    date_note: str | None = None
    kind: str = "document"
    about: str | None = None
    clean: str | None = None  # cleaning profile; None = the manifest's default

    @field_validator("clean")
    @classmethod
    def _known_profile(cls, value: str | None) -> str | None:
        return check_profile(value) if value else value


class CollectionInfo(BaseModel):
    """What the assistant says about the collection: never hard-coded, always from here."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = ""
    subject: str = ""
    description: str = ""
    example_questions: list[str] = Field(default_factory=list)
    glossary: dict[str, str] = Field(default_factory=dict)
    # Document kinds that speak for the subject itself (the review, the standard): their lines
    # come first when a question is about the subject; evidence submitted to it follows.
    primary_kinds: list[str] = Field(default_factory=list)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    clean: str = ""
    collection: CollectionInfo | None = None
    documents: list[DocumentMeta] = Field(default_factory=list)

    @field_validator("clean")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        return check_profile(value or "")


def read_manifest(directory: Path) -> Manifest:
    """`directory/manifest.yaml`, with each document's cleaning profile resolved."""
    path = directory / MANIFEST_NAME
    if not path.exists():
        return Manifest()
    try:
        raw: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}
        manifest = Manifest.model_validate(raw)
    except (yaml.YAMLError, ValidationError, AttributeError, CleaningError) as exc:
        raise ManifestError(f"{path}: {exc}") from exc
    ids = [e.id for e in manifest.documents]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ManifestError(f"{path}: duplicate document ids {duplicates}")
    documents = [
        e if e.clean is not None else e.model_copy(update={"clean": manifest.clean})
        for e in manifest.documents
    ]
    return manifest.model_copy(update={"documents": documents})


def load_manifest(directory: Path) -> dict[str, DocumentMeta]:
    """Entries of `directory/manifest.yaml` keyed by file name; empty when there is none."""
    return {e.file: e for e in read_manifest(directory).documents}
