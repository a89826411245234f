"""Claim-level checks of an answer: does each sentence's quote contain its claim (support), and is
each claim presented as coming from the source it cites (attribution)? Pure, no model.

An answer is read line by line. A line with no `[n]` marker followed by cited lines is a *label*
("Evidence submission — NHS Providers, January 2023 · Title"): it tells the reader whose words
follow; a bold section heading before a cited sentence ("**Overview**: …") is presentation too.
The *claim* of a cited piece is its text before its first marker; anything after the markers
("(also said by …)") is presentation, read for attribution only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eval.answer_text import MARKER, normalise

_PIECE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'\u2018\u201c(])")
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
# A section's heading shown before the sentence that opens it ("**15 Support a culture of care**:
# …"): presentation, like a label line, not part of the claim.
_HEADING = re.compile(r"^\*\*[^*\n]+\*\*:\s+")
_STRIP = " \t*_#>\"'\u201c\u201d\u2018\u2019\u2026."
_ATTRIBUTION = re.compile(r"\b(?:according to|also said by|said by|says|writes)\b(.*)", re.I)


@dataclass(frozen=True)
class Claim:
    """One cited piece of an answer: its claim text, its markers, the label it sits under and
    any attribution it states itself."""

    text: str
    markers: tuple[int, ...]
    label: str
    attribution: str


@dataclass(frozen=True)
class Source:
    """What the collection's manifest says about a cited document."""

    kind: str
    publisher: str


def claims(answer: str) -> list[Claim]:
    """Cited pieces of the answer under their labels; uncited lines become the current label."""
    out: list[Claim] = []
    label = ""
    for line in answer.splitlines():
        if not line.strip():
            continue
        if not MARKER.search(line):
            label = line.strip()
            continue
        for piece in _PIECE.split(_HEADING.sub("", _BULLET.sub("", line))):
            found = MARKER.search(piece)
            if not found:
                continue
            text = piece[: found.start()].strip(_STRIP)
            tail = MARKER.sub("", piece[found.start() :])
            said = _ATTRIBUTION.search(text) or _ATTRIBUTION.search(tail)
            out.append(
                Claim(
                    text=text,
                    markers=tuple(int(m) for m in MARKER.findall(piece)),
                    label=label,
                    attribution=said.group(0) if said else "",
                )
            )
    return out


def _inside(claim: str, quote: str) -> bool:
    needle, hay = normalise(claim).strip(_STRIP), normalise(quote)
    return bool(needle) and needle in hay


def support(answer: str, quotes: Mapping[int, str]) -> float | None:
    """Share of cited claims whose text is contained, verbatim (case, whitespace and typography
    aside), in one of the quotes it cites. Exact by design: for extractive answers, whose every
    sentence is a quote. None when the answer has no cited claim."""
    found = [c for c in claims(answer) if c.text]
    if not found:
        return None
    held = sum(1 for c in found if any(_inside(c.text, quotes.get(n, "")) for n in c.markers))
    return held / len(found)


def _names(text: str, values: set[str]) -> set[str]:
    flat = normalise(text)
    return {v for v in values if v and normalise(v) in flat}


def misattributed(claim: Claim, cited: Sequence[Source], everyone: Sequence[Source]) -> bool:
    """Whether the claim is presented as another source's: its label or its own attribution
    names a publisher none of its cited documents has, or its label starts with a document kind
    none of them has (a submission presented as the review)."""
    publishers = {s.publisher for s in everyone}
    named = _names(claim.label, publishers) | _names(claim.attribution, publishers)
    if named - {s.publisher for s in cited}:
        return True
    label = normalise(claim.label).lstrip(" *_#>")
    kinds = {s.kind for s in everyone if s.kind and label.startswith(normalise(s.kind))}
    return bool(kinds) and not kinds & {s.kind for s in cited}


def attribution(
    answer: str, doc_of: Mapping[int, str], sources: Mapping[str, Source]
) -> float | None:
    """Share of cited claims presented as coming from a source they cite (see `misattributed`).
    `doc_of` maps citation numbers to document ids, `sources` document ids to manifest kind and
    publisher. None when no claim cites a known document."""
    everyone = list(sources.values())
    scored = 0
    right = 0
    for claim in claims(answer):
        cited = [sources[doc_of[n]] for n in claim.markers if doc_of.get(n) in sources]
        if not cited:
            continue
        scored += 1
        right += not misattributed(claim, cited, everyone)
    return right / scored if scored else None
