"""What one sentence holds of the question's details besides its topic: IDF-weighted coverage of
its terms, the specific terms it lacks, and the values, names, noun, verb and count the question
gives (see `Details`). Pure functions over terms and stored sentence facts.
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.answer.question import Question
from nlp.facts import SentenceFacts
from nlp.lexical import stem, terms, words

if TYPE_CHECKING:
    from assistant.retrieval.state import IndexState

LIGHT = 0.5  # weight of a question's relation terms ("led", "come into force") in coverage


@lru_cache(maxsize=65_536)
def text_terms(text: str) -> frozenset[str]:
    """Index terms of a text (sentences, sections and titles repeat across questions)."""
    return frozenset(terms(text))


def coverage(
    wanted: frozenset[str] | set[str],
    have: set[str],
    state: IndexState,
    light: frozenset[str] = frozenset(),
) -> float:
    """IDF-weighted share of `wanted` terms present in `have` (0..1); `light` terms weigh
    `LIGHT` of their IDF."""

    def weight(t: str) -> float:
        return state.idf(t) * (LIGHT if t in light else 1.0)

    total = sum(weight(t) for t in wanted)
    if total <= 0:
        return 0.0
    return sum(weight(t) for t in wanted & have) / total


UNMATCHED_SCALE = 10.0  # IDF units: about two rare terms


def unmatched(wanted: Set[str], have: Set[str], state: IndexState) -> float:
    """IDF mass of the question's focus terms (relation words left out) absent from a sentence's
    context, in `UNMATCHED_SCALE` units: unlike a share, it grows with every specific detail the
    question adds ("twice", "formally", "out of 100") that the sentence does not mention."""
    return sum(state.idf(t) for t in wanted - have) / UNMATCHED_SCALE


def unmatched_peak(wanted: Set[str], have: Set[str], state: IndexState) -> float:
    """The IDF of the rarest focus term absent from the context, over the rarest focus term's:
    1 when the question's most specific word is missing, near 0 when only common ones are."""
    peak = max((state.idf(t) for t in wanted), default=0.0)
    missing = max((state.idf(t) for t in wanted - have), default=0.0)
    return missing / peak if peak > 0 else 0.0


class TermWeights:
    """`coverage`, `unmatched` and `unmatched_peak` of one question's terms, with the IDFs and
    totals looked up once per question: `gather` asks them of every candidate sentence. Each
    gives exactly what the function of the same name gives (same sets, same order of sums)."""

    def __init__(self, question: Question, state: IndexState) -> None:
        light = question.relation_terms
        self.wanted = question.focus_terms | question.subject_terms
        self.focus = question.focus_terms - light  # relation words left out
        self.idf = {t: state.idf(t) for t in self.wanted | self.focus}
        self.weight = {t: self.idf[t] * (LIGHT if t in light else 1.0) for t in self.wanted}
        self.total = sum(self.weight[t] for t in self.wanted)
        self.peak = max((self.idf[t] for t in self.focus), default=0.0)

    def coverage(self, have: set[str]) -> float:
        if self.total <= 0:
            return 0.0
        return sum(self.weight[t] for t in self.wanted & have) / self.total

    def unmatched(self, have: Set[str]) -> float:
        return sum(self.idf[t] for t in self.focus - have) / UNMATCHED_SCALE

    def unmatched_peak(self, have: Set[str]) -> float:
        missing = max((self.idf[t] for t in self.focus - have), default=0.0)
        return missing / self.peak if self.peak > 0 else 0.0


class Details:
    """Whether a sentence holds the details the question asks about, besides its topic: the
    values and names it gives (in the sentence, the one before, its section or its source),
    the noun it asks about and, for "how many X", a number counting X (in the sentence)."""

    def __init__(self, question: Question, state: IndexState) -> None:
        # "between 2022 and 2024": the numbers are what must match, not the words around them
        self.values = [frozenset(t for t in g if _numeric(t)) or g for g in question.values]
        self.names = [(g, sum(state.idf(t) for t in g)) for g in question.names]
        self.name_weight = sum(w for _g, w in self.names)
        self.idf = state.idf
        self.head = question.head
        self.counted = question.counted
        self.predicate = question.predicate
        # "who led X": a relation verb documents say in many ways ("X, undertaken by…") is half
        # missing when absent, as it weighs half in coverage
        self.verb_weight = LIGHT if question.predicate <= question.relation_terms else 1.0
        # "who led the review?": a sentence naming the collection's subject by its full name
        # states who conducted it in its own words ("X has conducted the Y Review"), so the
        # question's verb is not missing from it
        self.subject = question.subject_terms
        self.starts = question.relation_terms if question.answer_type == "date" else frozenset()
        self.past = question.past
        self.wanted = question.focus_terms | question.subject_terms

    def features(
        self, text: str, info: SentenceFacts, near: set[str], around: set[str], dated: Set[str]
    ) -> dict[str, float]:
        missing_values = sum(not g & (around | dated) for g in self.values)
        missing_names = sum(self.idf(t) for g, _w in self.names for t in g - around)
        unsaid = sum(self.idf(t) for g, _w in self.names for t in g - near)
        said = self.answering_part(text, info) if self.past else text
        return {
            "value_missing": missing_values / len(self.values) if self.values else 0.0,
            "name_missing": missing_names / self.name_weight if self.name_weight > 0 else 0.0,
            "name_unsaid": unsaid / self.name_weight if self.name_weight > 0 else 0.0,
            "head_missing": float(bool(self.head) and not self.head & near),
            "verb_missing": self.verb_weight
            * float(
                bool(self.predicate) and not self.predicate & near and not self.names_subject(near)
            ),
            "count_unattached": float(bool(self.counted) and not counts(text, info, self.counted)),
            "modal_mismatch": float(self.past and bool(modals(said))),
            "recommends": float(self.past and advises(said)),
        }

    def answering_part(self, text: str, info: SentenceFacts) -> str:
        """A unit of several sentences (a list item quoted whole): the sentence holding most of
        the question's terms, so that a plan in one sentence of the item does not stand for the
        report in another ("must be done soon. It was first done in May.")."""
        if len(info.parts) < 2:
            return text
        parts = [text[start:end] for start, end in info.parts]
        return max(parts, key=lambda part: len(self.wanted & text_terms(part)))

    def implied(self, text: str, info: SentenceFacts) -> frozenset[str]:
        """ "When did X come into force?": a sentence dating X from a starting point ("From 1
        June 2015 all services will be assessed on X") says when X took effect in its own
        words, so the question's relation terms count as said in it."""
        return self.starts if self.starts and starts_from(text, info) else frozenset()

    def names_subject(self, near: Set[str]) -> bool:
        """The sentence (or the one before) holds every word of the subject's name."""
        return bool(self.subject) and self.subject <= near


