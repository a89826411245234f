"""PDF with pdfplumber: lines regrouped into headings, paragraphs and list items, page by page.

Hard-wrapped lines are rejoined (and words hyphenated at a line end mended), paragraphs and items
continue across page breaks, headings are found by font size and weight relative to the body
text (a heading is only the text in its font: the body line after it, or the plain end of a line
it runs into, starts a paragraph), and running headers, footers and page numbers (lines repeated
near the page edge) are left out of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ingest.formats.pieces import Piece, PieceKind, piece

BULLET = re.compile(r"^(?:[•●▪◦‣∙·*–-]|\(?(?:\d{1,2}|[a-z])[.)])\s+")
PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
EDGE = 0.09  # share of the page height where running headers and footers live
TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")")


@dataclass
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    size: float
    bold: bool
    text: str


def _lines(pdf: Any) -> list[_Line]:
    out: list[_Line] = []
    for number, page in enumerate(pdf.pages, start=1):
        for raw in page.extract_text_lines(return_chars=True, strip=True):
            chars = [c for c in raw["chars"] if c["text"].strip()]
            if not chars or not raw["text"].strip():
                continue
            sizes = Counter(round(c["size"], 1) for c in chars)
            weights = ["bold" in c["fontname"].casefold() for c in chars]
            bold = sum(weights) > len(chars) / 2
            line = _Line(number, raw["top"], raw["bottom"], raw["x0"], sizes.most_common(1)[0][0],
                         bold, raw["text"].strip())  # fmt: skip
            out.extend(_split_run_in(line, weights, chars) if bold else [line])
    return out


def _split_run_in(line: _Line, weights: list[bool], chars: list[dict[str, Any]]) -> list[_Line]:
    """A mostly bold line whose end is not bold, as two lines: a heading runs into its text
    ("Scope This rule covers…" on one line), and only the bold part is the heading."""
    lead = weights.index(False) if False in weights else len(weights)
    if lead == len(weights) or lead == 0:
        return [line]
    seen = 0
    for position, char in enumerate(line.text):
        if char.strip():
            if seen == lead:
                head, tail = line.text[:position].strip(), line.text[position:].strip()
                rest = replace(line, x0=float(chars[lead]["x0"]), bold=False, text=tail)
                return [replace(line, text=head), rest]
            seen += 1
    return [line]


def _furniture(lines: list[_Line], heights: dict[int, float]) -> set[int]:
    """Indexes of page numbers and of header/footer lines repeated on many pages."""
    pages = len(heights)

    def near_edge(line: _Line) -> bool:
        h = heights[line.page]
        return line.top < h * EDGE or line.bottom > h * (1 - EDGE)

    keys = Counter(re.sub(r"\d+", "#", line.text.casefold()) for line in lines if near_edge(line))
    found = set()
    for i, line in enumerate(lines):
        if not near_edge(line):
            continue
        count = keys[re.sub(r"\d+", "#", line.text.casefold())]
        repeated = pages >= 2 and count >= max(2, pages / 2)
        if PAGE_NUMBER.match(line.text) or repeated:
            found.add(i)
    return found


def _join(text: str, line: str) -> str:
    if re.search(r"[A-Za-z]-$", text) and line[:1].islower():
        return text[:-1] + line  # a word hyphenated at the line end
    return f"{text} {line}"


class _Builder:
    """Lines → pieces: one open piece at a time, extended by lines that continue it."""

    def __init__(self, body: float, heading_levels: dict[float, int], line_gap: float) -> None:
        self.body = body
        self.line_gap = line_gap
        self.levels = heading_levels
        self.pieces: list[Piece | None] = []
        self.kind: PieceKind | None = None
        self.text = ""
        self.page = 0
        self.level = 0
        self.marker = "-"
        self.item_x: list[float] = []
        self.text_x = 0.0
        self.last: _Line | None = None

    def close(self) -> None:
        if self.kind is not None:
            self.pieces.append(piece(self.kind, self.text, self.level, self.marker, self.page))
        self.kind = None

    def open(self, kind: PieceKind, line: _Line, text: str, level: int = 0) -> None:
        self.close()
        self.kind, self.text, self.page, self.level = kind, text, line.page, level
        self.marker = "-"

    def heading_level(self, line: _Line) -> int | None:
        if len(line.text) > 120 or line.text.endswith((".", ",", ";")):
            return None
        if line.size in self.levels:
            return self.levels[line.size]
        if line.bold and abs(line.size - self.body) < 0.5:
            return max(self.levels.values(), default=0) + 1
        return None

    def continues(self, line: _Line) -> bool:
        last = self.last
        if last is None or self.kind not in ("paragraph", "item", "heading"):
            return False
        if line.page != last.page:  # the first line of a page: continue an unfinished sentence
            return not self.text.endswith(TERMINAL) and line.text[:1].islower()
        if self.kind == "heading" and line.bold != last.bold:
            return False  # a heading is only the text in its font: the body starts a paragraph
        gap = line.top - last.bottom
        limit = max(0.5 * line.size, 1.4 * self.line_gap)
        return gap < limit and abs(line.size - last.size) < 0.5

    def add(self, line: _Line) -> None:
        level = self.heading_level(line)
        bullet = BULLET.match(line.text)
        if level is not None and not (bullet and not line.bold):
            if self.kind == "heading" and self.continues(line) and self.level == level:
                self.text = _join(self.text, line.text)
            else:
                self.item_x = []
                self.open("heading", line, line.text, level)
        elif bullet:
            while self.item_x and line.x0 < self.item_x[-1] - 2:
                self.item_x.pop()
            if not self.item_x or line.x0 > self.item_x[-1] + 2:
                self.item_x.append(line.x0)
            mark = bullet.group().strip()
            self.open("item", line, line.text[bullet.end() :], len(self.item_x) - 1)
            self.marker = mark if mark[0].isalnum() or mark[0] == "(" else "-"
            self.text_x = line.x0 + 5
        elif self.continues(line) and not (self.kind == "item" and line.x0 < self.text_x):
            self.text = _join(self.text, line.text)
        else:
            if not (self.item_x and line.x0 > self.item_x[0] + 2):
                self.item_x = []
            self.open("paragraph", line, line.text)
        self.last = line


def _line_gap(lines: list[_Line], body: float) -> float:
    """The space between the wrapped lines of one body paragraph.

    Measured where a body line continues a sentence (the next line starts in lower case): the
    most common gap of all would be the paragraph gap in a text of many short paragraphs and
    items, and then every paragraph would run into the next (and a heading into its text).
    """
    pairs = [
        (a, b)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and a.size == b.size == body and b.top > a.bottom
    ]
    wrapped = [(a, b) for a, b in pairs if b.text[:1].islower()]
    gaps = Counter(round(b.top - a.bottom, 1) for a, b in wrapped or pairs)
    return gaps.most_common(1)[0][0] if gaps else 0.0


def read_pdf(path: Path) -> list[Piece]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        heights = {n: float(p.height) for n, p in enumerate(pdf.pages, start=1)}
        lines = _lines(pdf)
    furniture = _furniture(lines, heights)
    lines = [line for i, line in enumerate(lines) if i not in furniture]
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0] if weights else 0.0
    larger = sorted({line.size for line in lines if line.size > body * 1.08}, reverse=True)
    builder = _Builder(body, {size: i + 1 for i, size in enumerate(larger)}, _line_gap(lines, body))
    for line in lines:
        builder.add(line)
    builder.close()
    return [p for p in builder.pieces if p is not None]
