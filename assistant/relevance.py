"""Pure decision whether the retrieved material answers the question at all.

The thresholds were calibrated on the evaluation dataset's answerable and unanswerable items
(eval/dataset/items.jsonl, 125 non-injection items) by counting false and missed refusals; see
the core issue's note for the figures.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from assistant.schemas import RefusalReason
from nlp.lexical import terms

NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|twenty|"
    r"hundred|thousand|million|billion|half|double|dozen)\b",
    re.IGNORECASE,
)

OFF_TOPIC_DENSE = 0.15
MIN_OVERLAP = 0.3
UNKNOWN_SHARE = 0.35
UNKNOWN_TOLERATED_OVERLAP = 0.4
CONFIDENT_OVERLAP = 0.5
TYPO_CUTOFF = 0.8


COUNT_QUESTION = re.compile(
    r"\bhow many ((?:[a-z][\w'-]*\s+){0,2}?[a-z][\w'-]*?s)\b|"
    r"\bwhat (?:percentage|proportion|share|per ?cent) of (?:the )?((?:[a-z][\w'-]*\s*){1,2})",
    re.IGNORECASE,
)


def counted_terms(question: str) -> set[str]:
    """For "how many X" / "what percentage of X" questions, the terms of X (else empty)."""
    match = COUNT_QUESTION.search(question)
    if not match:
        return set()
    return set(terms(match.group(1) or match.group(2) or ""))


def count_is_supported(question: str, sentences: list[str], vocabulary: Collection[str]) -> bool:
    """A count question needs a sentence holding a number together with what is counted, e.g.
    "13 questions"; "How many hospitals will close?" finds none and is declined."""
    wanted = {t for t in counted_terms(question) if t in vocabulary}
    if not wanted:
        return True
    return any(NUMBER.search(s) and wanted <= set(terms(s)) for s in sentences)


@dataclass(frozen=True)
class Evidence:
    """The signals the decision uses."""

    best_dense: float
    best_overlap: float
    unknown_share: float
    count_supported: bool = True


def unknown_share(
    question_terms: Collection[str], vocabulary: Collection[str], idf: Callable[[str], float]
) -> float:
    """IDF-weighted share of question terms that appear nowhere in the corpus (e.g. "abolish")."""
    total = sum(idf(t) for t in question_terms)
    if not total:
        return 0.0
    missing = [t for t in question_terms if t not in vocabulary and not near(t, vocabulary)]
    return sum(idf(t) for t in missing) / total


def near(term: str, vocabulary: Collection[str]) -> bool:
    """Tolerate typos and inflections: a known term with the same first five letters, or a close
    spelling ("reveiw", "hewit")."""
    if len(term) >= 6 and any(v.startswith(term[:5]) for v in vocabulary):
        return True
    return len(term) >= 4 and bool(
        difflib.get_close_matches(term, list(vocabulary), n=1, cutoff=TYPO_CUTOFF)
    )


def refusal_reason(evidence: Evidence, min_relevance: float) -> RefusalReason | None:
    """Why to decline, or None when the material answers."""
    if evidence.best_dense < OFF_TOPIC_DENSE and evidence.best_overlap < MIN_OVERLAP:
        return "off_topic"
    if evidence.best_overlap < MIN_OVERLAP or not evidence.count_supported:
        return "not_covered"
    if (
        evidence.unknown_share >= UNKNOWN_SHARE
        and evidence.best_overlap < UNKNOWN_TOLERATED_OVERLAP
    ):
        return "not_covered"
    if evidence.best_dense < min_relevance and evidence.best_overlap < CONFIDENT_OVERLAP:
        return "not_covered"
    return None
