"""Sentences of the answer's documents that are off their document's subject, as ingest found
them (index/centrality.py) and stored with each document's source guide.

Why: a line that shares little with the question is quoted for its document's sake (the
question names the document or its subject), so it must be about what that document is about;
an instruction planted in a document is on another subject and is never such a line. A line
that answers the question itself, or a list item quoted with its list, is unaffected.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from assistant.guides.reader import guides

if TYPE_CHECKING:
    from assistant.answer.evidence import Evidence
    from assistant.answer.question import Question
    from assistant.retrieval.state import IndexState

ON_ITS_OWN = 0.5  # share of the question a line covers that makes it an answer in itself


def off_subject(state: IndexState, doc_ids: Iterable[str]) -> set[tuple[str, int]]:
    """(doc id, sentence number) of every off-subject sentence of these documents; none for a
    document whose guide was built without sentence vectors."""
    stored = guides(state)
    found: set[tuple[str, int]] = set()
    for doc_id in set(doc_ids):
        guide = stored.get(doc_id)
        if guide is not None:
            found |= {(doc_id, n) for n in guide.off_subject}
    return found


def set_aside(ev: Evidence, aside: AbstractSet[tuple[str, int]], question: Question) -> bool:
    """A follower to leave out: off its document's subject and answering little of the
    question itself; in a summary, any (a summary asks for the subject, and words shared with
    the document's name answer nothing). A list item is quoted with its list, whatever its own
    words."""
    summary = question.answer_type == "summary"
    own_answer = ev.features.get("coverage", 0.0) >= ON_ITS_OWN and not summary
    item = ev.features.get("list_item", 0.0) > 0
    return (ev.doc.doc_id, ev.number) in aside and not own_answer and not item
