"""Markdown with markdown-it-py: headings, paragraphs, nested lists, tables and quotations.

YAML front matter is metadata, not text, and is left out; links read as their text; inline
HTML contributes its text. "--" stays as typed (no typographic replacement).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.formats.pieces import Piece, PieceKind, piece, read_text_file

FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def _inline(token: Token) -> str:
    """The reader-visible text of an inline token: link text, image alt text, code as typed."""
    out: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(child.content or "")
        elif child.type == "html_inline":
            continue
    return "".join(out)


def _html_text(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for node in tree.css("script, style"):
        node.decompose()
    root = tree.body or tree.root
    return root.text(separator=" ") if root is not None else _TAGS.sub(" ", html)


class _Walker:
    """Turns markdown-it's flat token stream into pieces, tracking lists and quotations."""

    def __init__(self) -> None:
        self.pieces: list[Piece | None] = []
        self.lists: list[list[int]] = []  # per open list: [is_ordered, next number]
        self.quote = 0
        self.item_text: list[list[str] | None] = []  # open items' text, until their first block
        self.row: list[str] = []
        self.rows: list[str] = []

    def add(self, kind: PieceKind, text: str, level: int = 0, marker: str = "-") -> None:
        self.pieces.append(piece(kind, text, level, marker))

    def close_item_text(self) -> None:
        """An item's own text ends where its nested list starts."""
        if self.item_text and self.item_text[-1] is not None:
            body = " ".join(self.item_text[-1] or [])
            ordered, number = self.lists[-1]
            marker = f"{number - 1}." if ordered else "-"
            self.add("item", body, len(self.lists) - 1, marker)
            self.item_text[-1] = None

    def run(self, tokens: list[Token]) -> list[Piece]:
        heading = 0
        for i, tok in enumerate(tokens):
            kind = tok.type
            if kind == "heading_open":
                heading = int(tok.tag[1])
            elif kind == "heading_close":
                heading = 0
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.close_item_text()
                start = int(tok.attrGet("start") or 1) if kind == "ordered_list_open" else 0
                self.lists.append([int(kind == "ordered_list_open"), start])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.lists[-1][1] += 1
                self.item_text.append([])
            elif kind == "list_item_close":
                self.close_item_text()
                self.item_text.pop()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind in ("tr_open",):
                self.row = []
            elif kind == "tr_close":
                self.rows.append(" | ".join(self.row))
            elif kind == "table_close":
                self.add("table", "\n".join(self.rows))
                self.rows = []
            elif kind == "inline":
                self.inline(tokens, i, heading)
            elif kind in ("fence", "code_block"):
                self.add("paragraph", tok.content)
            elif kind == "html_block":
                self.add("paragraph", _html_text(tok.content))
        return [p for p in self.pieces if p is not None]

    def inline(self, tokens: list[Token], i: int, heading: int) -> None:
        text = _inline(tokens[i])
        parent = tokens[i - 1].type if i else ""
        if parent in ("th_open", "td_open"):
            self.row.append(text)
        elif heading:
            self.add("heading", text, heading)
        elif self.item_text and self.item_text[-1] is not None:
            self.item_text[-1].append(text)
        elif self.item_text:
            self.add("paragraph", text)  # a later paragraph inside an item, after its sub-list
        else:
            self.add("quote" if self.quote else "paragraph", text)


def markdown_pieces(text: str) -> list[Piece]:
    """Pieces of a Markdown text."""
    body = FRONT_MATTER.sub("", text, count=1)
    parser = MarkdownIt("commonmark", {"typographer": False}).enable("table")
    return _Walker().run(parser.parse(body))


def read_markdown(path: Path) -> list[Piece]:
    return markdown_pieces(read_text_file(path.read_bytes()))
