"""Read .txt, .md, .html, .pdf and .docx files into plain text with Markdown-style headings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx")


class LoaderError(ValueError):
    """A file could not be read as a document."""


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_text(path), "html.parser")
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript", "form"]):
        tag.decompose()
    lines: list[str] = []
    for element in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td"]):
        text = " ".join(element.get_text(" ", strip=True).split())
        if not text or element.find_parent(["li", "td"]) and element.name == "p":
            continue
        if element.name.startswith("h"):
            lines.append("#" * int(element.name[1]) + " " + text)
        elif element.name == "li":
            lines.append("- " + text)
        else:
            lines.append(text)
    return "\n\n".join(lines)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    # A triple newline marks the page break so cleaning can rejoin split paragraphs.
    return "\n\n\n".join((page.extract_text() or "").strip() for page in reader.pages)


def _read_docx(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style.startswith("Heading") and style[-1:].isdigit():
            lines.append("#" * int(style[-1]) + " " + text)
        elif style == "Title":
            lines.append("# " + text)
        elif "List" in style:
            lines.append("- " + text)
        else:
            lines.append(text)
    return "\n\n".join(lines)


_READERS: dict[str, Callable[[Path], str]] = {
    ".txt": _read_text,
    ".md": _read_text,
    ".markdown": _read_text,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}


def load_text(path: Path) -> str:
    """The text of `path`, whatever its supported format."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise LoaderError(f"{path.name}: unsupported format (use one of {SUPPORTED_SUFFIXES})")
    try:
        return reader(path)
    except LoaderError:
        raise
    except Exception as exc:  # noqa: BLE001 - every parser has its own exception types
        raise LoaderError(f"{path.name}: could not be read ({type(exc).__name__}: {exc})") from exc


def first_heading(text: str) -> str | None:
    """The first Markdown heading, else the first non-empty line: a title for unlisted files."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("#"):
            return line.lstrip("#").strip() or None
    return lines[0][:200] if lines else None
