"""Answers about where things sit in a named document: what it ends with ("what questions does
X end with?", "its key messages at the end") and the stages its subheadings walk through in
order ("through which phases does X take a team, in order?").

Both quote the document's own structure: the last section's statements and lists, or a
section's subheadings, each with the first thing said under it; nothing is paraphrased.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answering import AnswerDraft
from assistant.guides.quoting import PROSE_OR_ITEM, Citations, heading_text, section_of, statement
from index.document import Block
from index.stored_document import StoredDocument
from nlp.lexical import terms

if TYPE_CHECKING:
    from assistant.answer.question import Question
    from assistant.retrieval.state import IndexState

# Lemmas that ask about a document's close ("ends with", "at the end of", "concludes with")
# and prepositions that tie them to it; lemmas that ask for stages in order.
END_LEMMAS = frozenset({"end", "conclude", "close", "finish"})
END_PREPOSITIONS = frozenset({"at", "towards", "toward", "in", "by", "with"})
SEQUENCE_LEMMAS = frozenset({"order", "phase", "stage", "step", "sequence"})
END_LINES = 12  # statements and list items quoted from a document's last section
MIN_STEPS = 2  # subheadings that make a sequence
MIN_WORDS = 3  # words of a line worth quoting under a subheading


def asks_for_end(text: str) -> bool:
    """ "What does X end with?", "…at the end of its evidence", "what does X conclude with":
    the question asks what comes last in a document, not when something ends."""
    from nlp.spacy_pipeline import get_nlp

    for token in get_nlp()(text):
        if token.lemma_.casefold() not in END_LEMMAS:
            continue
        if token.pos_ == "NOUN" and token.head.lemma_.casefold() in END_PREPOSITIONS:
            return True  # "at the end (of …)"
        if token.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "prep" and c.lemma_.casefold() in ("with", "by") for c in token.children
        ):
            return True  # "ends with …", "concludes by …"
        if token.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "prep" and c.lemma_.casefold() == "with" for c in token.head.children
        ):
            return True
    return False


def asks_for_sequence(text: str) -> bool:
    """ "Through which phases…", "what are the steps…", "…in order?": stages asked for in
    sequence; not the purpose of "in order to", nor an order as a thing ("the order says")."""
    words = [w.strip("?,.!").casefold() for w in text.split()]
    for n, word in enumerate(words):
        if word in ("order", "sequence"):
            after = words[n + 1] if n + 1 < len(words) else ""
            if n > 0 and words[n - 1] == "in" and after != "to":
                return True
        elif word.rstrip("s") in SEQUENCE_LEMMAS and word.endswith("s"):
            return True  # "phases", "stages", "steps": several of them
    return False


def _headings(doc: StoredDocument) -> list[Block]:
    return [b for b in doc.blocks if b.kind == "heading"]


def _section_end(doc: StoredDocument, heading: Block) -> int:
    """Where a heading's section ends: at the next heading of its level or above."""
    return next(
        (b.start for b in _headings(doc) if b.start > heading.start and b.level <= heading.level),
        len(doc.text),
    )


def _said(doc: StoredDocument, start: int, end: int) -> list[int]:
    """Numbers of the sentences between two offsets that state something or are list items."""
    return [
        n
        for n, x in enumerate(doc.sentences)
        if start <= x.start < end and (statement(doc, n, PROSE_OR_ITEM) or _is_item_or_lead(doc, n))
    ]


def _is_item_or_lead(doc: StoredDocument, number: int) -> bool:
    """A list item, or a list's lead-in ("… key questions which arise:"), of a few words."""
    sentence = doc.sentences[number]
    if sentence.block >= len(doc.blocks):
        return False
    kind = doc.blocks[sentence.block].kind
    return kind in ("item", "list") and len(doc.sentence_text(number).split()) >= MIN_WORDS


def last_section(doc: StoredDocument) -> Block | None:
    """The heading of the document's last section that says something, at its top level of
    headings below the title; None when the document has no such sections."""
    headings = _headings(doc)
    for level in sorted({b.level for b in headings}):
        at_level = [b for b in headings if b.level == level]
        if len(at_level) < MIN_STEPS:
            continue  # the title stands alone at its level
        for heading in reversed(at_level):
            if _said(doc, heading.end, _section_end(doc, heading)):
                return heading
        return None
    return None


def _end_numbers(doc: StoredDocument) -> list[int]:
    heading = last_section(doc)
    return [] if heading is None else _said(doc, heading.end, _section_end(doc, heading))


