"""The noun a question asks for, and whether a sentence says it.

"What deposit does a tenant pay…", "what is the opening time of…", "how much extra funding…",
"library opening hours?": the answer is a deposit, a time, funding. A sentence on the question's
topic that never says the asked noun (nor, for a typed noun such as "number" or "rate", the word
that says which one: "account number", "interest rate") is about the topic without answering it.

Generic rules over the spaCy parse of the question, general English morphology; the sentence
side is plain word matching, so it is cheap enough for every candidate sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.answer.question_types import NOUN_TYPES, TYPE_LABELS, WH_TAGS
from nlp.lexical import terms, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from index.stored_document import StoredDocument
    from nlp.facts import SentenceFacts

RUN = frozenset({"NUM", "ADJ", "NOUN", "PROPN"})  # "what [annual late] fee", "which [cloud] host"
PLURAL = frozenset({"NNS", "NNPS"})
VERBAL = frozenset({"VERB", "AUX"})
SIBILANT = ("s", "x", "z", "ch", "sh")  # plural in "-es": "boxes", "taxes"
VOWELS = frozenset("aeiou")  # "policy" -> "policies", but "day" -> "days"
# Nouns that classify the noun after "of" rather than name the thing asked: "what kind of
# training", "which piece of software": the answer says "training", "software", not "kind".
CLASSIFIERS = frozenset({"kind", "type", "sort", "piece", "form", "variety"})
# Nouns that stand for anything at all: no sentence answering "what X stuff / things" says them.
PLACEHOLDERS = frozenset({"thing", "stuff"})


def noun_after(doc: Doc, start: int) -> Token | None:
    """The last noun of the run of modifiers and nouns from `start` ("what annual late fee"), or
    of the run after a classifier's "of" ("what kind of annual fee"); before a placeholder
    ("what safety stuff", "which garden things"), the noun before it, or none."""
    head = before = None
    for t in doc[start:]:
        if t.pos_ not in RUN and t.text != "-":
            break
        if t.pos_ == "NOUN":
            head, before = t, head
    if head is not None and head.lemma_.casefold() in PLACEHOLDERS:
        return before
    after = head.i + 1 if head is not None else len(doc)
    if head is not None and head.lemma_.casefold() in CLASSIFIERS and after < len(doc):
        if doc[after].lower_ == "of":  # "what kind of X": X
            return noun_after(doc, after + 1) or head
    return head


def _asked_token(doc: Doc) -> Token | None:
    """ "what/which X", "what is the X (of Y)", "how much X", or a question without a verb
    whose root is a noun ("library opening hours?")."""
    wh = next((t for t in doc if t.tag_ in WH_TAGS), None)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    if wh is None:
        verbless = not any(t.pos_ in VERBAL for t in doc)
        return root if verbless and root.pos_ == "NOUN" else None
    word = wh.lower_
    if word == "how":
        if wh.i + 1 < len(doc) and doc[wh.i + 1].lower_ == "much":
            return noun_after(doc, wh.i + 2)
        return None
    if word not in ("what", "which"):
        return None
    head = noun_after(doc, wh.i + 1)
    if head is not None:
        return head
    if root.lemma_ == "be" and wh.head == root and wh.dep_ in ("attr", "nsubj"):
        return next((t for t in root.children if t.dep_ in ("attr", "nsubj") and t != wh), None)
    return None


def word_forms(token: Token) -> frozenset[str]:
    """Lower-case forms a sentence may say the noun in: its lemma and its own word, with the
    regular plural endings ("fee", "fees"; "policy", "policies")."""
    out: set[str] = set()
    for base in {token.lemma_.casefold(), token.lower_}:
        if not base.isalpha():
            continue
        out |= {base, f"{base}s"}
        if base.endswith(SIBILANT):
            out.add(f"{base}es")
        if base.endswith("y") and base[-2:-1] not in VOWELS:
            out.add(f"{base[:-1]}ies")
    return frozenset(out)


@dataclass(frozen=True)
class AskedNoun:
    """A noun the answer must say: the word forms that say it, or for a noun naming a typed
    value ("fee", "date"), an entity of the labels that give such a value ("£2 million")."""

    forms: frozenset[str]
    labels: frozenset[str] = frozenset()


def asked_nouns(doc: Doc) -> tuple[AskedNoun, ...]:
    """Each noun a sentence must say to answer.

    A plural ("what steps…", "which regions…") asks for a list whose items are instances of
    the noun and rarely repeat it: nothing is asked of the sentence. A noun naming a typed value
    ("number", "rate", "date") is said by a value of its type as well, and its compound
    modifiers say which value ("account number"): each must be said."""
    token = _asked_token(doc)
    if token is None or token.pos_ != "NOUN" or token.tag_ in PLURAL:
        return ()
    forms = word_forms(token)
    typed = NOUN_TYPES.get(token.lemma_.casefold())
    if typed is None:
        return (AskedNoun(forms),) if forms else ()
    modifiers = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return (
        AskedNoun(forms, TYPE_LABELS.get(typed, frozenset())),
        *(AskedNoun(f) for c in modifiers if (f := word_forms(c))),
    )


@lru_cache(maxsize=65_536)
def _said(text: str) -> frozenset[str]:
    return frozenset(words(text))


@dataclass(frozen=True)
class AskedUnsaid:
    """How specific the asked noun a sentence does not say is: the highest IDF of an asked noun
    absent from the sentence and the one before, over the highest IDF of the question's focus
    terms (0 when every asked noun is said, 1 when the missing one is the question's rarest
    word). A common noun ("information", "option") weighs little: its answer is more often an
    instance than the word itself."""

    asked: tuple[AskedNoun, ...]
    weights: tuple[float, ...]  # per asked noun, its IDF over the focus terms' highest

    @classmethod
    def of(
        cls, asked: tuple[AskedNoun, ...], focus: frozenset[str], idf: Callable[[str], float]
    ) -> AskedUnsaid:
        peak = max((idf(t) for t in focus), default=0.0)
        weights = tuple(
            min(1.0, max((idf(t) for w in noun.forms for t in terms(w)), default=0.0) / peak)
            if peak > 0
            else 0.0
            for noun in asked
        )
        return cls(asked, weights)

    def sentence(
        self, doc: StoredDocument, number: int, before: int | None, facts: SentenceFacts | None
    ) -> float:
        """Of a document's sentence, with the one before it in its block (`before`)."""
        start, end = doc.sentences[number]
        previous = doc.sentence_text(before) if before is not None else None
        return self(doc.text[start:end], previous, facts.labels if facts else frozenset())

    def __call__(self, text: str, previous: str | None, labels: Set[str] = frozenset()) -> float:
        """`labels`: the entity labels of the sentence (a value of the asked type says it)."""
        if not self.asked:
            return 0.0
        said = _said(text) | (_said(previous) if previous else frozenset())
        return max(
            (
                w
                for noun, w in zip(self.asked, self.weights, strict=True)
                if not noun.forms & said and not noun.labels & labels
            ),
            default=0.0,
        )
