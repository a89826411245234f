"""The citation guarantee for model-written answers (pure, deterministic).

What a model writes is checked against the passages it was given before anyone reads it:
markers that point at no passage are removed and reported; sentences without a marker,
sentences whose words the cited passage does not support, and numbers or dates the cited
passage does not contain are flagged. The helpers for answer sentences and for numbers and
dates are shared with the extractive mode and the evaluation suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nlp.lexical import NUMBER_WORDS, terms

MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
NOT_COVERED = re.compile(r"\bNOT[_ ]COVERED\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=\S)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_NUMBER = re.compile(
    r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|(?<![\w.])\d+(?:\.\d+)?%?|\b("
    + "|".join(NUMBER_WORDS)
    + r")\b",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b",
    re.IGNORECASE,
)
MIN_TERM_SUPPORT = 0.4  # share of a sentence's content terms the cited passages must contain
MIN_CHECKED_WORDS = 4  # shorter fragments with no number ("In short:") are not judged


def markers(text: str) -> list[int]:
    """Every source number in the `[n]` / `[n, m]` markers of `text`, in order."""
    return [int(n) for m in MARKER.finditer(text) for n in re.split(r"\s*[,;]\s*", m.group(1))]


def strip_markers(text: str) -> str:
    """`text` without its `[n]` markers (and the space before them), whitespace collapsed."""
    return re.sub(r"\s+([.,;:!?])", r"\1", " ".join(MARKER.sub(" ", text).split()))


def answer_sentences(text: str) -> list[str]:
    """Sentences of a Markdown answer; markers after a full stop stay with their sentence."""
    found: list[str] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        for piece in _SENTENCE_END.split(line):
            piece = piece.strip()
            if found and re.fullmatch(r"(?:\[[\d,;\s]+\]\s*)+[.!?]?", piece):
                found[-1] = f"{found[-1]} {piece}"
            elif piece:
                found.append(piece)
    return found


def numbers(text: str) -> set[str]:
    """Numbers in `text`, normalised: `1,200` → `1200`, `ten` → `10`, `45%` → `45%`."""
    out: set[str] = set()
    for match in _NUMBER.finditer(strip_markers(text)):
        token = match.group(0).casefold().replace(",", "")
        out.add(str(NUMBER_WORDS[token]) if token in NUMBER_WORDS else token)
    return out


def dates(text: str) -> set[str]:
    """Month names and four-digit years mentioned in `text` (lower-cased)."""
    years = set(re.findall(r"\b(?:19|20)\d{2}\b", text))
    return years | {m.casefold() for m in _MONTH.findall(text)}


def facts(text: str) -> set[str]:
    """The checkable facts of a sentence: its numbers and dates."""
    return numbers(text) | dates(text)


def _bare(fact: str) -> str:
    return fact.rstrip("%")


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of the answer and what is wrong with it (nothing, ideally)."""

    text: str
    sources: tuple[int, ...]  # the (renumbered) markers it carries
    problems: tuple[str, ...] = ()

    @property
    def judged(self) -> bool:
        return (
            bool(self.sources)
            or len(self.text.split()) >= MIN_CHECKED_WORDS
            or bool(numbers(self.text))
        )


@dataclass
class Validation:
    """The cleaned answer (markers renumbered 1..m in order of use) and its report."""

    answer: str
    sources: list[int]  # sources[k - 1] is the 1-based passage number behind marker [k]
    sentences: list[SentenceCheck]
    warnings: list[str] = field(default_factory=list)
    not_covered: bool = False

    @property
    def unsupported_share(self) -> float:
        judged = [s for s in self.sentences if s.judged]
        if not judged:
            return 1.0
        return sum(1 for s in judged if s.problems) / len(judged)


def check_sentence(sentence: str, cited_texts: dict[int, str]) -> SentenceCheck:
    """Flag a sentence with no citation, weak support, or facts its sources don't contain.

    `cited_texts` maps the marker numbers the sentence carries to the passages behind them.
    """
    claim = strip_markers(sentence)
    sources = tuple(cited_texts)
    if not sources:
        bare = ("has no citation",) if len(claim.split()) >= MIN_CHECKED_WORDS else ()
        return SentenceCheck(claim, sources, bare)
    cited = " ".join(cited_texts.values())
    problems: list[str] = []
    claim_terms = set(terms(claim))
    if claim_terms:
        support = len(claim_terms & set(terms(cited))) / len(claim_terms)
        if support < MIN_TERM_SUPPORT:
            problems.append(f"is not supported by source {_refs(sources)}")
    available = {_bare(f) for f in facts(cited)}
    missing = sorted(f for f in facts(claim) if _bare(f) not in available)
    if missing:
        problems.append(f"states {', '.join(missing)}, not found in source {_refs(sources)}")
    return SentenceCheck(claim, sources, tuple(problems))


def _refs(sources: tuple[int, ...]) -> str:
    return "".join(f"[{n}]" for n in sources)


def validate(text: str, passages: list[str]) -> Validation:
    """Check a model's answer against the passage texts it was given (numbered from 1)."""
    text = text.strip()
    if NOT_COVERED.search(text) and not any(1 <= n <= len(passages) for n in markers(text)):
        return Validation(answer="", sources=[], sentences=[], not_covered=True)
    warnings: list[str] = []
    order: list[int] = []
    removed: list[int] = []

    def renumber(match: re.Match[str]) -> str:
        kept = []
        for n in (int(x) for x in re.split(r"\s*[,;]\s*", match.group(1))):
            if not 1 <= n <= len(passages):
                removed.append(n)
                continue
            if n not in order:
                order.append(n)
            kept.append(f"[{order.index(n) + 1}]")
        return "".join(kept)

    cleaned = MARKER.sub(renumber, text)
    cleaned = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", cleaned)).strip()
    for n in sorted(set(removed)):
        warnings.append(f"Removed citation [{n}]: there is no source {n}.")
    checks = []
    for sentence in answer_sentences(cleaned):
        cited = {k: passages[order[k - 1] - 1] for k in dict.fromkeys(markers(sentence))}
        checks.append(check_sentence(sentence, cited))
    for i, check in enumerate(checks, start=1):
        for problem in check.problems:
            warnings.append(f"Sentence {i} {problem}: “{_short(check.text)}”")
    return Validation(cleaned, order, checks, warnings)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def best_sentence(text: str, claims: list[str], spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The span (within `text`) of the sentence sharing most content terms with `claims`.

    Falls back to the whole text when it has no sentence spans or nothing overlaps.
    """
    wanted = set(terms(" ".join(strip_markers(c) for c in claims)))
    best, best_score = (0, len(text)), 0.0
    for start, end in spans:
        own = set(terms(text[start:end]))
        score = len(wanted & own) / (len(wanted) or 1)
        if score > best_score:
            best, best_score = (start, end), score
    return best
