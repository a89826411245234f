"""Kept for existing imports: the retriever now lives in `assistant.retrieval`."""

from assistant.retrieval import IndexState, Retriever

__all__ = ["IndexState", "Retriever"]
