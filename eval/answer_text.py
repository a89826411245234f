"""Pure reading of an answer's Markdown: sentences with their `[n]` markers, numbers, quotations,
and fact matching that treats "10" and "100" as different numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = re.compile(r"\[(\d{1,3})\]")
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\[A-Z0-9\"'\u2018\u201c(*\u2022-])|\n+")
_LEADING_MARKERS = re.compile(r"^((?:\s*\[\d{1,3}\])+)")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_QUOTATION = re.compile(r"[\"\u201c\u2018']([^\"\u201d\u2019']{12,}?)[\"\u201d\u2019']")
_SPACE = re.compile(r"\s+")
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})


@dataclass(frozen=True)
class Sentence:
    """One answer sentence: its text without markers, and the citation numbers it carries."""

    text: str
    markers: tuple[int, ...]


def normalise(text: str) -> str:
    """Lower case, typography folded, whitespace collapsed."""
    return _SPACE.sub(" ", text.translate(_FOLD).lower()).strip()


def markers(answer: str) -> list[int]:
    """Every `[n]` in the answer, in order (repeats kept)."""
    return [int(m) for m in MARKER.findall(answer)]


def without_labels(answer: str) -> str:
    """The answer without its source labels: a line with no `[n]` and no closing punctuation
    that introduces cited lines ("Evidence submission — NHS Providers, January 2023 · Title")
    says whose words follow; it is not a claim."""
    lines = answer.splitlines()
    kept = []
    for index, line in enumerate(lines):
        following = next((ln for ln in lines[index + 1 :] if ln.strip()), "")
        label = (
            line.strip()
            and not MARKER.search(line)
            and not line.rstrip(" *_").endswith((".", "!", "?"))
            and MARKER.search(following)
        )
        if not label:
            kept.append(line)
    return "\n".join(kept)


def sentences(answer: str) -> list[Sentence]:
    """Sentences of the answer; markers placed after a full stop belong to the sentence before.

    Lines that are only headings/labels ending in a colon and blank lines are not sentences.
    """
    pieces = [p for p in _BOUNDARY.split(without_labels(answer)) if p and p.strip()]
    merged: list[str] = []
    for piece in pieces:
        lead = _LEADING_MARKERS.match(piece)
        if lead and merged:
            merged[-1] += lead.group(1)
            piece = piece[lead.end() :]
        if piece.strip():
            merged.append(piece)
    out: list[Sentence] = []
    for raw in merged:
        text = _BULLET.sub("", MARKER.sub("", raw)).strip(" *_#>")
        if not re.search(r"[A-Za-z0-9]", text) or (text.endswith(":") and not MARKER.search(raw)):
            continue
        out.append(Sentence(text=text, markers=tuple(int(m) for m in MARKER.findall(raw))))
    return out


def numbers(text: str) -> set[str]:
    """Numeric tokens (thousands separators removed): '1,000' -> '1000', '2025/26' -> 2025, 26."""
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(MARKER.sub(" ", text))}


def quotations(text: str) -> list[str]:
    """Text the answer puts in quotation marks (at least 12 characters, so not 'ten')."""
    return [q.strip() for q in _QUOTATION.findall(text)]


def has_fact(text: str, alias: str) -> bool:
    """Whether `alias` occurs in `text`, case- and typography-insensitively, as whole words at
    its word-character ends ("10" is not found in "100"; "rain" is not found in "training")."""
    needle = normalise(alias)
    if not needle:
        return False
    prefix = r"(?<!\w)" if re.match(r"\w", needle) else ""
    suffix = r"(?!\w)" if re.search(r"\w$", needle) else ""
    return re.search(prefix + re.escape(needle) + suffix, normalise(text)) is not None


def any_fact(text: str, aliases: list[str]) -> bool:
    """Whether any accepted alias of one key fact occurs."""
    return any(has_fact(text, alias) for alias in aliases)


def shingles(text: str, size: int = 8) -> set[str]:
    """Every run of `size` consecutive words (normalised), for spotting leaked prompt text."""
    words = re.findall(r"[a-z0-9']+", normalise(text))
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
