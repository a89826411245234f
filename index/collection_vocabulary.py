"""The collection's vocabulary, counted once per generation at ingest
(`index/collection_reading.py`): how often it uses each word and how it writes it, to read a
question typed as in chat in the collection's words (`assistant/retrieval/informal.py`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from nlp.lexical import STOPWORDS, stem

WORD = re.compile(r"\b[A-Za-z]+\b")  # not the letters of "Ab12CD"
SENTENCE_START = re.compile(r"(?:^|[-.!?:;•*#>\n]\s*)$")
VOWELS = frozenset("aeiouy")
FREQUENT = 2  # uses in the collection before a word may stand for a clipped one
DOMINANT = 3  # times as often as the next candidate stem, for a clipped word to be read as it
CAPITALISED = 3  # times as often capitalised (mid-sentence) as in small letters, to truecase
SHORTEST = 3  # letters of a clipped word worth reading ("ab" is too short to say which word)
SHORT_WORD = 4  # letters of a common word that may still be clipped ("org", "info")
SHORTEST_SLIP = 5  # letters of a word worth reading as a one-letter slip


@dataclass
class Vocabulary:
    """How often the collection uses each word (casefolded), how it writes it mid-sentence,
    and which words share an index stem."""

    counts: Counter[str] = field(default_factory=Counter)
    written: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    stems: set[str] = field(default_factory=set)

    def add(self, text: str) -> None:
        for match in WORD.finditer(text):
            word = match.group()
            folded = word.casefold()
            self.counts[folded] += 1
            inside = any(c.isupper() for c in word[1:])  # "ABC", "AbC": capitals anywhere
            if inside or not SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]):
                self.written[folded][word] += 1

    def finish(self) -> Vocabulary:
        self.stems = {stem(w) for w in self.counts}
        return self

    def truecased(self, word: str, names: bool = True) -> str:
        """The collection's capitalised form of a word typed in small letters: an acronym it
        writes in capitals as a rule ("abc" -> "ABC"), or, with `names`, a name it never writes
        in small letters ("smithfield" -> "Smithfield"); the word otherwise."""
        forms = self.written.get(word)
        if not word.islower() or not forms:
            return word
        form, n = forms.most_common(1)[0]
        if any(c.isupper() for c in form[1:]):
            return form if n >= CAPITALISED * forms[word] else word
        return form if names and form != word and not forms[word] else word

    def known(self, word: str) -> bool:
        folded = word.casefold()
        return folded in self.counts or stem(folded) in self.stems

    def unclipped(self, word: str, english: Container[str] = ()) -> str | None:
        """The frequent collection word that a word neither the collection nor `english` (common
        English words) uses stands for, if one stem is clearly the likeliest; None otherwise.
        A prefix is tried first, then an abbreviation, then a one-letter slip; a short common
        word is read only as a much longer word it starts ("org", "dev")."""
        folded = word.casefold()
        if len(folded) < SHORTEST or self.known(folded):
            return None
        if folded in english:
            if len(folded) > SHORT_WORD:
                return None
            longer = (w for w in self._frequent() if len(w) >= len(folded) + SHORT_WORD - 1)
            return self._likeliest((w, prefix_of(folded, w)) for w in longer)
        plural = folded.endswith("s") and len(folded) > SHORTEST
        for typed in (folded, folded[:-1]) if plural else (folded,):  # "collabs"
            for fits in (prefix_of, abbreviates):
                found = self._likeliest(((w, fits(typed, w)) for w in self._frequent()), plural)
                if found is not None:
                    return found
        if len(folded) >= SHORTEST_SLIP:
            return self._likeliest((w, float(one_slip(folded, w))) for w in self._frequent())
        return None

    def _frequent(self) -> list[str]:
        frequent = self.__dict__.get("_frequent_words")
        if frequent is None:
            frequent = [w for w, n in self.counts.items() if n >= FREQUENT and w not in STOPWORDS]
            self.__dict__["_frequent_words"] = frequent
        return frequent

    def _likeliest(self, fits: Iterable[tuple[str, float]], plural: bool = False) -> str | None:
        """The most used word of the best fitting stem (the one most used among those that fit
        as well), when it is clearly the likeliest; a plural for a plural."""
        by_stem: dict[str, Counter[str]] = defaultdict(Counter)
        fit: dict[str, float] = {}
        for w, f in fits:
            if f > 0:
                key = stem(w)
                by_stem[key][w] = self.counts[w]
                fit[key] = max(fit.get(key, 0.0), f)
        if not by_stem:
            return None
        best = max(fit.values())
        ranked = sorted((c for k, c in by_stem.items() if fit[k] == best), key=lambda c: -c.total())
        if len(ranked) > 1 and ranked[0].total() < DOMINANT * ranked[1].total():
            return None  # two readings as likely: leave the word as typed
        forms = sorted(ranked[0], key=lambda w: (w.endswith("s") != plural, -ranked[0][w]))
        return forms[0]


def prefix_of(short: str, word: str) -> float:
    """1 when `short` clips `word` at its end ("collab" of "collaborative"), else 0."""
    return float(len(word) > len(short) and word.startswith(short))


def abbreviates(short: str, word: str) -> float:
    """How well `short` abbreviates `word`, 0 when it does not: it keeps the word's first
    letters, then consonants only, each found in order in the rest of the word, the last being
    the word's last consonant ("govt", "mgmt", "ppl" of "people", not of "population")."""
    if len(word) < len(short) + 2 or short[0] != word[0] or word.startswith(short):
        return 0.0
    lead = 1
    while lead < len(short) and short[lead] == word[lead]:
        lead += 1
    tail = short[lead:]
    if not tail or VOWELS & set(tail) or word.rstrip("aeiouy")[-1:] != tail[-1]:
        return 0.0
    rest = iter(word[lead:])
    if not all(c in rest for c in tail):  # in order
        return 0.0
    skeleton = word[0] + "".join(c for c in word[1:] if c not in VOWELS)
    # all its consonants ("ppl") fits best, in a word it shortens to half or less
    return 2.0 if short == skeleton and len(word) >= 2 * len(short) else 1.0


def one_slip(typed: str, word: str) -> bool:
    """`typed` is `word` with one letter left out, added, changed or two letters swapped."""
    if typed == word or abs(len(typed) - len(word)) > 1 or typed[0] != word[0]:
        return False
    if len(typed) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == word[diff[1]]
            and typed[diff[1]] == word[diff[0]]
        )
    shorter, longer = sorted((typed, word), key=len)
    i = next(
        (i for i, (a, b) in enumerate(zip(shorter, longer, strict=False)) if a != b), len(shorter)
    )
    return shorter[i:] == longer[i + 1 :]


def vocabulary_of(texts: Iterable[str]) -> Vocabulary:
    found = Vocabulary()
    for text in texts:
        found.add(text)
    return found.finish()
