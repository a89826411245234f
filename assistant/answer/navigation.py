"""Navigation inside a page's text: link lines that point elsewhere and state nothing."""

from __future__ import annotations

import re
import threading
from collections import Counter

from index.stored_document import StoredDocument

TEMPLATE_REPEATS = 3  # link text repeated with only its numbers changed is navigation


_TEMPLATES: dict[tuple[str, str], Counter[str]] = {}
_TEMPLATES_LOCK = threading.Lock()


def _template(text: str) -> str:
    """The words before a sentence's first number, its last word dropped ("point"/"points")."""
    head = re.split(r"\d", " ".join(text.split()).casefold(), maxsplit=1)
    return " ".join(head[0].split()[:-1]) if len(head) > 1 else ""


def navigational(doc: StoredDocument, number: int) -> bool:
    """Link text of a page's navigation: an unpunctuated line whose opening words, up to a
    number, open several such lines of the document ("Find out what you should do about
    point 4"). It points elsewhere; it states nothing."""
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
    template = _template(text)
    return bool(template) and counts[template] >= TEMPLATE_REPEATS
