"""A board paper as a Word document with real footnotes (python-docx has no footnote API).

Each `[n]` marker becomes a footnote reference; the footnote quotes the passage verbatim in a
run of its own, then names document, publisher, date, section and page.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

from assistant.export.paper import MARKER, BoardPaper, Footnote

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>"
)
_SUPERSCRIPT = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'


def _text_runs(text: str, italic: bool = False) -> str:
    """Runs for `text`, line breaks as <w:br/> so the quote reads back exactly."""
    props = "<w:rPr><w:i/></w:rPr>" if italic else ""
    pieces = []
    for i, line in enumerate(text.split("\n")):
        br = "<w:br/>" if i else ""
        pieces.append(f'{br}<w:t xml:space="preserve">{escape(line)}</w:t>')
    return f"<w:r>{props}{''.join(pieces)}</w:r>"


def _footnote_xml(note: Footnote) -> str:
    return (
        f'<w:footnote xmlns:w="{W}" w:id="{note.n}"><w:p>'
        f'<w:r>{_SUPERSCRIPT}<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> “</w:t></w:r>'
        f"{_text_runs(note.quote, italic=True)}"
        f'<w:r><w:t xml:space="preserve">” — {escape(note.source())}</w:t></w:r>'
        "</w:p></w:footnote>"
    )


class _Footnotes:
    """The document's footnotes part, created on first use."""

    def __init__(self, document: object) -> None:
        part = document.part  # type: ignore[attr-defined]
        self.element = parse_xml(_FOOTNOTES)
        footnotes = XmlPart(
            PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, self.element, part.package
        )
        part.relate_to(footnotes, RELATIONSHIP_TYPE.FOOTNOTES)

    def add(self, note: Footnote) -> None:
        self.element.append(parse_xml(_footnote_xml(note)))


def _reference(paragraph: Paragraph, n: int) -> None:
    paragraph._p.append(
        parse_xml(f'<w:r xmlns:w="{W}">{_SUPERSCRIPT}<w:footnoteReference w:id="{n}"/></w:r>')
    )


def _answer_paragraph(paragraph: Paragraph, line: str, notes: dict[int, Footnote]) -> None:
    """The line's text with each `[n]` marker replaced by footnote reference n."""
    position = 0
    for match in MARKER.finditer(line):
        n = int(match.group(1))
        if n not in notes:
            continue
        paragraph.add_run(line[position : match.start()].rstrip(" "))
        _reference(paragraph, n)
        position = match.end()
    paragraph.add_run(line[position:])


def render_docx(paper: BoardPaper) -> bytes:
    """The paper as .docx bytes."""
    document = Document()
    document.core_properties.title = paper.title
    document.add_heading(paper.title, level=1)
    footnotes = _Footnotes(document)
    notes = {note.n: note for note in paper.footnotes}
    for note in paper.footnotes:
        footnotes.add(note)
    for exchange in paper.exchanges:
        document.add_heading(exchange.question or "Answer", level=2)
        for line in exchange.answer_lines:
            bullet = line.startswith("• ")
            paragraph = document.add_paragraph(style="List Bullet" if bullet else None)
            _answer_paragraph(paragraph, line[2:] if bullet else line, notes)
        if exchange.notice:
            document.add_paragraph().add_run(exchange.notice).italic = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
