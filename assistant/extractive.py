"""The offline answer: the most relevant sentences of the retrieved passages, each cited.

Pure and deterministic: given the same passages and index it returns the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answering import AnswerDraft
from assistant.intents import looks_like_injection
from assistant.relevance import NUMBER, counted_terms
from assistant.schemas import Citation, Passage
from index.store import StoredDocument
from ingest.sections import section_at
from nlp.lexical import terms, words

MIN_WORDS = 5
TERMINAL = (".", "!", ";", "”", "’", '"', "'")
MIN_SENTENCE_OVERLAP = 0.3
MAX_PER_DOC = 3
COUNTED = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                     r"thirteen)\s+([a-z]+)", re.IGNORECASE)  # fmt: skip

DATE = re.compile(
    r"\b(19|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|"
    r"october|november|december)\b",
    re.IGNORECASE,
)
ASKS_NUMBER = re.compile(
    r"\b(how (many|much)|what (number|percentage|proportion|share)|by how)\b", re.IGNORECASE
)
ASKS_DATE = re.compile(r"\b(when|what (date|year|month)|by what date)\b", re.IGNORECASE)
ANSWER_TYPE_BONUS = 0.15
DIRECT_COUNT_BONUS = 0.35

Idf = Callable[[str], float]


def gives_the_count(counted: set[str], sentence: str) -> bool:
    """For "how many X?": the sentence states a number of X ("11 questions")."""
    return bool(counted) and any(
        set(terms(noun)) & counted for _number, noun in COUNTED.findall(sentence)
    )


def answer_type_bonus(question: str, sentence: str) -> float:
    """Favour sentences holding the kind of thing asked for: a number, or a date."""
    if ASKS_NUMBER.search(question) and NUMBER.search(sentence):
        return ANSWER_TYPE_BONUS
    if ASKS_DATE.search(question) and DATE.search(sentence):
        return ANSWER_TYPE_BONUS
    return 0.0


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, scored against the question."""

    doc: StoredDocument
    passage: Passage
    start: int
    end: int
    overlap: float
    context: float
    score: float
    direct: bool = False

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]


def term_overlap(question_terms: set[str], text_terms: set[str], idf: Idf) -> float:
    """IDF-weighted share of the question's terms that the text contains (0..1)."""
    total = sum(idf(t) for t in question_terms)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in question_terms & text_terms) / total


def _quotable(doc: StoredDocument, start: int, end: int) -> bool:
    """A full sentence or list item: not a heading, a question, a label or an instruction."""
    text = doc.text[start:end].rstrip()
    line_start = doc.text.rfind("\n", 0, start) + 1
    in_list = doc.text[line_start:start].strip() in ("-", *(f"{i}." for i in range(1, 100)))
    finished = text.endswith(TERMINAL) or (in_list and len(text.split()) >= 8)
    return (
        len(text.split()) >= MIN_WORDS
        and finished
        and not text.endswith("?")
        and not looks_like_injection(text)
    )


def mentioned_documents(question: str, documents: dict[str, StoredDocument]) -> set[str]:
    """Documents whose publisher the question names ("What did GGI say…")."""
    lowered = f" {' '.join(words(question))} "
    named: set[str] = set()
    for doc in documents.values():
        names = {doc.publisher, *re.findall(r"\(([^)]+)\)", doc.publisher)}
        plain = {" ".join(words(re.sub(r"\([^)]*\)", "", n))) for n in names if n}
        if any(name and f" {name} " in lowered for name in plain):
            named.add(doc.doc_id)
    return named


def _previous_sentence(doc: StoredDocument, index: int) -> str:
    """The sentence before, when it is in the same paragraph (it often holds the subject)."""
    if index == 0:
        return ""
    p_start, p_end = doc.sentences[index - 1]
    start = doc.sentences[index][0]
    return "" if "\n\n" in doc.text[p_end:start] else doc.text[p_start:p_end]


