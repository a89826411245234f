"""The kind of thing a question asks for, which a sentence on its topic may still not say.

- "Which / what M X…?" where X is a noun with noun modifiers ("what storage format", "which
  parking permit") asks for an X of the kind M says: a sentence whose document never says any
  of the modifiers speaks of some other X ("this format is used by most teams"), or of X in
  general. (Its own words are not enough to ask for: the sentence naming the X may leave the
  kind to its section, its neighbours or the reader.)
- "Which Xs…?" asks which ones: a sentence that says Xs only bare, with nothing attached but the
  question's own words, an article or a word that picks out none of them ("some services are
  run locally, for example in branch libraries", "use the other relevant forms"), and names
  nothing the question does not, speaks of Xs in general without saying which. A demonstrative
  ("these forms") points at ones said nearby, and a list the sentence introduces ("the forms
  are:") names them, so neither is bare.
- "Which X…?" (one X) asks which one: a sentence that says X only as "a X" or "any X", with
  nothing attached but the question's own words or X's initials ("shared data with a local
  lending library (LLL) in the county"), leaves it unnamed.
- "Which / what X…?" asks for an X: where X is a specific noun (not "information"), a sentence
  whose document never says X at all answers something else.
- "How long does X last?" asks for a span: a sentence whose only times are offsets from
  something else ("two days before the visit") says when X happens, not how long it lasts.
- "How much money…?" (or "how much does X cost / save…?") asks for a sum: a sentence with no
  sum of money in it (no money entity, no currency sign) does not give it, whatever other
  numbers it has ("a 5 per cent rise" says by how much, not how much money; the entity
  recogniser may label such a share money, so a share is never taken for a sum).

Generic rules over the question's spaCy parse; the sentence side is word matching and the
entities stored at ingest.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.answer.asked_noun import asked_nouns, noun_after
from assistant.answer.evidence import NAME_LABELS, Evidence
from nlp.lexical import terms, words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from assistant.answer.question import Question

OFFSETS = frozenset({"before", "after", "ago", "earlier", "later", "beforehand"})
TIMES = frozenset({"DATE", "TIME"})
KIND_WORDS = frozenset({"which", "what"})
OPENING = frozenset({"ADP", "PUNCT", "SPACE"})  # "In which county…"
MONEY_WORDS = frozenset({"money", "cost", "save", "spend", "pay", "charge"})  # asking a sum
MONEY_LABELS = frozenset({"MONEY"})
CURRENCY = frozenset("£$€¥₹")
# Words attached to a plural noun that say none of its instances: articles and quantifiers
# ("the", "some", "all"), and adjectives of relevance or number rather than of kind ("the
# other suitable forms", "required checks"). Demonstratives are not among them.
GENERIC_DETERMINERS = frozenset({"the", "a", "an", "some", "any", "all", "each", "every", "no"})
VAGUE = frozenset(
    {
        "other", "suitable", "appropriate", "relevant", "applicable", "common", "required",
        "necessary", "certain", "various", "different", "several", "many", "existing", "usual",
        "additional", "further", "own", "such", "possible", "available", "needed",
    }
)  # fmt: skip
INDEFINITE = frozenset({"a", "an", "any", "another", "some"})
BARE_LINKS = frozenset({"cc", "punct"})  # "forms and letters": the conjunct is a noun of its own
NAMING = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})  # "what [annual] fee", "which [parking] permit"
SPECIFIC = 0.5  # an asked noun weighing at least half the question's rarest word
PERCENT = re.compile(r"%|\bper\s*cent\b|\bpercent\b", re.I)  # a share, sometimes labelled money


def asked_run(doc: Doc) -> list[Token]:
    """The names and nouns after the question word of "which / what X…" ("which [parking
    permit]"); empty when the question word does not open the question."""
    wh = next((t for t in doc if t.tag_ == "WDT" and t.lower_ in KIND_WORDS), None)
    if wh is None or any(t.pos_ not in OPENING for t in doc[: wh.i]):
        return []
    run: list[Token] = []
    for t in doc[wh.i + 1 :]:
        if t.pos_ not in ("NOUN", "PROPN"):
            break
        run.append(t)
    return run


