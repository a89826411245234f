"""Typed evidence for the model: what the question asks for, and the passages that can hold it
first. The same question analysis as the extractive engine (assistant.answer.question)."""

from __future__ import annotations

from assistant.answer.question import analyse
from assistant.schemas import Passage
from nlp.lexical import terms
from nlp.spacy_pipeline import get_nlp

EXPECTED = {
    "date": "a date",
    "number": "a number",
    "amount": "an amount or a percentage",
    "person": "a person or a role",
    "organisation": "an organisation",
    "place": "a place",
    "list": "a list",
    "summary": "a short summary",
    "definition": "a definition",
    "reason": "a reason",
    "yes_no": "a yes or a no",
    "comparison": "each source's position, side by side",
}


def _labels(texts: list[str]) -> list[set[str]]:
    nlp = get_nlp()
    ner = nlp.get_pipe("ner")
    docs = ner.pipe((nlp.make_doc(t) for t in texts), batch_size=16)  # type: ignore[attr-defined]
    return [{e.label_ for e in doc.ents} for doc in docs]


def typed_evidence(question: str, passages: list[Passage]) -> tuple[str, list[Passage]]:
    """What the answer should be ("a date", or "" for open questions) and the passages with
    those holding that type of value and more of the question's terms first (stable)."""
    analysed = analyse(question)
    expected = EXPECTED.get(analysed.answer_type, "")
    if not passages:
        return expected, passages
    wanted = analysed.wants
    labels = _labels([p.text for p in passages]) if wanted else [set()] * len(passages)
    focus = analysed.focus_terms

    def rank(i: int) -> tuple[bool, float, int]:
        own = set(terms(passages[i].text))
        coverage = len(focus & own) / len(focus) if focus else 0.0
        return (not (wanted & labels[i]), -round(coverage, 1), i)

    order = sorted(range(len(passages)), key=rank)
    return expected, [passages[i] for i in order]
