"""Navigation inside a page's text: link lines that point elsewhere and state nothing."""

from __future__ import annotations

import re
import threading
from collections import Counter

from index.stored_document import StoredDocument

TEMPLATE_REPEATS = 3  # link text repeated with only its numbers changed is navigation
STUB_WORDS = 4  # words of a bare link line between pages ("Back to site audits")


_TEMPLATES: dict[tuple[str, str], Counter[str]] = {}
_TEMPLATES_LOCK = threading.Lock()


def _template(text: str) -> str:
    """The words before a sentence's first number, its last word dropped ("point"/"points")."""
    head = re.split(r"\d", " ".join(text.split()).casefold(), maxsplit=1)
    return " ".join(head[0].split()[:-1]) if len(head) > 1 else ""


def navigational(doc: StoredDocument, number: int) -> bool:
    """Link text of a page's navigation: an unpunctuated line whose opening words, up to a
    number, open several such lines of the document ("Find out what you should do about
    point 4"), or a bare link line (`link_stub`). It points elsewhere; it states nothing."""
    key = (doc.doc_id, doc.content_hash)
    with _TEMPLATES_LOCK:
        counts = _TEMPLATES.get(key)
        if counts is None:
            counts = Counter(
                _template(text)
                for n in range(len(doc.sentences))
                if not (text := doc.sentence_text(n).rstrip()).endswith((".", "!", "?", ":"))
            )
            if len(_TEMPLATES) > 256:
                _TEMPLATES.clear()
            _TEMPLATES[key] = counts
    text = doc.sentence_text(number).rstrip()
    if text.endswith((".", "!", "?", ":")):
        return False
    if link_stub(doc, number, text):
        return True
    template = _template(text)
    return bool(template) and counts[template] >= TEMPLATE_REPEATS


def link_stub(doc: StoredDocument, number: int, text: str) -> bool:
    """A paragraph of a few words, no number and no closing stop ("Back to site
    audits"): a link between pages, not a statement (a list item or a dated line is
    left alone)."""
    sentence = doc.sentences[number]
    block = doc.blocks[sentence.block] if sentence.block < len(doc.blocks) else None
    short = len(text.split()) <= STUB_WORDS and not any(c.isdigit() for c in text)
    return block is not None and block.kind == "paragraph" and short