def asked_modifiers(doc: Doc) -> list[Token]:
    """The common nouns before the head of "which / what M X" ("which [parking] permit"); empty
    when X has none, or is a name, or the question word does not open the question."""
    run = asked_run(doc)
    if len(run) < 2 or run[-1].pos_ != "NOUN":
        return []
    return [t for t in run[:-1] if t.pos_ == "NOUN" and t.head == run[-1] and t.dep_ == "compound"]


@lru_cache(maxsize=64)
def document_words(title: str, text: str) -> frozenset[str]:
    """Every word of a document, lower case."""
    return frozenset(words(f"{title} {text}"))


@lru_cache(maxsize=64)
def document_terms(title: str, text: str) -> frozenset[str]:
    """Every term of a document, read once per document rather than once per question."""
    return frozenset(terms(f"{title} {text}"))


def kind_unsaid(question: Question, ev: Evidence) -> bool:
    """ "Which / what M X" and the sentence's document says none of X's modifiers M anywhere."""
    modifiers = asked_modifiers(parse(question.text))
    if not modifiers:
        return False
    have = document_terms(ev.doc.title, ev.doc.text)
    return not any(frozenset(terms(m.text)) & have for m in modifiers)


def generic_only(question: Question, ev: Evidence) -> bool:
    """ "Which Xs…?" (a plural common noun) and the sentence says Xs only bare, with nothing
    but the question's own words attached, and names nothing the question does not."""
    run = asked_run(parse(question.text))
    if not run or run[-1].tag_ != "NNS":
        return False
    if ev.text.rstrip().endswith(":"):
        return False  # "the forms are:": its list names them
    head, own = run[-1].lemma_.casefold(), {t.lower_ for t in run[:-1]}
    said = frozenset(terms(question.text))
    if any(
        label in NAME_LABELS and not frozenset(terms(text)) <= said
        for text, label in (ev.info.entities if ev.info else ())
    ):
        return False
    mentions = [t for t in parse(ev.text) if t.tag_ == "NNS" and t.lemma_.casefold() == head]
    return bool(mentions) and all(
        all(_says_none(c, own, said) for c in m.children) for m in mentions
    )


def _says_none(child: Token, own: set[str], said: frozenset[str]) -> bool:
    """A word attached to a plural noun picks out none of its instances: the question's own
    compound words, an article or quantifier, a vague adjective, a possessive pronoun, a
    conjunction, or a phrase of the question's own words ("forms in the library")."""
    dep, word = child.dep_, child.lower_
    if dep == "compound":
        return word in own
    if dep == "det":
        return word in GENERIC_DETERMINERS
    if dep == "amod":
        return (word in VAGUE or word in own) and not list(child.children)
    if dep == "poss":
        return child.tag_ == "PRP$"
    if dep in BARE_LINKS or dep == "conj":
        return True
    if dep == "prep":
        return frozenset(terms(" ".join(t.text for t in child.subtree))) <= said
    return False


def indefinite_only(question: Question, ev: Evidence) -> bool:
    """ "Which X…?" (a singular common noun) and the sentence says X only indefinitely, with
    nothing but the question's own words or X's initials attached."""
    doc = parse(question.text)
    wh = next((t for t in doc if t.tag_ == "WDT" and t.lower_ == "which"), None)
    if wh is None or any(t.pos_ not in OPENING for t in doc[: wh.i]):
        return False
    head = noun_after(doc, wh.i + 1)
    if head is None or head.tag_ != "NN":
        return False
    lemma, own = head.lemma_.casefold(), {t.lower_ for t in doc[wh.i + 1 : head.i]}
    said = frozenset(terms(question.text))
    mentions = [t for t in parse(ev.text) if t.tag_ == "NN" and t.lemma_.casefold() == lemma]
    return bool(mentions) and all(
        any(c.dep_ == "det" and c.lower_ in INDEFINITE for c in m.children)
        and all(_says_none(c, own, said) or _initials(c, m) for c in m.children)
        for m in mentions
    )


