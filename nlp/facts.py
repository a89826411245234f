"""What a sentence states, read once with spaCy at ingest: its entities (dates, numbers, amounts,
names), whether it leans on the sentence before ("This…", "However,…", "They…") and negation.

Each sentence is parsed on its own text, so its facts do not depend on its neighbours and an
unchanged document keeps them across re-ingests. The answer engine reads them from the index and
never parses a document sentence itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nlp.spacy_pipeline import get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Bump when what a fact means changes: ingest then re-parses every document.
# 2: a year span ("2025/26") is a DATE; 3: a unit's inner sentences (`parts`); 4: an
# anticipatory "it" ("It is important that…") does not lean on the sentence before, an
# opening connective phrase ("For instance,") does
VERSION = 4
PERIOD = re.compile(r"((?:19|20)\d\d)\s?[/–-]\s?((?:19|20)?\d\d)")
VALUE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
NAME_LABELS = frozenset({"ORG", "PERSON", "GPE"})
BE_FORMS = frozenset({"is", "was", "be", "been", "'s", "’s"})
CLAUSE_OPENERS = frozenset({"that", "whether", "if", "how", "why", "when"})
OBJECT_TAGS = frozenset({"DT", "PDT", "PRP", "PRP$", "NN", "NNS", "NNP", "NNPS", "JJ", "CD"})
# Components the facts need: tags and morphology (PronType, Polarity, Person), entities and
# sentence starts. The parser and the lemmatizer change none of them.
COMPONENTS = ("tok2vec", "tagger", "attribute_ruler", "ner", "senter")
BATCH = 64


@dataclass(frozen=True)
class SentenceFacts:
    """The parse facts evidence scoring and composition use, for one sentence."""

    entities: tuple[tuple[str, str], ...]  # (text, label) of every entity, in order
    dependent: bool  # opens with a pronoun, demonstrative or connective that needs context
    negated: bool
    # A unit of several sentences (a list item or table row is stored whole): the character
    # spans of its sentences within it; empty for a single sentence.
    parts: tuple[tuple[int, int], ...] = ()

    @property
    def labels(self) -> frozenset[str]:
        """Entity labels present."""
        return frozenset(label for _text, label in self.entities)

    @property
    def values(self) -> tuple[tuple[str, str], ...]:
        """(text, label) of the dates, numbers and amounts it states."""
        return tuple(e for e in self.entities if e[1] in VALUE_LABELS)

    @property
    def names(self) -> tuple[str, ...]:
        """Texts of the organisations, people and places it names."""
        return tuple(text for text, label in self.entities if label in NAME_LABELS)

    def to_json(self) -> list[Any]:
        """Compact form for documents.json: `[[[text, label], ...], dependent, negated]`, then
        `[[start, end], ...]` for a unit of several sentences."""
        data: list[Any] = [[list(e) for e in self.entities], self.dependent, self.negated]
        return data + [[list(p) for p in self.parts]] if self.parts else data

    @classmethod
    def from_json(cls, data: list[Any]) -> SentenceFacts:
        entities, dependent, negated, *rest = data
        parts = tuple((int(s), int(e)) for s, e in rest[0]) if rest else ()
        return cls(
            tuple((str(t), str(lab)) for t, lab in entities), bool(dependent), bool(negated), parts
        )


NO_FACTS = SentenceFacts((), dependent=False, negated=False)


def dependent(doc: Doc) -> bool:
    """Sentence-initial personal/demonstrative pronoun, demonstrative determiner, or a
    connective adverb/conjunction ("However,", "But", "They", "This", "These changes"); not
    an anticipatory "it" that stands for the clause after it ("It is vital that…")."""
    tokens = [t for t in doc if not t.is_punct and not t.is_space]
    if not tokens:
        return False
    first = tokens[0]
    pron_type = first.morph.get("PronType", [])
    if first.pos_ == "PRON" and ("Prs" in pron_type or "Dem" in pron_type):
        if anticipatory_it(tokens):
            return False
        return not {"1", "2"} & set(first.morph.get("Person", []))
    if first.pos_ == "DET" and "Dem" in pron_type:
        return True
    if first.pos_ == "CCONJ":
        return True
    follows_comma = len(doc) > first.i + 1 and doc[first.i + 1].text == ","
    return first.pos_ == "ADV" and follows_comma or _connective_phrase(doc, first)


def _connective_phrase(doc: Doc, first: Token) -> bool:
    """An opening preposition and one bare common word, then a comma ("For instance,", "In
    short,"): it ties the sentence to the one before. A name, a number, a plural or a
    determiner makes it a setting of its own ("In 2020,", "In Leeds,", "For patients,")."""
    if first.pos_ != "ADP" or len(doc) <= first.i + 2 or doc[first.i + 2].text != ",":
        return False
    word = doc[first.i + 1]
    return word.is_lower and word.tag_ in ("NN", "JJ", "RB") and not word.like_num


def anticipatory_it(tokens: Sequence[Token]) -> bool:
    """ "It is important that…", "It's vital to…", "It may be worth checking…": "it" opens
    a form of "be" and an adjective whose clause (that / to / whether / -ing) follows, and
    stands for that clause, not for anything said before. Read from tags alone (facts are
    parsed without the dependency parser)."""
    if len(tokens) < 4 or tokens[0].lower_ != "it":
        return False
    n = 1
    while n < len(tokens) and (tokens[n].tag_ in ("MD", "RB") or tokens[n].lower_ in BE_FORMS):
        n += 1
    if n == 1 or not any(t.lower_ in BE_FORMS for t in tokens[1:n]) or n >= len(tokens) - 1:
        return False
    if tokens[n].tag_ not in ("JJ", "JJR", "JJS"):
        return False
    after = tokens[n + 1]
    if after.tag_ == "TO":  # "to" marking an infinitive ("important to us" is a preposition)
        # with an object of its own: "it is easy to use" says "it" is easy, of what came before
        verb, obj = tokens[n + 2 : n + 3], tokens[n + 3 : n + 4]
        return bool(verb and obj) and verb[0].tag_ == "VB" and obj[0].tag_ in OBJECT_TAGS
    return after.lower_ in CLAUSE_OPENERS or after.tag_ == "VBG"


def period_label(text: str, label: str) -> str:
    """DATE for a year written as a span of two ("2025/26", "2024-25"): a financial or academic
    year, which the recogniser reads as a number."""
    found = PERIOD.fullmatch(text.strip())
    if label != "CARDINAL" or found is None:
        return label
    first, second = int(found[1]), int(found[2])
    return "DATE" if second % 100 == (first + 1) % 100 else label


def facts_of(doc: Doc) -> SentenceFacts:
    """The facts of one parsed sentence."""
    return SentenceFacts(
        entities=tuple((e.text, period_label(e.text, e.label_)) for e in doc.ents),
        dependent=dependent(doc),
        negated=any("Neg" in t.morph.get("Polarity", []) for t in doc),
        parts=_parts(doc),
    )


def _parts(doc: Doc) -> tuple[tuple[int, int], ...]:
    if not doc.has_annotation("SENT_START"):
        return ()  # parsed without a sentence component: read as one sentence
    spans = tuple((sent.start_char, sent.end_char) for sent in doc.sents if sent.text.strip(" \n"))
    return spans if len(spans) > 1 else ()


def _parsed(texts: Sequence[str]) -> Iterator[Doc]:
    """Each text through the needed components, called directly so the shared pipeline's
    enabled/disabled state is left alone (safe while other threads use `get_nlp()`)."""
    nlp = get_nlp()
    docs: Iterator[Doc] = (nlp.make_doc(text) for text in texts)
    for name in COMPONENTS:
        docs = nlp.get_pipe(name).pipe(docs, batch_size=BATCH)  # type: ignore[attr-defined]
    return docs


def sentence_facts(texts: Sequence[str]) -> list[SentenceFacts]:
    """The facts of each sentence text, in order (repeated texts are parsed once)."""
    unique = list(dict.fromkeys(texts))
    found = dict(zip(unique, map(facts_of, _parsed(unique)), strict=True))
    return [found[text] for text in texts]
