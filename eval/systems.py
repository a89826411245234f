"""The systems under evaluation: the in-process pipeline (extractive or LLM) and a running server.
Each turns a dataset item into an `ItemRecord`; the LangChain baseline lives in eval/baseline.py.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import httpx

from assistant.db import make_engine
from assistant.pipeline import Collaborators, answer
from assistant.retrieval import Retriever
from assistant.runtime import build_collaborators
from assistant.schemas import ChatRequest, ChatResponse, Passage, SearchFilters
from assistant.settings import Settings
from eval.dataset import Item
from eval.records import ChunkRecord, CitationRecord, ItemRecord, TurnRecord
from index.embedder import Embedder
from index.store import current_name
from ingest.pipeline import run_ingest

RANKING_DEPTH = 10


class System(Protocol):
    """Answers dataset items; `texts` are document texts in the offsets its chunks use."""

    name: str

    def texts(self) -> dict[str, str]: ...

    def run_item(self, item: Item) -> ItemRecord: ...


def chunk_records(passages: list[Any]) -> list[ChunkRecord]:
    """Passages (pydantic models or dicts) as stored chunk records."""
    rows = [p.model_dump() if hasattr(p, "model_dump") else dict(p) for p in passages]
    return [ChunkRecord.model_validate(r) for r in rows]


def turn_record(message: str, response: dict[str, Any], latency_ms: float) -> TurnRecord:
    """A reply in the `POST /api/chat` shape as a stored turn."""
    return TurnRecord(
        message=message,
        answer=response.get("answer", ""),
        citations=[CitationRecord.model_validate(c) for c in response.get("citations", [])],
        refused=bool(response.get("refused", False)),
        refusal_reason=response.get("refusal_reason"),
        mode=str(response.get("mode", "")),
        search_query=response.get("search_query"),
        notice=response.get("notice"),
        latency_ms=round(latency_ms, 2),
        evidence=response.get("evidence"),
    )


def ensure_index(settings: Settings, embedder: Embedder) -> None:
    """Ingest the settings' corpus when its data directory has no index yet."""
    if current_name(settings.index_dir) is None:
        run_ingest(None, settings, embedder=embedder)


class RecordingRetriever(Retriever):
    """The collaborators' retriever, noting every passage it hands out, so the evaluation knows
    which passages an answer was built from (the pipeline itself is unchanged)."""

    def __init__(self, inner: Retriever) -> None:  # noqa: D107 - shares the inner state
        self.__dict__.update(inner.__dict__)
        self.handed_out: dict[str, Passage] = {}

    def search(self, query: str, k: int = 6, filters: SearchFilters | None = None) -> list[Passage]:
        found = super().search(query, k, filters)
        self.handed_out.update((p.chunk_id, p) for p in found)
        return found

    def sentence_passages(
        self, query: str, limit: int, exclude: set[str], filters: SearchFilters | None = None
    ) -> list[Passage]:
        found = super().sentence_passages(query, limit, exclude, filters)
        self.handed_out.update((p.chunk_id, p) for p in found)
        return found

    def search_each(
        self, query: str, k: int, doc_ids: list[str], filters: SearchFilters | None = None
    ) -> dict[str, list[Passage]]:
        found = super().search_each(query, k, doc_ids, filters)
        for passages in found.values():
            self.handed_out.update((p.chunk_id, p) for p in passages)
        return found


