"""Cleaning as a per-source choice: which pieces a profile removes, and why.

With no profile nothing is removed. The "web-capture" profile removes what a browser capture
drags in besides the article: navigation and call-to-action lines (generic web wording), and
long paragraphs repeated across documents of the same publisher (its standard boilerplate).
Every removal is returned with its rule, so ingest can record it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ingest.formats.pieces import Piece

PROFILES = ("web-capture",)

# Interface wording of web pages: skip links, sharing, printing, sign-up and "more" links.
NAVIGATION = re.compile(
    r"^(?:skip (?:to|page|navigation)\b.*|share(?: this(?: page| article)?)?|print(?: this page)?|"
    r"back to top|subscribe|sign up|sign in|log in|menu|search|home|details|related content|"
    r"related articles|(?:find out|read|learn) more\b.{0,40}|enquire(?: about this \w+)?|"
    r"contact us|cookie settings|accept (?:all )?cookies|reject (?:all )?cookies|"
    r"next|previous|close)$",
    re.IGNORECASE,
)
# A short paragraph that asks the reader to act: sign up / register / book ... here / below / now.
CALL_TO_ACTION = re.compile(
    r"^(?=.{0,300}$).*\b(?:sign up|register|subscribe|book your place|join us)\b"
    r".*\b(?:here|below|now)\.?$",
    re.IGNORECASE,
)
# A boilerplate paragraph is long enough that recurring by chance is implausible.
BOILERPLATE_MIN_CHARS = 80


class CleaningError(ValueError):
    """A manifest names a cleaning profile that does not exist."""


def check_profile(profile: str) -> str:
    if profile and profile not in PROFILES:
        raise CleaningError(f"unknown cleaning profile {profile!r} (known: {', '.join(PROFILES)})")
    return profile


def piece_key(piece: Piece) -> str:
    """Whitespace- and case-insensitive identity of a piece, for repeated-paragraph detection."""
    return " ".join(piece.text.split()).casefold()


def repeated_paragraphs(documents: Iterable[list[Piece]]) -> set[str]:
    """Keys of long pieces found in two or more of `documents` (one publisher's documents)."""
    counts: Counter[str] = Counter()
    for pieces in documents:
        counts.update({piece_key(p) for p in pieces if len(p.text) >= BOILERPLATE_MIN_CHARS})
    return {key for key, n in counts.items() if n >= 2}


def removal_rule(piece: Piece, profile: str, repeated: set[str]) -> str | None:
    """Why `profile` removes a piece ("navigation", "call-to-action", ...), or None to keep it."""
    if not profile:
        return None
    flat = " ".join(piece.text.split())
    if piece.kind != "table" and NAVIGATION.match(flat.rstrip(" .:›»→")):
        return "navigation"
    if piece.kind in ("paragraph", "item") and CALL_TO_ACTION.match(flat):
        return "call-to-action"
    if piece_key(piece) in repeated:
        return "repeated-by-publisher"
    return None
