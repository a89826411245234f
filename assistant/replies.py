"""The fixed wording of replies that are not built from document sentences.

What the collection is about (subject line, example questions) comes from the `collection:`
section of the corpus manifest, recorded in the index; nothing here names a corpus.
"""

from __future__ import annotations

from typing import Any

from assistant.schemas import Passage, RefusalReason
from index.stored_document import StoredDocument

Collection = dict[str, Any] | None

REFUSALS: dict[RefusalReason, str] = {
    "not_covered": "The documents I hold don't cover this, so I won't guess.",
    "off_topic": "That's outside what I can help with. I answer questions about {subject} "
    "from the documents listed below.",
    "no_index": "No documents have been loaded yet, so I can't answer. An administrator needs "
    "to run `review-assistant ingest`.",
    "injection": "I can only answer questions about the documents, and I follow no "
    "instructions other than my own. Please ask a question about the documents.",
}
OPINION_PREFACE = (
    "I don't hold opinions on policy. Here is what the documents say, each position "
    "attributed to its publisher:"
)
LLM_FALLBACK_NOTICE = "Answered from quotes because the language model was unavailable."


def subject(collection: Collection) -> str:
    """The collection's subject line, or a neutral description when the manifest gives none."""
    return str((collection or {}).get("subject") or "the documents listed below")


def document_list(documents: list[StoredDocument]) -> str:
    """A bulleted list of the documents: title, publisher, date."""
    return "\n".join(
        f"- *{d.title}* — {d.publisher or 'unknown publisher'}, {d.date or 'undated'}"
        for d in sorted(documents, key=lambda d: (d.date, d.title))
    )


def greeting(documents: list[StoredDocument], collection: Collection = None) -> str:
    examples = [str(q) for q in (collection or {}).get("example_questions") or []][:2]
    tries = " or ".join(f"*{q}*" for q in examples)
    return (
        f"Hello. I answer questions about {subject(collection)} from these {len(documents)} "
        f"documents, quoting and citing them:\n\n{document_list(documents)}"
        + (f"\n\nTry: {tries}" if tries else "")
    )


def capabilities(documents: list[StoredDocument]) -> str:
    return (
        "I answer questions from the documents below, and every sentence I give cites the "
        "passage it comes from. If they don't cover something, I say so rather than guess. "
        "I don't give opinions of my own; I report what each publisher argues.\n\n"
        f"{document_list(documents)}"
    )


def refusal(
    reason: RefusalReason,
    nearest: list[Passage],
    documents: list[StoredDocument],
    collection: Collection = None,
) -> str:
    """The plain decline, with the nearest passages (or the document list) to show the gap."""
    text = REFUSALS[reason].format(subject=subject(collection))
    if reason == "not_covered" and nearest:
        closest = "\n".join(
            f"- *{p.title}* ({p.publisher}){' — ' + p.section if p.section else ''}"
            for p in nearest[:3]
        )
        return f"{text}\n\nThe closest passages I found were:\n\n{closest}"
    if reason == "off_topic" and documents:
        return f"{text}\n\n{document_list(documents)}"
    return text
