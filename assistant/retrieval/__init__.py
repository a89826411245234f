"""Retrieval in small parts: filters, dense and keyword scorers, fusion, diversity, `Retriever`."""

from assistant.retrieval.retriever import Retriever
from assistant.retrieval.state import IndexState

__all__ = ["IndexState", "Retriever"]