class PipelineSystem:
    """`assistant.pipeline.answer` in this process, exactly as the API and CLI call it."""

    def __init__(self, name: str, collab: Collaborators) -> None:
        self.name = name
        self.recorder = RecordingRetriever(collab.retriever)
        self.collab = replace(collab, retriever=self.recorder)

    @classmethod
    def build(
        cls, name: str, settings: Settings, embedder: Embedder, conversations_db: Path
    ) -> PipelineSystem:
        ensure_index(settings, embedder)
        engine = make_engine(f"sqlite:///{conversations_db}")
        collab = build_collaborators(settings, engine=engine, embedder=embedder)
        return cls(name, collab)

    def texts(self) -> dict[str, str]:
        documents = self.collab.retriever.state().generation.documents
        return {doc_id: doc.text for doc_id, doc in documents.items()}

    def _indexed_chunks(self, turn: TurnRecord, known: set[str]) -> list[ChunkRecord]:
        """Cited chunks the retriever did not hand out (source guides, built at ingest from the
        same index): taken from the index generation, so a marker resolves when it points at a
        real indexed passage; a chunk id the index does not hold stays unresolved."""
        generation = self.collab.retriever.state().generation
        found = []
        for chunk_id in {c.chunk_id for c in turn.citations} - known:
            try:
                chunk = generation.chunk(chunk_id)
            except KeyError:
                continue
            found.append(
                ChunkRecord(
                    chunk_id=chunk.chunk_id,
                    doc_id=chunk.doc_id,
                    start=chunk.start,
                    end=chunk.end,
                    text=chunk.text,
                )
            )
        return found

    def run_item(self, item: Item) -> ItemRecord:
        record = ItemRecord(item_id=item.id, system=self.name, corpus=item.corpus)
        conversation_id: str | None = None
        for message in item.turns:
            self.recorder.handed_out = {}
            started = time.perf_counter()
            try:
                response: ChatResponse = answer(
                    ChatRequest(message=message, conversation_id=conversation_id), self.collab
                )
            except Exception as exc:  # noqa: BLE001 - recorded per item, the run goes on
                record.turns.append(TurnRecord(message=message, error=repr(exc)))
                return record
            wall = (time.perf_counter() - started) * 1000
            turn = turn_record(message, response.model_dump(mode="json"), wall)
            conversation_id = response.conversation_id
            turn.context = chunk_records(list(self.recorder.handed_out.values()))
            turn.context += self._indexed_chunks(turn, {c.chunk_id for c in turn.context})
            record.turns.append(turn)
        query = record.final.search_query
        if query:
            record.retrieved = chunk_records(self.recorder.search(query, RANKING_DEPTH))
        return record


class ServerSystem:
    """A running server over HTTP: `POST /api/chat`, `POST /api/search`, `GET /api/documents`."""

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        self.name = "server"
        self.client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout)

    def texts(self) -> dict[str, str]:
        listing = self.client.get("/api/documents").raise_for_status().json()
        rows = listing.get("documents", []) if isinstance(listing, dict) else listing
        out: dict[str, str] = {}
        for row in rows:
            detail = self.client.get(f"/api/documents/{row['doc_id']}").raise_for_status()
            out[row["doc_id"]] = detail.json()["text"]
        return out

    def _search(self, query: str) -> list[ChunkRecord]:
        body = {"query": query, "k": RANKING_DEPTH}
        found = self.client.post("/api/search", json=body).raise_for_status().json()
        return chunk_records(found.get("passages", []))

    def run_item(self, item: Item) -> ItemRecord:
        record = ItemRecord(item_id=item.id, system=self.name, corpus=item.corpus)
        conversation_id: str | None = None
        for message in item.turns:
            started = time.perf_counter()
            try:
                reply = self.client.post(
                    "/api/chat", json={"message": message, "conversation_id": conversation_id}
                )
                reply.raise_for_status()
            except httpx.HTTPError as exc:
                record.turns.append(TurnRecord(message=message, error=repr(exc)))
                return record
            wall = (time.perf_counter() - started) * 1000
            data = reply.json()
            conversation_id = data.get("conversation_id")
            turn = turn_record(message, data, wall)
            if turn.search_query:
                turn.context = self._search(turn.search_query)
            record.turns.append(turn)
        if record.final.search_query:
            record.retrieved = self._search(record.final.search_query)
        return record

    def close(self) -> None:
        self.client.close()
