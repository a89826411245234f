"""Which files make up the corpus and what each is called: paths + manifests → `Source`s."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ingest.formats.pieces import Piece
from ingest.loaders import SUPPORTED_SUFFIXES, LoaderError, first_heading, load_pieces
from ingest.manifest import DocumentMeta, Manifest, read_manifest


@dataclass(frozen=True)
class Source:
    """A document file with its metadata; its pieces are read on first use.

    Reading lazily lets an unchanged re-ingest compare file digests without parsing anything.
    """

    path: Path
    meta: DocumentMeta

    @cached_property
    def pieces(self) -> list[Piece]:
        return load_pieces(self.path)

    @cached_property
    def file_digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def slug(name: str) -> str:
    """A document id for a file the manifest does not list."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:120] or "document"


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
        )
    if path.is_file():
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise LoaderError(f"{path}: unsupported format (use one of {SUPPORTED_SUFFIXES})")
        return [path]
    raise LoaderError(f"{path}: no such file or folder")


def collect_sources(paths: list[Path], kept: list[Path]) -> tuple[list[Source], list[str]]:
    """Sources from `paths` plus still-existing previously indexed files (`kept`).

    A previously indexed file that no longer exists is left out, so its document is removed.
    """
    files: dict[Path, None] = {}
    for path in paths:
        for file in _files(path.resolve()):
            files[file] = None
    for file in kept:
        if file.exists():
            files.setdefault(file.resolve(), None)
    sources: list[Source] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    manifests: dict[Path, Manifest] = {}
    for file in files:
        if file.parent not in manifests:  # one parse per folder, not per file
            manifests[file.parent] = read_manifest(file.parent)
        manifest = manifests[file.parent]
        meta = next((d for d in manifest.documents if d.file == file.name), None)
        if meta is None:
            title = first_heading(load_pieces(file)) or file.stem
            meta = DocumentMeta(
                id=slug(file.stem), file=file.name, title=title, kind="document",
                clean=manifest.clean,
            )  # fmt: skip
            warnings.append(
                f"{file.name}: not in manifest.yaml; titled {title!r} from its first heading"
            )
        if meta.id in seen:
            raise LoaderError(f"document id {meta.id!r} is used by {seen[meta.id]} and {file}")
        seen[meta.id] = file
        sources.append(Source(path=file, meta=meta))
    return sources, warnings
