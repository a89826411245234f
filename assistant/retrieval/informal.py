"""A question typed the way people type in chat, read in the collection's own words.

Staff type "when did abc put out the call for evidence" or "deadline to join a partner collab":
small letters for names, clipped words, a one-letter slip, "&" and "%", no question mark. The
parser then misses names and the question's form, and a clipped word matches nothing in the
index. Each word is read against the collection's own vocabulary (nothing here knows any
document):

- a word in small letters that the collection writes capitalised as a rule is written so
  ("abc" -> "ABC", "smithfield" -> "Smithfield");
- a word the collection never uses is read as the one frequent collection word it clips: a
  prefix ("collab" -> "collaborative"), an abbreviation keeping the word's first letters and
  then consonants only ("govt" -> "government", "mgmt" -> "management"), or a word one letter
  away from it ("princples" -> "principles"), when one word stem is clearly the likeliest;
- "&", "w/", a "%" without a number, "whats" and a missing question mark in ordinary English.
"""

from __future__ import annotations

import re
from collections.abc import Container

from assistant.retrieval.per_generation import PerGeneration
from index.collection_vocabulary import Vocabulary, vocabulary_of
from index.store import Generation
from nlp.lexical import STOPWORDS

WORD = re.compile(r"\b[A-Za-z]+\b")  # not the letters of "Ab12CD"
QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how is are was were do does did can could should "
    "would will has have had".split()
)
CONTRACTED = {"whats": "what is", "whos": "who is", "hows": "how is", "wheres": "where is"}
SYMBOLS = (
    (re.compile(r"(?<![\w%])%(?!\w)|(?<![\d\s])\s*%"), " percentage"),  # "what % of", not "42%"
    (re.compile(r"\s&\s"), " and "),
    (re.compile(r"(?<!\w)w/(?=\s)"), "with"),
)


# read once per generation
collection_vocabulary: PerGeneration[Vocabulary] = PerGeneration(
    vocabulary_of, lambda r: r.vocabulary
)


def in_collection_words(question: str, vocabulary: Vocabulary, english: Container[str] = ()) -> str:
    """The question with its clipped, mistyped and uncapitalised words read as the collection
    writes them, its symbols in words, and a question mark when it asks without one. A word in
    `english` (common English words) is never read as another."""
    if sum(c.isupper() for c in question) > sum(c.islower() for c in question):
        return question  # written in capitals: leave it be
    text = question.strip()
    for pattern, replacement in SYMBOLS:
        text = pattern.sub(replacement, text)

    # a question that opens with a capital or capitalises a name itself is typed with care:
    # only acronyms are recased
    names = text[:1].islower() and not any(
        w[0].isupper() and w[1:].islower() for w in WORD.findall(text)[1:]
    )

    def reword(match: re.Match[str]) -> str:
        word = match.group()
        if word.casefold() in CONTRACTED and word.islower():
            return CONTRACTED[word.casefold()]
        if word.casefold() in STOPWORDS:
            return word
        whole = vocabulary.unclipped(word, english) if word.islower() else None
        return vocabulary.truecased(whole or word, names)

    text = WORD.sub(reword, text).strip()
    first = WORD.search(text)
    if first is not None and first.group().casefold() in QUESTION_WORDS and text[-1] not in "?.!":
        text += "?"
    return text


def read_informally(question: str, generation: Generation, english: Container[str] = ()) -> str:
    """`in_collection_words` with the generation's vocabulary."""
    return in_collection_words(question, collection_vocabulary(generation), english)
