"""A board paper as a PDF (fpdf2): questions, answers with [n] markers, each note at the foot
of the page where its marker is printed.

fpdf2 has no footnotes, so the body is laid out line by line: before a line is printed, it and
the notes it introduces (plus the notes already waiting for this page) must fit above the bottom
margin, otherwise the page's notes are printed at its foot and the line starts a new page. A
note that no line marks goes to the page where its answer ends.

Quotes need a Unicode font (curly quotes, dashes, accents): the first of the usual system TTF
fonts found is embedded; without one, PDF core fonts are used and characters outside Latin-1
are replaced, which the paper then says.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from assistant.export.paper import MARKER, BoardPaper, Footnote

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
FONT_NAMES = ("DejaVuSans", "LiberationSans-Regular", "NotoSans-Regular", "Arial")
FAMILY = "paper"
NEXT_LINE = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
BODY_SIZE, NOTE_SIZE = 11.0, 8.5
RULE_GAP = 3.0  # space above the short rule that separates the notes from the body
SLACK = 4.0  # paragraph gaps printed after a line's check still leave the notes room


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


def note_text(note: Footnote) -> str:
    """How a note reads at the foot of the page: marker, the exact quote, then its source."""
    return f"[{note.n}] “{note.quote}” — {note.source()}"


class _Paper(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(False, margin=20)  # breaks are placed by `line` (notes fit)
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
        self.waiting: list[Footnote] = []  # notes marked on this page, printed at its foot
        self.placed: set[int] = set()

    def safe(self, value: str) -> str:
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    @property
    def bottom(self) -> float:
        return self.h - self.b_margin

    def wrapped(self, value: str, size: float, style: str = "") -> list[str]:
        self.set_font(self.paper_family, style, size)
        lines = self.multi_cell(
            0, size * 0.5, self.safe(value), dry_run=True, output=MethodReturnValue.LINES
        )
        if not isinstance(lines, list):  # LINES asks for the list alone
            raise TypeError(f"fpdf2 returned {type(lines).__name__} for the wrapped lines")
        return [str(line) for line in lines]

    def notes_height(self, notes: list[Footnote]) -> float:
        if not notes:
            return 0.0
        lines = sum(len(self.wrapped(note_text(n), NOTE_SIZE)) for n in notes)
        return RULE_GAP + 1 + lines * NOTE_SIZE * 0.5 + len(notes)

    def body_line(self, value: str, size: float, style: str, notes: list[Footnote]) -> None:
        """One wrapped line and the notes it marks first, on this page if both fit."""
        height = size * 0.5
        fresh = [n for n in notes if n.n not in self.placed]
        needed = height + SLACK + self.notes_height(self.waiting + fresh)
        if self.get_y() + needed > self.bottom and self.get_y() > self.t_margin + 0.1:
            self.new_page()
        self.set_font(self.paper_family, style, size)
        self.cell(0, height, value, **NEXT_LINE)  # type: ignore[arg-type]
        self.waiting.extend(fresh)
        self.placed.update(n.n for n in fresh)

    def para(
        self,
        value: str,
        size: float = BODY_SIZE,
        style: str = "",
        gap: float = 2,
        notes: dict[int, Footnote] | None = None,
    ) -> None:
        for text in self.wrapped(value, size, style):
            marked = [notes[int(m)] for m in MARKER.findall(text) if notes and int(m) in notes]
            self.body_line(text, size, style, marked)
        self.ln(gap)

    def add_notes(self, notes: list[Footnote]) -> None:
        """Notes no line marked: at the foot of this page if they fit, else of the next."""
        fresh = [n for n in notes if n.n not in self.placed]
        if not fresh:
            return
        if self.get_y() + SLACK + self.notes_height(self.waiting + fresh) > self.bottom:
            self.new_page()
        self.waiting.extend(fresh)
        self.placed.update(n.n for n in fresh)

    def print_notes(self) -> None:
        """The waiting notes at the foot of the page, under a short rule."""
        if not self.waiting:
            return
        height = self.notes_height(self.waiting)
        top = max(self.bottom - height, self.get_y())
        self.set_draw_color(120, 120, 120)
        self.line(self.l_margin, top + RULE_GAP, self.l_margin + 50, top + RULE_GAP)
        self.set_y(top + RULE_GAP + 1)
        # Only notes taller than the room left on a page flow onto the next one.
        self.set_auto_page_break(top + height > self.bottom + 0.1, margin=self.b_margin)
        for note in self.waiting:
            self.set_font(self.paper_family, "", NOTE_SIZE)
            text = self.safe(note_text(note))
            self.multi_cell(0, NOTE_SIZE * 0.5, text, **NEXT_LINE)  # type: ignore[arg-type]
            self.ln(1)
        self.set_auto_page_break(False, margin=self.b_margin)
        self.waiting = []

    def new_page(self) -> None:
        self.print_notes()
        self.add_page()


def render_pdf(paper: BoardPaper) -> bytes:
    """The paper as PDF bytes."""
    pdf = _Paper()
    pdf.set_title(paper.title)
    pdf.add_page()
    pdf.para(paper.title, size=18, style="B", gap=4)
    if not pdf.unicode:
        pdf.para("(No Unicode font was found: some characters are shown as '?'.)", 9, "I")
    for exchange in paper.exchanges:
        notes = {note.n: note for note in exchange.footnotes}
        pdf.para(exchange.question or "Answer", size=13, style="B")
        for text in exchange.answer_lines:
            pdf.para(text, notes=notes)
        if exchange.notice:
            pdf.para(exchange.notice, style="I")
        pdf.add_notes(exchange.footnotes)
        pdf.ln(2)
    pdf.print_notes()
    return bytes(pdf.output())