# English prepositions that open a date as the point something holds from ("from 1 March 2019",
# "since 2019", "as of April"): a closed grammatical class, as the modals below.
STARTING = frozenset({"from", "since", "of"})


def starts_from(text: str, info: SentenceFacts) -> bool:
    """A date in the sentence follows a preposition of starting point ("From 1 March 2019")."""
    for value, label in info.values:
        if label != "DATE":
            continue
        at = text.find(value)
        before = words(text[:at])[-1:] if at >= 0 else []
        if before and before[0] in STARTING and (before[0] != "of" or _as_of(text[:at])):
            return True
    return False


def _as_of(prefix: str) -> bool:
    return words(prefix)[-2:-1] == ["as"]


# English modal auxiliaries (a closed grammatical class): a sentence that says what should,
# will or could happen plans or recommends; it does not report a past event.
MODALS = frozenset({"should", "will", "shall", "must", "ought", "could", "may", "might", "can"})
# The modals of obligation and advice: a sentence saying what should or must be done recommends
# or rules; unlike "will" or "can" (often a plan that came to pass, or a capacity), it never
# reports that the thing was done, so it does not answer what happened.
DEONTIC = frozenset({"should", "shall", "must", "ought"})


# Words that open an indirect question: a modal after one asks what ought to be done ("the
# review asked how national bodies should divide responsibility"); it advises nothing.
INDIRECT = frozenset({"how", "whether", "what", "why"})
CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]")


@lru_cache(maxsize=65_536)
def advises(text: str) -> bool:
    """The sentence says what should or must be done: a modal of obligation outside an
    indirect question of its own clause."""
    for clause in CLAUSE_BREAK.split(text):
        found = words(clause)
        for i, word in enumerate(found):
            if word in DEONTIC and not INDIRECT & set(found[:i]):
                return True
    return False


CASED_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=65_536)
def modals(text: str) -> frozenset[str]:
    """The modal auxiliaries of a sentence; a capitalised one inside it is a name or a month
    ("in May 2021"), not a modal."""
    found = CASED_WORD.findall(text)
    return frozenset(
        w.lower() for i, w in enumerate(found) if w.lower() in MODALS and (i == 0 or w.islower())
    )


def _numeric(word: str) -> bool:
    return any(c.isdigit() for c in word)


COUNT_GAP = 3  # words between a number and the noun it counts ("4 mandatory key indicators")


@lru_cache(maxsize=65_536)
def counts(text: str, info: SentenceFacts, counted: frozenset[str]) -> bool:
    """A number (digits, or a word the recogniser reads as one; not part of a date) stands
    within a few words before a counted noun ("at least 4 weeks", "five key principles")."""
    from spacy.lang.en.lex_attrs import like_num  # spaCy's number words, loaded with the parser

    # "about item 7" read as one number: its number is "7", not the words around it
    spelled = {
        w
        for value, label in info.values
        if label == "CARDINAL"
        for w in words(value)
        if like_num(w)
    }
    # "up to three days a week": a duration of the counted noun is a count of it
    spelled |= {
        w
        for value, label in info.values
        if label in ("DATE", "TIME") and counted & text_terms(value)
        for w in words(value)
        if like_num(w)
    }
    # "from 1 March 2019 all clinics": a date's numbers count no services
    dated = {
        w
        for value, label in info.values
        if label in ("DATE", "TIME") and not counted & text_terms(value)
        for w in words(value)
    }
    found = words(text)
    numbers = [i for i, w in enumerate(found) if (_numeric(w) or w in spelled) and w not in dated]
    nouns = [i for i, w in enumerate(found) if stem(w) in counted]
    # "ten of the largest clinics": a partitive "of the" stands between the count and its noun
    reach = {i: COUNT_GAP + 1 + (2 if found[i + 1 : i + 2] == ["of"] else 0) for i in numbers}
    return any(0 < n - i <= reach[i] for i in numbers for n in nouns)
