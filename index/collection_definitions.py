"""The acronyms the collection defines ("annual quality targets (AQTs)") and seldom uses on
their own, found once per generation at ingest (`index/collection_reading.py`);
`assistant/retrieval/definitions.py` reads a question's acronyms with them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.collection_names import spells
from nlp.lexical import STOPWORDS

DEFINED = re.compile(r"\(([A-Z][A-Za-z]*[A-Z][a-z]?)\)")  # "(ABC)", "(ABCs)", "(AbC)"
BEFORE = re.compile(r"[A-Za-z][A-Za-z’'-]*")
LONGEST = 8  # words a definition may run to
AS_OFTEN = 2  # the acronym used at most this many times as often as its definition
DOMINANT = 3  # times as often as the next phrase, for an unused acronym to be read as it
WORD_REST = r"[a-z’'-]*"  # a word's letters after its first (text in small letters)
NOT_IN_WORD = r"(?<![\w’'-])"
NOT_AFTER_WORD = r"(?![\w’'-])"


@dataclass(frozen=True)
class Definitions:
    """Each acronym the collection defines (casefolded, singular) with its defining words, and
    the collection's text in small letters, for an acronym it never uses."""

    words: dict[str, str]  # "aqt" -> "annual quality targets"
    written: dict[str, str]  # "aqt" -> "AQT"
    text: str = ""  # the documents' texts, casefolded
    spelled: dict[str, str | None] = field(default_factory=dict)  # phrases found so far

    def defined(self, token: str) -> str | None:
        """The acronym's defining words, if the collection seldom uses it on its own."""
        return self.words.get(_singular(token).casefold())

    def phrase_for(self, acronym: str) -> str | None:
        """The phrase an acronym the collection never uses stands for: the one run of words,
        clearly the most used, whose initials spell it ("HR" -> "human resources")."""
        letters = _singular(acronym).casefold()
        if letters not in self.spelled:
            self.spelled[letters] = _phrase(letters, self.text)
        return self.spelled[letters]


def _phrase(letters: str, text: str) -> str | None:
    if not letters.isalpha() or re.search(rf"{NOT_IN_WORD}{letters}s?{NOT_AFTER_WORD}", text):
        return None  # the collection uses the acronym itself
    words = r"\s+".join(f"({c}{WORD_REST})" for c in letters)
    found: Counter[str] = Counter()
    for match in re.finditer(f"(?={NOT_IN_WORD}{words}{NOT_AFTER_WORD})", text):  # overlapping
        run = match.groups()
        if run[0] not in STOPWORDS and run[-1] not in STOPWORDS:
            found[" ".join(run)] += 1
    ranked = found.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] < DOMINANT * ranked[1][1]):
        return None
    return ranked[0][0] if ranked[0][1] >= (2 if len(letters) == 2 else 1) else None


def _singular(acronym: str) -> str:
    """ "AQTs" -> "AQT"; "SaaS" stays (its "S" is a letter of the acronym)."""
    return acronym[:-1] if len(acronym) > 2 and acronym.endswith("s") else acronym


def definition_before(acronym: str, text: str) -> str | None:
    """The fewest words just before a "(ABC)" whose initials spell it ("annual quality
    targets (AQTs)"); None when no run of words does."""
    words = BEFORE.findall(text)[-LONGEST:]
    letters = _singular(acronym).casefold()
    if words and words[-1].endswith(("’s", "'s")):
        words[-1] = words[-1][:-2]  # "the Centre's (ABC)"
    for start in range(len(words) - 1, -1, -1):
        run = [w.strip("’'-") for w in words[start:]]
        if len(run) > 1 and spells(letters, run):
            return " ".join(words[start:])
    return None


def definitions_in(texts: Iterable[str]) -> Definitions:
    """Definitions the texts give, kept for acronyms used at most AS_OFTEN times as often as
    their defining words."""
    texts = list(texts)
    found: dict[str, Counter[str]] = {}
    written: dict[str, str] = {}
    for text in texts:
        for match in DEFINED.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            words = definition_before(match.group(1), text[line_start : match.start()])
            if words is not None:
                key = _singular(match.group(1)).casefold()
                found.setdefault(key, Counter())[words] += 1
                written.setdefault(key, _singular(match.group(1)))
    whole = "\n".join(texts)
    kept: dict[str, str] = {}
    for key, forms in found.items():
        words = forms.most_common(1)[0][0]
        acronym = re.escape(written[key])
        uses = len(re.findall(rf"\b{acronym}s?\b", whole))
        spelled = len(re.findall(re.escape(words.rstrip("s")), whole, re.IGNORECASE))
        if uses <= AS_OFTEN * spelled:
            kept[key] = words
    return Definitions(kept, {k: written[k] for k in kept}, whole.casefold())
