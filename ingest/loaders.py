"""Read .txt, .md, .html, .pdf and .docx files into pieces (headings, paragraphs, items, ...)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.formats.docx import read_docx
from ingest.formats.html import read_html
from ingest.formats.markdown import read_markdown
from ingest.formats.pdf import read_pdf
from ingest.formats.pieces import LoaderError, Piece, mend_split_paragraphs
from ingest.formats.text import first_line, read_text

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")
__all__ = ["SUPPORTED_SUFFIXES", "LoaderError", "first_heading", "load_pieces"]

_READERS: dict[str, Callable[[Path], list[Piece]]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}


def load_pieces(path: Path) -> list[Piece]:
    """The pieces of `path`, whatever its supported format."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise LoaderError(f"{path.name}: unsupported format (use one of {SUPPORTED_SUFFIXES})")
    try:
        return mend_split_paragraphs(reader(path))
    except LoaderError:
        raise
    except Exception as exc:  # noqa: BLE001 - every parser has its own exception types
        raise LoaderError(f"{path.name}: could not be read ({type(exc).__name__}: {exc})") from exc


def first_heading(pieces: list[Piece]) -> str | None:
    """A title for files the manifest does not list."""
    return first_line(pieces)
