"""Plain text: blank-line paragraphs, hard-wrapped lines rejoined, bullets and numbering as lists.

Headings are recognised by shape (a short line standing alone, without closing punctuation,
or a Markdown "#" line), the same way a reader skims a plain-text file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.formats.pieces import Piece, flat, piece, read_text_file
from ingest.sections import heading_of, question_heading

BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[•●▪◦‣∙·*]|[-–—](?=\s))[ \t]+(?=\S)")
NUMBER = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])[ \t]+(?=\S)")
PAGE_GAP = re.compile(r"\n[ \t]*\n(?:[ \t]*\n){2,}")
BLANK = re.compile(r"\n[ \t]*\n")
TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")", "’")


def _rejoin_page_breaks(text: str) -> str:
    """A sentence cut by a page break ("will be\\n\\n\\n\\nfurther developed") is rejoined."""

    def join(match: re.Match[str]) -> str:
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip()
        if before and after and not before.endswith(TERMINAL) and after[:1].islower():
            return " "
        return "\n\n"

    return PAGE_GAP.sub(join, text)


def _item_start(line: str, alone: bool) -> tuple[int, str, str] | None:
    """(indent, marker, text) when a line opens a list item.

    A numbered line standing alone as a paragraph is an item only when it reads as a sentence;
    otherwise it is a numbered heading ("1. Governance").
    """
    match = BULLET.match(line)
    if match:
        return len(match.group("indent").expandtabs(4)), "-", line[match.end() :]
    match = NUMBER.match(line)
    if match and not (alone and heading_of(line.strip()) is not None):
        return len(match.group("indent").expandtabs(4)), match.group("mark"), line[match.end() :]
    return None


class _Lists:
    """Nesting depth of items from their indentation, relative to the list they belong to."""

    def __init__(self) -> None:
        self.indents: list[int] = []

    def depth(self, indent: int) -> int:
        while self.indents and indent < self.indents[-1]:
            self.indents.pop()
        if not self.indents or indent > self.indents[-1]:
            self.indents.append(indent)
        return len(self.indents) - 1

    def reset(self) -> None:
        self.indents = []


def _paragraph_pieces(lines: list[str], alone: bool, lists: _Lists) -> list[Piece | None]:
    """Prose lines joined into one paragraph; each bullet or number opens an item."""
    out: list[Piece | None] = []
    prose: list[str] = []
    item: list[str] = []
    mark, depth = "-", 0
    for line in [*lines, ""]:
        opened = _item_start(line, alone) if line else None
        if opened is not None or not line:
            if prose:
                lists.reset()
                out.append(piece("paragraph", " ".join(prose)))
                prose = []
            if item:
                out.append(piece("item", " ".join(item), depth, mark))
                item = []
        if opened is not None:
            indent, mark, body = opened
            depth = lists.depth(indent)
            item.append(body)
        elif item:
            item.append(line)
        elif line:
            prose.append(line)
    return out


def text_pieces(text: str) -> list[Piece]:
    """Pieces of a plain text."""
    text = _rejoin_page_breaks(text)
    pieces: list[Piece | None] = []
    lists = _Lists()
    for paragraph in BLANK.split(text):
        lines = [line for line in paragraph.split("\n") if line.strip()]
        if not lines:
            continue
        alone = len(lines) == 1
        if alone and _item_start(lines[0], alone) is None and heading_of(lines[0]) is not None:
            level, _ = heading_of(lines[0]) or (1, "")
            lists.reset()
            head, rest = question_heading(lines[0].strip())
            pieces.append(piece("heading", head.lstrip("#"), level))
            pieces.append(piece("paragraph", rest))
            continue
        pieces.extend(_paragraph_pieces(lines, alone, lists))
    found = [p for p in pieces if p is not None]
    # A short line ending with ":" right before a list is the list's lead-in, not a heading.
    return [
        Piece("paragraph", p.text, 0, p.marker, p.page)
        if p.kind == "heading" and p.text.endswith(":") and i + 1 < len(found)
        and found[i + 1].kind == "item" else p
        for i, p in enumerate(found)
    ]  # fmt: skip


def read_text(path: Path) -> list[Piece]:
    return text_pieces(read_text_file(path.read_bytes()))


def first_line(pieces: list[Piece]) -> str | None:
    """The first heading, else the first piece's text: a title for unlisted files."""
    for p in pieces:
        if p.kind == "heading":
            return p.text
    return flat(pieces[0].text)[:200] if pieces else None
