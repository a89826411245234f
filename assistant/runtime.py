"""Build the long-lived collaborators once: embedder, Chroma client, retriever, SQL engine, LLM."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Engine

from assistant.answering import LLMAnswerer
from assistant.conversations import ConversationStore
from assistant.db import make_engine
from assistant.extras import import_extra
from assistant.pipeline import Collaborators
from assistant.retrieval import Retriever
from assistant.settings import Settings
from index.embedder import Embedder
from index.store import IndexMismatchError, IndexNotReady, open_chroma


def build_llm(
    settings: Settings, collection: Callable[[], Mapping[str, Any]] | None = None
) -> LLMAnswerer | None:
    """The LLM answerer when LLM settings are present (assistant.llm.build_answerer)."""
    if not settings.llm_enabled:
        return None
    module = import_extra("assistant.llm", "llm", "LLM mode (LLM_BASE_URL)")
    answerer: LLMAnswerer | None = module.build_answerer(settings, collection)
    return answerer


def collection_info(retriever: Retriever) -> Mapping[str, Any]:
    """The index's `collection:` manifest section ({} before the first ingest)."""
    try:
        info = retriever.state().generation.info.get("collection")
    except (IndexNotReady, IndexMismatchError):
        return {}
    return info if isinstance(info, Mapping) else {}


def query_embedder(settings: Settings) -> Embedder:
    """The embedder for questions, not loaded yet (the CLI loads it on a side thread)."""
    # One ONNX thread: a question is one short text, and a server runs one worker per core;
    # a second thread only adds hand-over CPU (~10%), same vectors byte for byte.
    return Embedder(batch_size=settings.embed_batch_size, threads=1)


def build_collaborators(
    settings: Settings, *, engine: Engine | None = None, embedder: Embedder | None = None
) -> Collaborators:
    """Everything `answer` needs, created once per process."""
    embedder = embedder or query_embedder(settings).load()
    client = open_chroma(settings.data_dir, settings.chroma_host, settings.chroma_port)
    retriever = Retriever(settings.index_dir, client, embedder, settings.max_per_document)
    engine = engine or make_engine(settings.sqlalchemy_url)
    return Collaborators(
        settings=settings,
        retriever=retriever,
        conversations=ConversationStore(engine),
        llm=build_llm(settings, lambda: collection_info(retriever)),
    )
