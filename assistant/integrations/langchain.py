"""A LangChain retriever over the assistant's hybrid retrieval (needs the `langchain` extra).

    from assistant.integrations.langchain import ReviewAssistantRetriever
    retriever = ReviewAssistantRetriever.from_settings(k=4)
    docs = retriever.invoke("What are the main recommendations?")

Each `Document` is a retrieved passage: `page_content` is its exact text, `metadata` holds the
document, publisher, date, section, character span and scores, so a chain can cite it.
"""

from __future__ import annotations

from typing import Any

from assistant.extras import require_extra

require_extra("langchain", "assistant.integrations.langchain")

from langchain_core.callbacks import CallbackManagerForRetrieverRun  # noqa: E402
from langchain_core.documents import Document  # noqa: E402
from langchain_core.retrievers import BaseRetriever  # noqa: E402
from pydantic import ConfigDict, Field  # noqa: E402

from assistant.retrieval import Retriever  # noqa: E402
from assistant.schemas import Passage, SearchFilters  # noqa: E402
from assistant.settings import Settings, get_settings  # noqa: E402


def to_document(passage: Passage) -> Document:
    metadata = passage.model_dump(exclude={"text"}, exclude_none=True)
    return Document(page_content=passage.text, metadata=metadata, id=passage.chunk_id)


class ReviewAssistantRetriever(BaseRetriever):
    """Passages from the current index: dense + BM25 fused, diversified, optionally filtered."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int = Field(default=6, ge=1, le=50)
    filters: SearchFilters | None = None

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, **kwargs: Any
    ) -> ReviewAssistantRetriever:
        """A retriever over the index in `DATA_DIR` (the embedding model is loaded once)."""
        from index.embedder import Embedder
        from index.store import open_chroma

        settings = settings or get_settings()
        embedder = Embedder(batch_size=settings.embed_batch_size).load()
        client = open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)
        retriever = Retriever(settings.index_dir, client, embedder, settings.max_per_document)
        return cls(retriever=retriever, **kwargs)

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [to_document(p) for p in self.retriever.search(query, self.k, self.filters)]
