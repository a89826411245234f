"""A source becomes a `StoredDocument`: cleaned under its profile (every removal recorded),
laid out, split into sentences and chunks, its sentence facts parsed; and the texts the
embedder sees for it (each passage after its document and section context)."""

from __future__ import annotations

import hashlib
import json

from assistant.settings import Settings
from index.document import Removal
from index.embedder import Embedder
from index.stored_document import StoredDocument
from ingest.chunker import chunk_document
from ingest.cleaning import removal_rule, repeated_paragraphs
from ingest.sources import Source
from ingest.structure import Layout, assemble, sentences_of
from nlp.facts import VERSION as FACTS_VERSION
from nlp.facts import sentence_facts
from nlp.lexical import VERSION as LEXICAL_VERSION
from nlp.tokens import count_tokens

# Bump when loaders, layout, sentence splitting or chunking change: documents are rebuilt.
STRUCTURE_VERSION = 3


def fingerprint(source: Source, text: str, settings: Settings, embedder: type[Embedder]) -> str:
    """The digest of a cleaned text and the recipe that indexes it: equal means reusable."""
    meta = source.meta.model_dump(mode="json")
    recipe = [
        settings.chunk_tokens, settings.chunk_overlap, embedder.model_id, LEXICAL_VERSION,
        STRUCTURE_VERSION, FACTS_VERSION,
    ]  # fmt: skip
    payload = json.dumps([meta, recipe, text], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def context_line(title: str, publisher: str, section: str) -> str:
    """The context prepended to a passage for embedding and BM25: document, publisher, section."""
    head = f"{title} ({publisher})" if publisher else title
    return f"{head}\n{section}" if section else head


def embedding_text(document: StoredDocument, section: str, text: str) -> str:
    """What the embedder sees: the passage after its document title, publisher and section."""
    return f"{context_line(document.title, document.publisher, section)}\n{text}"


def sentence_embedding_text(document: StoredDocument, number: int) -> str:
    """A sentence with light context (its section path) for the sentence vectors."""
    sentence = document.sentences[number]
    block = document.blocks[sentence.block] if document.blocks else None
    section = block.section if block is not None else ""
    body = document.text[sentence.start : sentence.end]
    return f"{section}\n{body}" if section else body


def vector_texts(document: StoredDocument) -> list[str]:
    """What is embedded for a new document: its chunks, then its sentences."""
    chunks = [embedding_text(document, c.section, c.text) for c in document.chunks]
    sentences = [sentence_embedding_text(document, i) for i in range(len(document.sentences))]
    return chunks + sentences


def clean_source(source: Source, repeated: set[str]) -> tuple[Layout, list[Removal]]:
    """The cleaned layout of a source under its profile, and a record of every removed piece.

    Removal offsets refer to the extracted text (all pieces laid out, nothing removed).
    """
    profile = source.meta.clean or ""
    rules = [removal_rule(p, profile, repeated) for p in source.pieces]
    if not any(rules):
        return assemble(source.pieces), []
    extracted = assemble(source.pieces)
    removals = [
        Removal(start, end, rule, extracted.text[start:end])
        for (start, end), rule in zip(extracted.spans, rules, strict=True)
        if rule
    ]
    kept = [p for p, rule in zip(source.pieces, rules, strict=True) if not rule]
    return assemble(kept), removals


def publisher_repeats(sources: list[Source]) -> dict[str, set[str]]:
    """Per publisher, paragraphs repeated across its documents that have a cleaning profile."""
    by_publisher: dict[str, list[Source]] = {}
    for source in sources:
        if source.meta.clean and source.meta.publisher:
            by_publisher.setdefault(source.meta.publisher, []).append(source)
    return {
        publisher: repeated_paragraphs(s.pieces for s in group)
        for publisher, group in by_publisher.items()
    }


def cleaned_texts(sources: list[Source]) -> dict[str, str]:
    """doc id → cleaned text, as ingest would index it (for checks of the evaluation data)."""
    repeats = publisher_repeats(sources)
    return {
        s.meta.id: clean_source(s, repeats.get(s.meta.publisher, set()))[0].text for s in sources
    }


def build_document(
    source: Source,
    layout: Layout,
    removals: list[Removal],
    digest: str,
    settings: Settings,
    embedder: Embedder,
    facts: bool = True,
) -> StoredDocument:
    """The document with its sentences, chunks and (unless `facts` is false: `with_facts`
    adds them later, while the embedder works) its sentence facts."""
    meta = source.meta
    text = layout.text
    sentences, blocks = sentences_of(text, layout.blocks)

    def fits(section: str, body: str) -> bool:
        context = context_line(meta.title, meta.publisher, section)
        return embedder.count_tokens(f"{context}\n{body}") <= embedder.max_tokens

    chunks = chunk_document(
        meta.id, text, sentences, layout.sections, count_tokens,
        settings.chunk_tokens, settings.chunk_overlap, fits, blocks,
    )  # fmt: skip
    document = StoredDocument(
        doc_id=meta.id,
        title=meta.title,
        publisher=meta.publisher,
        author=meta.author or "",
        date=meta.date,
        kind=meta.kind,
        about=meta.about or "",
        source_file=str(source.path),
        content_hash=digest,
        text=text,
        sections=layout.sections,
        sentences=sentences,
        chunks=chunks,
        blocks=blocks,
        removed=removals,
        clean=meta.clean or "",
    )
    return with_facts(document) if facts else document


def with_facts(document: StoredDocument) -> StoredDocument:
    """The document with every sentence's parse facts, parsed once here at ingest."""
    text = document.text
    document.facts = sentence_facts([text[s.start : s.end] for s in document.sentences])
    return document
