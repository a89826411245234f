"""The web chat's own files: nothing about a particular collection, nothing a strict CSP blocks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from assistant.settings import PROJECT_ROOT
from ingest.manifest import read_manifest

WEB = PROJECT_ROOT / "web"
OWN_FILES = sorted(
    p
    for p in WEB.rglob("*")
    if p.is_file() and "vendor" not in p.parts and p.suffix in {".html", ".css", ".mjs"}
)


def collection_vocabulary(folder: Path) -> set[str]:
    """Names a page about this collection would be tempted to hard-code."""
    manifest = read_manifest(folder)
    words = {d.publisher for d in manifest.documents} | {d.title for d in manifest.documents}
    if manifest.collection is not None:
        info = manifest.collection
        words |= {info.name, info.subject, *info.example_questions, *info.glossary}
    return {w for w in words if w}


def test_no_collection_is_named_in_the_web_chat() -> None:
    assert OWN_FILES, "no web files found"
    vocabulary = collection_vocabulary(PROJECT_ROOT / "corpus")
    vocabulary |= collection_vocabulary(PROJECT_ROOT / "corpus-2")
    found = []
    for path in OWN_FILES:
        text = path.read_text(encoding="utf-8")
        for word in vocabulary:
            if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE):
                found.append(f"{path.relative_to(WEB)}: {word}")
    assert found == []


class InlineCode(HTMLParser):
    """Collects inline scripts, event-handler attributes, inline styles and javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=…>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        self._script_without_src = tag == "script" and "src" not in names
        if tag == "style":
            self.found.append("<style>")

    def handle_data(self, data: str) -> None:
        if self._script_without_src and data.strip():
            self.found.append("<script> with inline code")

    def handle_endtag(self, tag: str) -> None:
        self._script_without_src = False


def test_the_page_runs_under_a_strict_content_security_policy() -> None:
    parser = InlineCode()
    parser.feed((WEB / "index.html").read_text(encoding="utf-8"))
    assert parser.found == []
    for path in OWN_FILES:
        if path.suffix == ".mjs":
            code = path.read_text(encoding="utf-8")
            assert not re.search(r"\beval\(|new Function\(|\.setAttribute\(\"on", code), path
