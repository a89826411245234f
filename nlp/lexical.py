"""Pure lexical analysis shared by BM25 indexing, query scoring and refusal checks."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from bm25s.stopwords import STOPWORDS_EN

# Bump when tokenisation changes: documents are re-indexed on the next ingest.
VERSION = 5
WORD = re.compile(r"([a-z0-9]+)(?:['’][a-z]+)?")  # the group: the word without "'s", "’re"…
# English number words up to twenty, as a question or an answer may write a count ("ten").
NUMBER_WORDS: dict[str, int] = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
STOPWORDS = frozenset(STOPWORDS_EN) | frozenset(
    "would could should might may also can will shall must what which who whom whose how why "
    "when where does did do doing done say says said tell told please about us our you your "
    "me my i it its many much there be been being any some get got give gave thing things "
    "really actually according regarding concerning wrote write writes written mention mentions "
    "mentioned explain explains describe describes described summarise summarize exactly briefly "
    "document documents source sources material materials".split()
)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophe suffixes dropped."""
    return WORD.findall(text.casefold())


def terms(text: str) -> list[str]:
    """Stemmed content terms: the unit BM25 and the sentence scorer count."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
