"""How many parts a named document numbers: "how many steps does X have?" answered by X's
own numbered headings (1, 2, 3 … n), each cited with the first statement under it.

The count is the document's own numbering read off its headings, never a figure another
document gives for it; a question asking anything besides the count ("how many points of X
are about security?") or naming a more specific title ("the Agency's 2015 X") is left to the
answer engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answering import AnswerDraft
from assistant.guides.answers import beyond_titles, enumerated
from assistant.guides.numbered_points import point_number
from assistant.guides.outline import numbered_level, outline, outline_lines
from assistant.guides.quoting import Citations, heading_text, source_heading
from nlp.lexical import terms, words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from assistant.answer.question import Question
    from assistant.retrieval.state import IndexState
    from index.stored_document import StoredDocument

# Parts of speech of a word that makes a title more specific when it stands just before it
# ("the Regional Handbook", "the 2015 Handbook"): another document, or another edition.
NARROWING = frozenset({"PROPN", "NOUN", "ADJ", "NUM", "X"})


def numbering(doc: StoredDocument) -> int:
    """How many headings the document numbers 1, 2, 3 … n in sequence at one level; 0 when
    it numbers none, or its numbers skip or repeat (then their count is no count of parts)."""
    found = [point_number(heading_text(doc, b.start, b.end)) for b in numbered_level(doc)]
    return len(found) if found == [str(n) for n in range(1, len(found) + 1)] else 0


def titled_alone(question: Question, doc: StoredDocument) -> bool:
    """The question names the document by its whole title, with no word before it that
    narrows the name to something else ("the X" names it; "the Regional X" does not)."""
    title = words(doc.title)
    tokens = [t for t in parse(question.text) if words(t.text)]
    said = [t.lower_ for t in tokens]
    for at in range(len(said) - len(title) + 1):
        if said[at : at + len(title)] == title:
            before = tokens[at - 1] if at else None
            return before is None or before.pos_ not in NARROWING
    return False


def asks_only_count(question: Question, state: IndexState) -> bool:
    """ "How many steps does X have?": besides the document's title, the question's only
    topic is the noun it counts."""
    if question.answer_type != "number" or not question.counted:
        return False
    asked = {t for lemma in beyond_titles(question, state) for t in terms(lemma)}
    return bool(asked) and asked <= question.counted


def count_answer(question: Question, state: IndexState, named: list[str]) -> AnswerDraft | None:
    """The numbered headings of the named document that numbers what the question counts (a
    word the documents write before a number, "point 5"), under a line giving their count;
    None when the question asks more than the count, or no named document numbers its parts."""
    if not asks_only_count(question, state):
        return None
    cite = Citations(state)
    lines: list[str] = []
    for doc_id in named:
        doc = state.generation.documents.get(doc_id)
        if doc is None or not titled_alone(question, doc):
            continue
        count = numbering(doc)
        if not count or not enumerated(question, doc, state):
            continue
        shown = outline(doc, most=count)
        more = [f"- … and {count - len(shown)} more"] if 0 < len(shown) < count else []
        lines += [
            source_heading(doc, f"{count} numbered sections"),
            *outline_lines(doc, shown, cite),
            *more,
            "",
        ]
    if not cite.items:
        return None
    return AnswerDraft("\n".join(lines).strip(), cite.items, refused=False, mode="extractive")
