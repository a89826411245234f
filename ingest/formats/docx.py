"""Word documents with python-docx: headings from styles, lists from Word numbering, tables.

A paragraph is a list item when Word numbers it (`w:numPr`, directly or through its style) or
its style is a list style; its number is recovered from the numbering definitions (decimal,
letters, roman) so "3." in Word reads "3." here. Body and tables are read in document order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ingest.formats.pieces import Piece, piece

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
QUOTE_STYLES = ("quote", "intense quote", "block text")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(fmt: str, n: int) -> str:
    if fmt == "decimal":
        return f"{n}."
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return (letter.upper() if fmt == "upperLetter" else letter) + "."
    if fmt in ("lowerRoman", "upperRoman"):
        return (_roman(n).upper() if fmt == "upperRoman" else _roman(n)) + "."
    return "-"


class _Numbering:
    """Word list numbering: (numId, level) → format and start, with running counters."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, int]]] = {}
        for node in root.iter(f"{W}abstractNum"):
            levels: dict[int, tuple[str, int]] = {}
            for lvl in node.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "bullet") if fmt is not None else "bullet",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            levels = abstract.get(ref.get(f"{W}val", "") if ref is not None else "", {})
            for level, spec in levels.items():
                self.formats[(num.get(f"{W}numId", ""), level)] = spec

    def marker(self, num_id: str, level: int) -> str:
        fmt, start = self.formats.get((num_id, level), ("bullet", 1))
        counts = self.counters.setdefault(num_id, [])
        counts[:] = counts[: level + 1] + [0] * (level + 1 - len(counts))
        counts[level] = counts[level] + 1 if counts[level] else start
        return _format(fmt, counts[level])


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """(numId, level) of a numbered paragraph, from the paragraph or its style."""
    for holder in (paragraph._p.pPr, getattr(paragraph.style, "element", None)):
        ppr = holder if holder is None or holder.tag == f"{W}pPr" else holder.find(f"{W}pPr")
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        if num is None:
            continue
        num_id = num.find(f"{W}numId")
        ilvl = num.find(f"{W}ilvl")
        value = num_id.get(f"{W}val", "0") if num_id is not None else "0"
        if value != "0":
            return value, int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
    return None


def read_docx(path: Path) -> list[Piece]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    numbering = _Numbering(document)
    pieces: list[Piece | None] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}tbl":
            table = Table(element, document)
            rows = [" | ".join(cell.text for cell in row.cells) for row in table.rows]
            pieces.append(piece("table", "\n".join(rows)))
            continue
        if element.tag != f"{W}p":
            continue
        paragraph = Paragraph(element, document)
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text
        if heading := HEADING.match(style):
            pieces.append(piece("heading", text, int(heading.group(1))))
        elif style.casefold() == "title":
            pieces.append(piece("heading", text, 1))
        elif (num := _num_pr(paragraph)) is not None:
            pieces.append(piece("item", text, num[1], numbering.marker(*num)))
        elif "list" in style.casefold():
            pieces.append(piece("item", text, 0, "-"))
        elif style.casefold() in QUOTE_STYLES:
            pieces.append(piece("quote", text))
        else:
            pieces.append(piece("paragraph", text))
    return [p for p in pieces if p is not None]
