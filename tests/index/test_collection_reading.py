"""What questions are read with is computed at ingest and stored in the generation, equal (down
to the counters' order, which breaks ties) to what the assistant would compute from the texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.settings import Settings
from index.collection_reading import (
    READING_FILE,
    CollectionReading,
    build_reading,
    read_reading,
    write_reading,
)
from index.store import load_generation

pytestmark = pytest.mark.integration


def flattened(reading: CollectionReading) -> dict[str, object]:
    """Every stored value as lists in their order."""
    names, vocabulary, definitions = reading.names, reading.vocabulary, reading.definitions
    return {
        "names": list(names.names.items()),
        "tokens": list(names.tokens.items()),
        "lower": list(names.lower.items()),
        "counts": list(vocabulary.counts.items()),
        "written": [(w, list(forms.items())) for w, forms in vocabulary.written.items()],
        "stems": sorted(vocabulary.stems),
        "words": list(definitions.words.items()),
        "acronyms": list(definitions.written.items()),
        "text": definitions.text,
    }


def test_the_ingest_stores_what_the_texts_give(corpus_index: Settings) -> None:
    generation = load_generation(corpus_index.index_dir)
    assert (generation.path / READING_FILE).exists()
    assert generation.reading is not None
    computed = build_reading(d.text for d in generation.documents.values())
    stored = flattened(generation.reading)
    assert stored == flattened(computed)
    assert len(computed.names.names) > 100 and len(computed.vocabulary.counts) > 1000
    assert stored["words"]  # the corpus defines acronyms it seldom uses


def test_a_generation_without_the_file_or_of_another_version_has_none(tmp_path: Path) -> None:
    texts = ["The River Board England (RBE) met. River Board England agreed."]
    assert read_reading(tmp_path, texts) is None
    write_reading(tmp_path, build_reading(texts))
    found = read_reading(tmp_path, texts)
    assert found is not None and flattened(found) == flattened(build_reading(texts))
    data = json.loads((tmp_path / READING_FILE).read_text(encoding="utf-8"))
    (tmp_path / READING_FILE).write_text(json.dumps({**data, "version": -1}), encoding="utf-8")
    assert read_reading(tmp_path, texts) is None
