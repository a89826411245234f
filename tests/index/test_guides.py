"""Guides are built at ingest and stored in the generation; every line quotes the document."""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from index.guides import GUIDES_FILE, read_guides
from index.store import load_generation

pytestmark = pytest.mark.integration


def test_every_document_gets_a_guide_of_exact_quotes(corpus_index: Settings) -> None:
    generation = load_generation(corpus_index.index_dir)
    assert (generation.path / GUIDES_FILE).exists()
    guides = read_guides(generation.path)
    assert guides is not None and set(guides) == set(generation.documents)
    for doc_id, guide in guides.items():
        text = generation.documents[doc_id].text
        assert 1 <= len(guide.summary) <= 6, doc_id
        spans = [*guide.summary, *(t.sentence for t in guide.timeline)]
        spans += [i for k in guide.key_lists for i in k.items]
        for span in spans:
            assert text[span.start : span.end] == span.text
        keys = [(t.year, t.month) for t in guide.timeline]
        assert keys == sorted(keys)


def test_summaries_cover_more_than_one_section(corpus_index: Settings) -> None:
    generation = load_generation(corpus_index.index_dir)
    guides = read_guides(generation.path)
    assert guides is not None
    multi = [g for d, g in guides.items() if len(generation.documents[d].sections) > 2]
    assert multi
    assert all(len({s.section for s in g.summary}) >= 2 for g in multi)


def test_dates_and_organisations_are_found(corpus_index: Settings) -> None:
    guides = read_guides(load_generation(corpus_index.index_dir).path)
    assert guides is not None
    assert sum(len(g.timeline) for g in guides.values()) >= 5
    for guide in guides.values():
        for entry in guide.timeline:
            assert str(entry.year) in entry.sentence.text
    assert all(g.organisations for g in guides.values())
    assert any(g.key_lists for g in guides.values())
