"""One loaded index generation: documents, Chroma collection and keyword index, swapped whole."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.relevance import Vocabulary
from assistant.retrieval.keyword import KeywordIndex, SentenceRef
from assistant.schemas import Passage
from index.document import Chunk
from index.embedder import Embedder
from index.store import Generation, load_bm25, load_generation, open_collection

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection


@dataclass
class IndexState:
    """Everything loaded for one generation; replaced when the `CURRENT` pointer moves."""

    generation: Generation
    collection: Collection
    keywords: KeywordIndex

    @property
    def document_frequency(self) -> Counter[str]:
        return self.keywords.document_frequency

    @property
    def vocabulary(self) -> Vocabulary:
        return self.keywords.vocabulary

    @property
    def sentence_index(self) -> dict[str, list[SentenceRef]]:
        return self.keywords.sentence_index

    def idf(self, term: str) -> float:
        return self.keywords.idf(term)

    def chunk_for(self, doc_id: str, start: int, end: int) -> Chunk | None:
        """The first chunk of a document that contains the span."""
        for chunk in self.generation.documents[doc_id].chunks:
            if chunk.start <= start and end <= chunk.end:
                return chunk
        return None

    def sentence_text(self, ref: SentenceRef) -> str:
        doc = self.generation.documents[ref[0]]
        start, end = doc.sentences[ref[1]]
        return doc.text[start:end]

    def passage(
        self,
        chunk: Chunk,
        score: float = 0.0,
        dense: float | None = None,
        keyword_rank: int | None = None,
    ) -> Passage:
        """A chunk as a `Passage` with its document's metadata and its scores."""
        doc = self.generation.documents[chunk.doc_id]
        return Passage(
            chunk_id=chunk.chunk_id,
            doc_id=doc.doc_id,
            title=doc.title,
            publisher=doc.publisher,
            date=doc.date,
            kind=doc.kind,
            section=chunk.section,
            text=chunk.text,
            start=chunk.start,
            end=chunk.end,
            score=round(score, 6),
            dense_score=None if dense is None else round(dense, 4),
            bm25_score=None if keyword_rank is None else float(keyword_rank),
            page=chunk.page,
        )


def load_state(
    index_dir: Path, name: str | None, client: ClientAPI, embedder: Embedder
) -> IndexState:
    """Load generation `name`, its collection (checked against the embedder) and keyword index."""
    generation = load_generation(index_dir, name)
    collection = open_collection(client, generation, embedder.model_id, embedder.dimension)
    return IndexState(generation, collection, KeywordIndex(generation, load_bm25(generation)))