def candidates(
    question: str, passages: list[Passage], documents: dict[str, StoredDocument], idf: Idf
) -> list[Candidate]:
    """Every quotable sentence of the passages, best first (ties broken by position)."""
    named = mentioned_documents(question, documents)
    publisher_terms = {
        t for d in documents.values() if d.doc_id in named for t in terms(d.publisher)
    }
    q_terms = set(terms(question)) - publisher_terms or set(terms(question))
    counted = counted_terms(question)
    seen: set[tuple[str, int]] = set()
    found: list[Candidate] = []
    for rank, passage in enumerate(passages):
        doc = documents[passage.doc_id]
        prior = max(passage.dense_score or 0.0, 0.0) * 0.5 + 0.5 / (1 + rank)
        if named:
            prior = prior + 0.5 if doc.doc_id in named else prior * 0.5
        section_terms = set(terms(passage.section))
        for index, (start, end) in enumerate(doc.sentences):
            if start < passage.start or end > passage.end or (doc.doc_id, start) in seen:
                continue
            if not _quotable(doc, start, end):
                continue
            seen.add((doc.doc_id, start))
            own = set(terms(doc.text[start:end]))
            overlap = term_overlap(q_terms, own, idf)
            around = section_terms | own | set(terms(_previous_sentence(doc, index)))
            context = term_overlap(q_terms, around, idf)
            score = 0.45 * overlap + 0.35 * context + 0.2 * prior
            direct = overlap > 0 and gives_the_count(counted, doc.text[start:end])
            if overlap > 0:
                score += answer_type_bonus(question, doc.text[start:end])
            if direct:
                score += DIRECT_COUNT_BONUS
            found.append(Candidate(doc, passage, start, end, overlap, context, score, direct))
    found.sort(key=lambda c: (-c.score, c.doc.doc_id, c.start))
    return found


def select(found: list[Candidate], limit: int) -> list[Candidate]:
    """The top sentences with real lexical support, at most three per document."""
    chosen: list[Candidate] = []
    per_doc: dict[str, int] = {}
    for cand in found:
        if (
            cand.overlap <= 0
            or (cand.context < MIN_SENTENCE_OVERLAP and not cand.direct)
            or per_doc.get(cand.doc.doc_id, 0) >= MAX_PER_DOC
        ):
            continue
        chosen.append(cand)
        per_doc[cand.doc.doc_id] = per_doc.get(cand.doc.doc_id, 0) + 1
        if len(chosen) == limit:
            break
    return chosen


def citation_for(n: int, cand: Candidate) -> Citation:
    doc = cand.doc
    return Citation(
        n=n,
        doc_id=doc.doc_id,
        title=doc.title,
        publisher=doc.publisher,
        date=doc.date,
        section=section_at(doc.sections, cand.start),
        quote=cand.text,
        chunk_id=cand.passage.chunk_id,
        start=cand.start,
        end=cand.end,
    )


def _disagreement(groups: list[tuple[StoredDocument, list[tuple[int, Candidate]]]]) -> str | None:
    """A sentence naming differing counts of the same thing in different documents."""
    counts: dict[str, dict[str, tuple[str, int]]] = {}
    for doc, items in groups:
        for n, cand in items:
            for number, noun in COUNTED.findall(cand.text):
                counts.setdefault(noun.casefold(), {}).setdefault(doc.publisher, (number, n))
    for noun, by_publisher in counts.items():
        if len({v[0].casefold() for v in by_publisher.values()}) > 1:
            parts = [f"{pub} gives {num} {noun} [{n}]" for pub, (num, n) in by_publisher.items()]
            return "**The sources differ:** " + "; ".join(parts) + "."
    return None


def compose(chosen: list[Candidate]) -> AnswerDraft:
    """Markdown grouped by document, every sentence followed by its `[n]` marker."""
    order: list[str] = []
    for cand in chosen:
        if cand.doc.doc_id not in order:
            order.append(cand.doc.doc_id)
    groups: list[tuple[StoredDocument, list[tuple[int, Candidate]]]] = []
    citations: list[Citation] = []
    for doc_id in order:
        items = sorted((c for c in chosen if c.doc.doc_id == doc_id), key=lambda c: c.start)
        numbered = []
        for cand in items:
            citations.append(citation_for(len(citations) + 1, cand))
            numbered.append((len(citations), cand))
        groups.append((items[0].doc, numbered))
    lines: list[str] = []
    if note := _disagreement(groups):
        lines += [note, ""]
    for doc, numbered in groups:
        lines.append(f"**{doc.publisher or doc.title}** — *{doc.title}* ({doc.date}):")
        lines += [f"- {' '.join(cand.text.split())} [{n}]" for n, cand in numbered]
        lines.append("")
    return AnswerDraft(
        answer="\n".join(lines).strip(), citations=citations, refused=False, mode="extractive"
    )
