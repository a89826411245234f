"""What a question is read with, derived from ALL of a generation's document texts (its names,
vocabulary and acronym definitions): computed once at ingest and stored beside the generation
(`reading.json`), so the first question after an ingest costs what the others cost (the
computation takes ~100 ms of CPU per 100k characters of collection text).

Counters are stored in their insertion order, which `most_common` uses to break ties, so a
loaded value reads every question exactly as the computed one. A generation without the file
(built before it existed, or by another `READING_VERSION`) has `reading` None and the assistant
computes the values on its first question instead.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.collection_definitions import Definitions, definitions_in
from index.collection_names import CollectionNames, names_in
from index.collection_vocabulary import Vocabulary, vocabulary_of

READING_FILE = "reading.json"
READING_VERSION = 1  # bump when a computation below changes what it finds


@dataclass(frozen=True)
class CollectionReading:
    """The collection's names, vocabulary and definitions, as questions are read with them."""

    names: CollectionNames
    vocabulary: Vocabulary
    definitions: Definitions


def collection_text(texts: Iterable[str]) -> str:
    """The documents' texts as one casefolded text (what `Definitions.phrase_for` searches)."""
    return "\n".join(texts).casefold()


def build_reading(texts: Iterable[str]) -> CollectionReading:
    texts = list(texts)
    return CollectionReading(names_in(texts), vocabulary_of(texts), definitions_in(texts))


def write_reading(generation_path: Path, reading: CollectionReading) -> None:
    """Store the values beside a generation's documents (before it is published)."""
    names, vocabulary, definitions = reading.names, reading.vocabulary, reading.definitions
    payload = {
        "version": READING_VERSION,
        "names": {"names": names.names, "tokens": names.tokens, "lower": names.lower},
        "vocabulary": {
            "counts": vocabulary.counts,
            "written": vocabulary.written,
            "stems": sorted(vocabulary.stems),
        },
        "definitions": {"words": definitions.words, "written": definitions.written},
    }
    (generation_path / READING_FILE).write_text(json.dumps(payload), encoding="utf-8")


def read_reading(generation_path: Path, texts: Iterable[str]) -> CollectionReading | None:
    """The stored values (`texts`: the generation's document texts, in order), or None when the
    generation has none or another version's."""
    try:
        data: dict[str, Any] = json.loads(
            (generation_path / READING_FILE).read_text(encoding="utf-8")
        )
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if data.get("version") != READING_VERSION:
        return None
    names, vocabulary, definitions = data["names"], data["vocabulary"], data["definitions"]
    written: defaultdict[str, Counter[str]] = defaultdict(Counter)
    written.update((word, Counter(forms)) for word, forms in vocabulary["written"].items())
    return CollectionReading(
        CollectionNames(Counter(names["names"]), Counter(names["tokens"]), Counter(names["lower"])),
        Vocabulary(Counter(vocabulary["counts"]), written, set(vocabulary["stems"])),
        Definitions(definitions["words"], definitions["written"], collection_text(texts)),
    )
