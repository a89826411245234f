"""Pure cleaning of web-captured text: drop navigation and marketing, normalise bullets and gaps.

The cleaned text is the single text a document is known by afterwards: every span in the index,
every citation and the source viewer use offsets into it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

NAV_LINES = frozenset(
    line.casefold()
    for line in (
        "Skip page header and navigation",
        "Skip to main content",
        "Details",
        "Find out more",
        "Find out more Arrow pointing right",
        "Enquire about this article",
        "Enquire",
        "Here to help",
        "Stay on top of the latest developments in health and care.",
        "Hear from Patricia Hewitt",
        "Share this page",
        "Share",
        "Print",
        "Back to top",
        "Subscribe",
        "Sign up",
        "Read more",
        "Related content",
        "Cookie settings",
        "Accept all cookies",
    )
)

# Sign-up and marketing blurbs: a short paragraph that asks the reader to act and links "here".
SIGN_UP = re.compile(
    r"^(?=.{0,300}$).*\b(sign up|register|subscribe|book your place|join us)\b"
    r".*\b(here|below|now)\.?$",
    re.IGNORECASE,
)
MARKETING = re.compile(
    r"^(we are (hosting|running|holding)|we will be hosting|join us (at|for)|register (now|here)|"
    r"book (now|your place)|to hear more of our)\b",
    re.IGNORECASE,
)
BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[•●▪◦‣∙·*]|[-–—](?=\s))[ \t]+")
PAGE_BREAK_GAP = re.compile(r"\n[ \t]*\n(?:[ \t]*\n){2,}")
BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
INNER_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
TERMINAL = (".", "!", "?", ":", ";", "”", '"', ")", "’")

# A boilerplate paragraph is long enough that recurring by chance is implausible.
BOILERPLATE_MIN_CHARS = 80


def normalise_paragraph_key(paragraph: str) -> str:
    """Whitespace- and case-insensitive identity of a paragraph, for boilerplate detection."""
    return " ".join(paragraph.split()).casefold()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by one or more blank lines."""
    return [p for p in BLANK_LINES.split(text) if p.strip()]


def find_boilerplate(raw_texts: Iterable[str]) -> set[str]:
    """Paragraphs that recur verbatim in two or more documents (a publisher's standard copy)."""
    counts: Counter[str] = Counter()
    for text in raw_texts:
        keys = {
            normalise_paragraph_key(p)
            for p in split_paragraphs(_normalise_newlines(text))
            if len(p.strip()) >= BOILERPLATE_MIN_CHARS
        }
        counts.update(keys)
    return {key for key, n in counts.items() if n >= 2}


def _normalise_newlines(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\ufeff", "").replace("\u200b", "")


def _rejoin_page_breaks(text: str) -> str:
    """A sentence cut by a page break ("will be\\n\\n\\n\\nfurther developed") is rejoined."""

    def join(match: re.Match[str]) -> str:
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip()
        if before and after and not before.endswith(TERMINAL) and after[:1].islower():
            return " "
        return "\n\n"

    return PAGE_BREAK_GAP.sub(join, text)


def _clean_line(line: str) -> str:
    match = BULLET.match(line)
    if match:
        depth = len(match.group("indent").expandtabs(4)) // 4
        body = INNER_SPACES.sub(" ", line[match.end() :]).strip()
        return "  " * depth + "- " + body
    stripped = line.strip()
    indent = len(line) - len(line.lstrip(" \t"))
    body = INNER_SPACES.sub(" ", stripped)
    # Indented numbered list items keep their nesting so they read as a list.
    if indent and re.match(r"^\d+[.)]\s", body):
        return "  " * max(1, indent // 4) + body
    return body


def _is_noise(paragraph: str, boilerplate: set[str]) -> bool:
    flat = " ".join(paragraph.split())
    key = flat.casefold()
    return (
        key in NAV_LINES or key in boilerplate or bool(SIGN_UP.match(flat) or MARKETING.match(flat))
    )


def clean_text(raw: str, boilerplate: set[str] | None = None) -> str:
    """Cleaned text: noise paragraphs and lines dropped, bullets as "- ", single blank lines."""
    boilerplate = boilerplate or set()
    text = _rejoin_page_breaks(_normalise_newlines(raw))
    paragraphs: list[str] = []
    for paragraph in split_paragraphs(text):
        if _is_noise(paragraph, boilerplate):
            continue
        lines = [_clean_line(line) for line in paragraph.split("\n")]
        kept = [line for line in lines if line.strip() and line.strip().casefold() not in NAV_LINES]
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""