def end_lines(doc: StoredDocument, lists_only: bool) -> tuple[Block, list[int]] | None:
    """The last section and the sentences to quote from it, in order: its statements and list
    items (only its lists' lead-ins and items when `lists_only` and it has a list)."""
    heading = last_section(doc)
    if heading is None:
        return None
    numbers = _said(doc, heading.end, _section_end(doc, heading))
    listed = [n for n in numbers if _is_item_or_lead(doc, n)]
    if lists_only and listed:
        numbers = listed
    return heading, numbers[:END_LINES]


def sequence_section(question: Question, doc: StoredDocument) -> tuple[Block, list[Block]] | None:
    """The section whose heading shares most of the question's words and whose subheadings
    (one level down) are its stages, in document order; None when no heading matches."""
    asked = set(question.focus_terms) - set(terms(doc.title))  # the title names the document
    best: tuple[Block, list[Block]] | None = None
    score = 0
    headings = _headings(doc)
    for heading in headings:
        end = _section_end(doc, heading)
        inner = [b for b in headings if heading.end <= b.start < end]
        if not inner:
            continue
        top = min(b.level for b in inner)
        steps = [b for b in inner if b.level == top]
        shared = len(asked & set(terms(heading_text(doc, heading.start, heading.end))))
        if len(steps) >= MIN_STEPS and shared > score:
            best, score = (heading, steps), shared
    return best


def _line(doc: StoredDocument, number: int, cite: Citations, indent: str = "") -> str:
    start, end = doc.sentences[number]
    section = section_of(doc, start)
    return (
        f"{indent}- {' '.join(doc.text[start:end].split())} {cite.mark(doc, start, end, section)}"
    )


def _title(doc: StoredDocument, name: str, what: str) -> str:
    by = f" — {doc.publisher}" if doc.publisher else ""
    return f"**“{name.rstrip(':.')}”, {what} *{doc.title}*{by}**"


def end_answer(doc: StoredDocument, lists_only: bool, cite: Citations) -> list[str]:
    """The last section of a document, quoted: its statements, and its lists with the items
    under their lead-in."""
    found = end_lines(doc, lists_only)
    if found is None or not found[1]:
        return []
    heading, numbers = found
    lines = [_title(doc, heading_text(doc, heading.start, heading.end), "the last section of")]
    lead = False
    for n in numbers:
        kind = doc.blocks[doc.sentences[n].block].kind
        item = kind == "item" and lead
        lines.append(_line(doc, n, cite, "  " if item else ""))
        lead = doc.sentence_text(n).rstrip().endswith(":") or item
    return lines


def sequence_answer(question: Question, doc: StoredDocument, cite: Citations) -> list[str]:
    """A section's subheadings in order, each with the first thing said under it."""
    found = sequence_section(question, doc)
    if found is None:
        return []
    heading, steps = found
    lines = [_title(doc, heading_text(doc, heading.start, heading.end), "in")]
    for n, step in enumerate(steps):
        limit = steps[n + 1].start if n + 1 < len(steps) else _section_end(doc, heading)
        said = [
            k
            for k, x in enumerate(doc.sentences)
            if step.end <= x.start < limit
            and len(doc.sentence_text(k).split()) >= MIN_WORDS
            and not doc.sentence_text(k).rstrip().endswith(":")
        ]
        if not said:
            continue
        name = heading_text(doc, step.start, step.end).rstrip(":.")
        start, end = doc.sentences[said[0]]
        text = " ".join(doc.text[start:end].split())
        section = section_of(doc, start)
        lines.append(f"- **{name}**: {text} {cite.mark(doc, start, end, section)}")
    return lines if len(lines) > MIN_STEPS else []


def position_answer(
    question: Question, state: IndexState, documents: list[str]
) -> AnswerDraft | None:
    """What the named documents end with, or the stages of their matching section in order;
    None when the question asks neither or the documents have no such structure."""
    lemmas = set(question.focus)
    ends = bool(lemmas & END_LEMMAS) and asks_for_end(question.text)
    ordered = bool(lemmas & SEQUENCE_LEMMAS) and asks_for_sequence(question.text)
    if not ends and not ordered:
        return None
    docs = [d for d in map(state.generation.documents.get, documents) if d is not None]
    lists_only = question.answer_type == "list"
    if ends and lists_only:  # "what questions does X end with": the documents that end with one
        listed = [d for d in docs if any(_is_item_or_lead(d, n) for n in _end_numbers(d))]
        docs = listed or docs
    cite = Citations(state)
    lines: list[str] = []
    for doc in docs:
        found = end_answer(doc, lists_only, cite) if ends else sequence_answer(question, doc, cite)
        lines += [*found, ""] if found else []
    if not cite.items:
        return None
    return AnswerDraft("\n".join(lines).strip(), cite.items, refused=False, mode="extractive")
