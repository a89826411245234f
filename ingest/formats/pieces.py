"""What every format reader returns: the document's blocks in reading order, as plain text.

Offsets do not exist yet: `ingest.structure.assemble` lays the pieces out as one text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

PieceKind = Literal["heading", "paragraph", "item", "table", "quote"]
_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u00ad"))


class LoaderError(ValueError):
    """A file could not be read as a document."""


@dataclass(frozen=True)
class Piece:
    """One block as a reader found it: a heading, paragraph, list item, table or quotation.

    Consecutive items form a list; `level` is a heading's level or an item's nesting depth.
    A table's text is its rows, one a line, cells separated by " | ".
    """

    kind: PieceKind
    text: str
    level: int = 0
    marker: str = "-"
    page: int | None = None


def flat(text: str) -> str:
    """One line of text: Unicode NFC, invisible characters dropped, runs of space collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def piece(
    kind: PieceKind, text: str, level: int = 0, marker: str = "-", page: int | None = None
) -> Piece | None:
    """A piece with its text flattened (rows of a table each flattened), or None when empty."""
    if kind == "table":
        body = "\n".join(r for r in (flat(line) for line in text.split("\n")) if r.strip(" |"))
    else:
        body = flat(text)
    return Piece(kind, body, level, marker, page) if body else None


def read_text_file(data: bytes) -> str:
    """UTF-8 (with or without BOM), falling back to Windows-1252 for old files."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unfinished(text: str) -> bool:
    """A paragraph that stops mid-sentence: it ends in a word, a number or a comma."""
    return bool(text) and (text[-1].isalnum() or text[-1] == ",")


def mend_split_paragraphs(pieces: list[Piece]) -> list[Piece]:
    """Rejoin a paragraph that a stray line break split mid-sentence (a hard break followed
    by a blank line in Markdown, an empty paragraph in a word processor): the first part
    stops unfinished and the next paragraph opens in lower case, so both are one sentence."""
    mended: list[Piece] = []
    for current in pieces:
        last = mended[-1] if mended else None
        if (
            last is not None
            and last.kind == current.kind == "paragraph"
            and _unfinished(last.text)
            and current.text[:1].islower()
        ):
            mended[-1] = Piece("paragraph", f"{last.text} {current.text}", page=last.page)
        else:
            mended.append(current)
    return mended
