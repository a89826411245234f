"""Document metadata from `manifest.yaml`, the one place titles, publishers and dates live."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

MANIFEST_NAME = "manifest.yaml"


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


def load_manifest(directory: Path) -> dict[str, DocumentMeta]:
    """Entries of `directory/manifest.yaml` keyed by file name; empty when there is none."""
    path = directory / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = [DocumentMeta.model_validate(e) for e in raw.get("documents", [])]
    except (yaml.YAMLError, ValidationError, AttributeError) as exc:
        raise ManifestError(f"{path}: {exc}") from exc
    ids = [e.id for e in entries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ManifestError(f"{path}: duplicate document ids {duplicates}")
    return {e.file: e for e in entries}