def _initials(child: Token, noun: Token) -> bool:
    """ "a lending library (LLL)": the noun phrase's initials in apposition to it."""
    if child.dep_ != "appos" or not child.text.isupper():
        return False
    phrase = [t for t in noun.subtree if t.i <= noun.i and t.pos_ in ("NOUN", "ADJ", "PROPN")]
    return child.text == "".join(t.text[0].upper() for t in phrase)


def head_unsaid(question: Question, ev: Evidence) -> bool:
    """ "What / which X…" (X right after the question word) where X is a specific noun (the
    sentence does not say it, and it weighs as much as the question's rarest word:
    `asked_unsaid`) that the sentence's document never says; not when the question word
    follows a preposition ("at what stage", "in which way": the noun frames the answer rather
    than naming it)."""
    if ev.features.get("asked_unsaid", 0.0) < SPECIFIC:
        return False
    if ev.text.rstrip().endswith(":"):
        return False  # "the team should give:": its list is the X, whatever the X is called
    doc = parse(question.text)
    wh = next((t for t in doc if t.lower_ in KIND_WORDS), None)
    if wh is None or any(t.pos_ == "ADP" for t in doc[: wh.i]):
        return False
    if wh.i + 1 >= len(doc) or doc[wh.i + 1].pos_ not in NAMING:
        return False  # "what is the X" asks X in whatever words: "what is their view"
    have = document_words(ev.doc.title, ev.doc.text)
    return any(not noun.labels and not noun.forms & have for noun in asked_nouns(doc))


def asks_offset(doc: Doc) -> bool:
    """ "How long before / after Y…", "how long does X take to happen after Y": an offset word
    that does not follow a noun ("the meeting before the visit" names the meeting, or a
    hyphenated word: "the pre-visit before it")."""
    for t in doc:
        if t.lower_ not in OFFSETS or t.i == 0:
            continue
        prev = doc[t.i - 1]
        hyphenated = t.i > 1 and doc[t.i - 2].text == "-"
        if prev.pos_ not in ("NOUN", "PROPN") and not hyphenated:
            return True
    return False


def offset_only(question: Question, ev: Evidence) -> bool:
    """ "How long does X last?" (not "how long before…") and every time the sentence gives is
    an offset from something else ("two days before the visit"), not a span."""
    if not question.duration or asks_offset(parse(question.text)):
        return False
    times = [text for text, label in (ev.info.entities if ev.info else ()) if label in TIMES]
    if not times:
        return False
    after = [ev.text.partition(text)[2].split(maxsplit=1)[:1] for text in times]
    return all(w and w[0].casefold() in OFFSETS for w in after)


def asks_sum(doc: Doc) -> bool:
    """ "How much money…", "how much does X cost / save…": a sum of money is asked for."""
    much = next(
        (t for t in doc if t.lower_ == "much" and t.i > 0 and doc[t.i - 1].lower_ == "how"), None
    )
    if much is None:
        return False
    last = [t for t in doc if not t.is_punct][-1:]  # "…does a pass cost?" (often misparsed)
    root = [t for t in doc if t.dep_ == "ROOT"]
    said = [*doc[much.i + 1 : much.i + 2], *root, *last]
    return any(t.lemma_.casefold() in MONEY_WORDS for t in said)


def sum_unsaid(question: Question, ev: Evidence) -> bool:
    """A sum of money is asked for and the sentence has none."""
    if not asks_sum(parse(question.text)):
        return False
    sums = [
        text
        for text, label in (ev.info.entities if ev.info else ())
        if label in MONEY_LABELS and not PERCENT.search(text)
    ]
    return not sums and not any(c in CURRENCY for c in ev.text)
