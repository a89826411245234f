"""Locating gold quotes in document texts, so chunks match evidence by character-span overlap."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.manifest import load_manifest

# Typographic characters a cleaner may straighten; folding them keeps one character for one,
# so offsets into the normalised text map straight back to the original.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Span:
    """Half-open character span `[start, end)` in one document's text."""

    doc_id: str
    start: int
    end: int

    def overlaps(self, doc_id: str, start: int, end: int) -> bool:
        return doc_id == self.doc_id and start < self.end and self.start < end


def _normalise(text: str, fold: bool) -> tuple[str, list[int]]:
    """Whitespace runs collapsed to one space (and optionally typography folded), with a map
    from each normalised character to its index in `text`."""
    if fold:
        text = text.translate(_FOLD)
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not in_space and out:
                out.append(" ")
                where.append(index)
            in_space = True
            continue
        in_space = False
        out.append(char)
        where.append(index)
    return "".join(out), where


def locate(quote: str, text: str, *, fold: bool = False) -> tuple[int, int] | None:
    """Span of `quote` in `text`, whitespace aside (and typography aside when `fold`)."""
    needle, _ = _normalise(quote, fold)
    needle = needle.strip()
    if not needle:
        return None
    haystack, where = _normalise(text, fold)
    found = haystack.find(needle)
    if found < 0:
        return None
    return where[found], where[found + len(needle) - 1] + 1


def contains(text: str, fragment: str, *, fold: bool = True) -> bool:
    """Case-insensitive, whitespace- and typography-insensitive containment."""
    needle, _ = _normalise(fragment.lower(), fold)
    haystack, _ = _normalise(text.lower(), fold)
    return bool(needle.strip()) and needle.strip() in haystack


def corpus_texts(corpus_dir: Path) -> dict[str, str]:
    """Raw text of every document in a corpus directory, keyed by manifest document id."""
    return {
        meta.id: (corpus_dir / file).read_text(encoding="utf-8")
        for file, meta in load_manifest(corpus_dir).items()
        if (corpus_dir / file).exists()
    }


def gold_spans(
    evidence: list[tuple[str, str]], texts: dict[str, str]
) -> tuple[list[Span], list[str]]:
    """Spans of `(doc_id, quote)` pairs in `texts` (e.g. cleaned texts from the index), and the
    quotes that could not be found there (reported, never silently dropped)."""
    spans: list[Span] = []
    missing: list[str] = []
    for doc_id, quote in evidence:
        text = texts.get(doc_id)
        found = locate(quote, text, fold=True) if text is not None else None
        if found is None:
            missing.append(f"{doc_id}: {quote[:60]}")
        else:
            spans.append(Span(doc_id, found[0], found[1]))
    return spans, missing
