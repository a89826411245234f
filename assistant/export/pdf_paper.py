"""A board paper as a PDF (fpdf2): questions, answers with [n] markers, then the notes.

Quotes need a Unicode font (curly quotes, dashes, accents): the first of the usual system TTF
fonts found is embedded; without one, PDF core fonts are used and characters outside Latin-1
are replaced, which the paper then says.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from assistant.export.paper import BoardPaper

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
FONT_NAMES = ("DejaVuSans", "LiberationSans-Regular", "NotoSans-Regular", "Arial")
FAMILY = "paper"
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


def _variant(regular: Path, *suffixes: str) -> Path | None:
    stem = regular.stem.removesuffix("-Regular")
    for suffix in suffixes:
        if (regular.parent / f"{stem}-{suffix}.ttf").exists():
            return regular.parent / f"{stem}-{suffix}.ttf"
    return None


def find_font() -> tuple[Path, Path | None, Path | None] | None:
    """(regular, bold, italic) TTF files of the first usable font family, or None."""
    for name in FONT_NAMES:
        for root in FONT_DIRS:
            found = sorted(root.rglob(f"{name}.ttf")) if root.is_dir() else []
            if found:
                regular = found[0]
                return regular, _variant(regular, "Bold"), _variant(regular, "Oblique", "Italic")
    return None


class _Paper(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)
        font = find_font()
        self.unicode = font is not None
        if font is not None:
            regular, bold, italic = font
            self.add_font(FAMILY, "", str(regular))
            self.add_font(FAMILY, "B", str(bold or regular))
            self.add_font(FAMILY, "I", str(italic or regular))
            self.paper_family = FAMILY
        else:
            self.paper_family = "Helvetica"

    def safe(self, value: str) -> str:
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def para(self, value: str, size: float = 11, style: str = "", gap: float = 2) -> None:
        self.set_font(self.paper_family, style, size)
        self.multi_cell(0, size * 0.5, self.safe(value), **NEXT_LINE)  # type: ignore[arg-type]
        self.ln(gap)


def render_pdf(paper: BoardPaper) -> bytes:
    """The paper as PDF bytes."""
    pdf = _Paper()
    pdf.set_title(paper.title)
    pdf.add_page()
    pdf.para(paper.title, size=18, style="B", gap=4)
    if not pdf.unicode:
        pdf.para("(No Unicode font was found: some characters are shown as '?'.)", 9, "I")
    for exchange in paper.exchanges:
        pdf.para(exchange.question or "Answer", size=13, style="B")
        for line in exchange.answer_lines:
            pdf.para(line)
        if exchange.notice:
            pdf.para(exchange.notice, style="I")
        pdf.ln(2)
    if paper.footnotes:
        pdf.para("Sources", size=13, style="B")
        for note in paper.footnotes:
            pdf.para(f"[{note.n}] “{note.quote}” — {note.source()}", size=9)
    return bytes(pdf.output())
