"""The corpora the evaluation runs on, where their documents live, and their raw text.

`main` is the project corpus, `corpus-2` the second corpus (Markdown, HTML, PDF, DOCX), and
`injection_fixture` the small corpus with a planted document that the injection items attack
(reported under `main`, whose subject it shares).
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.settings import PROJECT_ROOT
from eval.claims import Source
from ingest.manifest import load_manifest

CORPUS_DIRS: dict[str, Path] = {
    "main": PROJECT_ROOT / "corpus",
    "corpus-2": PROJECT_ROOT / "corpus-2",
    "injection_fixture": PROJECT_ROOT / "tests" / "fixtures" / "injection_corpus",
}
REPORTED = ("main", "corpus-2")


def extract(path: Path) -> str:
    """A document's text as a plain reader gets it (the same extraction as corpus-2's check.py):
    Markdown and text as they are, HTML's text, PDF pages joined by a newline, DOCX paragraphs
    then table cells. Used for gold-quote lint and for the LangChain baseline's loader."""
    suffix = path.suffix.lower()
    if suffix in {".md", ".txt"}:
        return path.read_text(encoding="utf-8")
    if suffix in {".html", ".htm"}:
        from bs4 import BeautifulSoup

        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
    if suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    raise ValueError(f"{path.name}: no text extractor for {suffix}")


def raw_texts(corpus_dir: Path) -> dict[str, str]:
    """Every manifest document's extracted text, keyed by document id."""
    return {
        meta.id: extract(corpus_dir / file)
        for file, meta in load_manifest(corpus_dir).items()
        if (corpus_dir / file).exists()
    }


def document_sources(corpus_dir: Path) -> dict[str, Source]:
    """Manifest kind and publisher of every document, keyed by id (for attribution)."""
    return {
        meta.id: Source(kind=meta.kind, publisher=meta.publisher)
        for meta in load_manifest(corpus_dir).values()
    }


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces."""
    return re.sub(r"\s+", " ", text).strip()
