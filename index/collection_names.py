"""The collection's capitalised multi-word names and its tokens, counted once per generation at
ingest (`index/collection_reading.py`): what a question's acronym may spell
(`assistant/retrieval/acronyms.py` reads them)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z][A-Za-z’'&-]*")
ACRONYM = re.compile(r"\b([A-Z][A-Za-z]*[A-Z][A-Za-z]*?)(s?)\b")
LOWER = re.compile(r"\b([a-z]{3,}?)(s?)\b")  # a word in small letters ("abcn", "orrs")
CONNECTORS = frozenset({"and", "of", "for", "the", "&", "in", "on", "to", "by"})
NAME_WORDS = (2, 6)  # words in a name an acronym may spell


@dataclass(frozen=True)
class CollectionNames:
    """How often the collection uses each capitalised multi-word name and each token."""

    names: Counter[str]
    tokens: Counter[str]
    lower: Counter[str]  # words the collection writes in small letters

    def acronym_for(self, word: str) -> str | None:
        """The acronym a word typed in small letters stands for ("abcn" -> "ABCN"): one the
        collection writes in capitals and never in small letters; None otherwise."""
        forms = self.__dict__.get("_forms")
        if forms is None:
            forms = {}
            for token, _n in self.tokens.most_common():
                forms.setdefault(token.casefold(), token)
            object.__setattr__(self, "_forms", forms)
        found: str | None = forms.get(word)
        return found if found is not None and not self.lower[word] else None

    def starting(self, letter: str) -> list[tuple[int, str]]:
        """(count, name) of the names whose first letter is `letter`, most used first."""
        by_letter = self.__dict__.get("_by_letter")
        if by_letter is None:
            by_letter = {}
            for name, count in self.names.most_common():
                by_letter.setdefault(name[0].casefold(), []).append((count, name))
            object.__setattr__(self, "_by_letter", by_letter)
        found: list[tuple[int, str]] = by_letter.get(letter, [])
        return found


def _capitalised(word: str) -> bool:
    return word[0].isupper()


def _runs(text: str) -> Iterable[list[str]]:
    """Maximal runs of capitalised words (connectors allowed inside) separated by spaces only."""
    run: list[str] = []
    end = -1
    for match in WORD.finditer(text):
        word = match.group()
        joined = bool(run) and text[end : match.start()] == " "
        if joined and (_capitalised(word) or word in CONNECTORS):
            run.append(word)
        else:
            if len(run) >= NAME_WORDS[0]:
                yield run
            run = [word] if _capitalised(word) else []
        end = match.end()
    if len(run) >= NAME_WORDS[0]:
        yield run


def names_in(texts: Iterable[str]) -> CollectionNames:
    """Every stretch of a capitalised run that starts and ends with a capitalised word."""
    names: Counter[str] = Counter()
    tokens: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for text in texts:
        tokens.update(m.group(1) for m in ACRONYM.finditer(text))
        lower.update(m.group() for m in LOWER.finditer(text))
        for run in _runs(text):
            for i, first in enumerate(run):
                if not _capitalised(first):
                    continue
                for j in range(i + NAME_WORDS[0], min(len(run), i + NAME_WORDS[1]) + 1):
                    if _capitalised(run[j - 1]):
                        names[" ".join(run[i:j])] += 1
    return CollectionNames(names, tokens, lower)


def spells(letters: str, words: list[str]) -> bool:
    """`letters` (casefolded) are the words' initials; a word in capitals may give all its
    letters, a connector may give its initial or nothing."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if word.casefold() in CONNECTORS and spells(letters, rest):
        return True
    options = {word[0].casefold()}
    if len(word) > 1 and word.isupper():
        options.add(word.casefold())
    return any(letters.startswith(o) and spells(letters[len(o) :], rest) for o in options)
