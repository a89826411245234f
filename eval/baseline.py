"""The plain LangChain tutorial pipeline, evaluated on the same items as the assistant:
TextLoader -> RecursiveCharacterTextSplitter(1000, 200) -> Chroma (same MiniLM embedder) ->
top-k similarity. Its "answer" is the top passages, uncited and stateless (the tutorial keeps
no conversation), so it is compared chiefly on retrieval and key facts in context."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from eval.corpora import extract
from eval.dataset import Item
from eval.records import ChunkRecord, ItemRecord, TurnRecord
from index.embedder import Embedder
from ingest.manifest import load_manifest

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
ANSWER_PASSAGES = 4  # the tutorial's default k
RANKING_DEPTH = 10
TEXT_SUFFIXES = {".txt", ".md"}


class MiniLMEmbeddings(Embeddings):
    """The project's ONNX MiniLM embedder behind LangChain's `Embeddings` interface."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self.embedder.embed(texts)]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self.embedder.embed([text])[0]]


def load_documents(corpus_dir: Path) -> list[Document]:
    """Every manifest document through LangChain's TextLoader, tagged with its doc id."""
    with warnings.catch_warnings():
        # langchain-community announces its own sunset on import; the loader still works.
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community.document_loaders import TextLoader
    documents: list[Document] = []
    for file, meta in sorted(load_manifest(corpus_dir).items()):
        path = corpus_dir / file
        if path.suffix.lower() in TEXT_SUFFIXES:
            loaded = TextLoader(str(path), encoding="utf-8").load()
        else:  # PDF, DOCX, HTML: the plain text a format loader would hand the splitter
            loaded = [Document(page_content=extract(path), metadata={"source": str(path)})]
        for doc in loaded:
            doc.metadata["doc_id"] = meta.id
            documents.append(doc)
    return documents


class BaselineSystem:
    """The tutorial pipeline over one corpus, in an in-memory Chroma collection."""

    def __init__(self, corpus_dir: Path, embedder: Embedder, collection: str = "baseline") -> None:
        self.name = "baseline"
        self.documents = load_documents(corpus_dir)
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        chunks = splitter.split_documents(self.documents)
        client = chromadb.EphemeralClient(ChromaSettings(anonymized_telemetry=False))
        self.store = Chroma(
            collection_name=collection,
            embedding_function=MiniLMEmbeddings(embedder),
            client=client,
        )
        self.store.add_documents(chunks, ids=[f"{collection}-{i}" for i in range(len(chunks))])
        self.chunk_count = len(chunks)

    def texts(self) -> dict[str, str]:
        return {d.metadata["doc_id"]: d.page_content for d in self.documents}

    def _ranked(self, query: str) -> list[ChunkRecord]:
        found = self.store.similarity_search_with_score(query, k=RANKING_DEPTH)
        return [
            ChunkRecord(
                chunk_id=f"{doc.metadata['doc_id']}:{doc.metadata['start_index']}",
                doc_id=doc.metadata["doc_id"],
                start=doc.metadata["start_index"],
                end=doc.metadata["start_index"] + len(doc.page_content),
                text=doc.page_content,
                score=float(distance),
            )
            for doc, distance in found
        ]

    def run_item(self, item: Item) -> ItemRecord:
        record = ItemRecord(item_id=item.id, system=self.name, corpus=item.corpus)
        for message in item.turns:
            started = time.perf_counter()
            ranked = self._ranked(message)
            latency = (time.perf_counter() - started) * 1000
            record.turns.append(
                TurnRecord(
                    message=message,
                    answer="\n\n".join(c.text for c in ranked[:ANSWER_PASSAGES]),
                    search_query=message,
                    mode="baseline",
                    latency_ms=round(latency, 2),
                    context=ranked[:ANSWER_PASSAGES],
                )
            )
            record.retrieved = ranked
        return record
