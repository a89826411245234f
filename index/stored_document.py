"""A document as the index stores it: metadata, cleaned text, structure, chunks and the
sentence facts, with the sentence look-ups answers need and its documents.json form."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from index.document import Block, Chunk, Removal, Section, Sentence
from nlp.facts import SentenceFacts


@dataclass
class StoredDocument:
    """A document as indexed: metadata, cleaned text, structure, chunks and what cleaning removed.

    `removed` spans are offsets in the extracted text (before cleaning), not in `text`;
    `facts[i]` are the parse facts of `sentences[i]`, computed once at ingest.
    """

    doc_id: str
    title: str
    publisher: str
    author: str
    date: str
    kind: str
    about: str
    source_file: str
    content_hash: str
    text: str
    sections: list[Section]
    sentences: list[Sentence]
    chunks: list[Chunk]
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    clean: str = ""  # the cleaning profile applied ("" = none)
    source_hash: str = ""  # digest of the file, its metadata and the ingest recipe
    facts: list[SentenceFacts] = field(default_factory=list)

    @property
    def tokens(self) -> int:
        return sum(c.tokens for c in self.chunks)

    def sentence_text(self, number: int) -> str:
        sentence = self.sentences[number]
        return self.text[sentence.start : sentence.end]

    def sentences_within(self, start: int, end: int) -> list[int]:
        """Numbers of the sentences lying wholly inside [start, end), in order."""
        starts = self._sentence_starts
        first = bisect_left(starts, start) if starts is not None else 0
        found = []
        for number in range(first, len(self.sentences)):
            sentence = self.sentences[number]
            if starts is not None and sentence.start > end:
                break
            if sentence.start >= start and sentence.end <= end:
                found.append(number)
        return found

    def sentence_at(self, offset: int) -> int:
        """Number of the last sentence starting at or before `offset` (0 before the first)."""
        starts = self._sentence_starts
        if starts is None:
            return max((n for n, s in enumerate(self.sentences) if s.start <= offset), default=0)
        return max(bisect_right(starts, offset) - 1, 0)

    @cached_property
    def _sentence_starts(self) -> list[int] | None:
        """Sentence starts when in order (as ingest writes them), for bisection."""
        starts = [s.start for s in self.sentences]
        return starts if all(a <= b for a, b in zip(starts, starts[1:], strict=False)) else None

    def sentence_facts(self, number: int) -> SentenceFacts | None:
        """The stored parse facts of a sentence (None for a document built without them)."""
        return self.facts[number] if len(self.facts) == len(self.sentences) else None

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding a character offset."""
        inner = [s for s in self.sections if s.start <= offset < s.end]
        return max(inner, key=lambda s: s.level) if inner else None

    def block_at(self, offset: int) -> Block | None:
        """The innermost non-list block holding a character offset."""
        for block in self.blocks:
            if block.kind != "list" and block.start <= offset < block.end:
                return block
        return None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["chunks"] = [{k: v for k, v in asdict(c).items() if k != "text"} for c in self.chunks]
        data["facts"] = [f.to_json() for f in self.facts]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredDocument:
        text = data["text"]
        chunks = [Chunk(**c, text=text[c["start"] : c["end"]]) for c in data["chunks"]]
        nested = ("sections", "sentences", "chunks", "blocks", "removed", "facts")
        blocks = [
            Block(**{**b, "lead_in": tuple(b["lead_in"]) if b.get("lead_in") else None})
            for b in data.get("blocks", [])
        ]
        return cls(
            **{k: v for k, v in data.items() if k not in nested},
            sections=[Section(**s) for s in data["sections"]],
            sentences=[Sentence(**s) for s in data["sentences"]],
            chunks=chunks,
            blocks=blocks,
            removed=[Removal(**r) for r in data.get("removed", [])],
            facts=[SentenceFacts.from_json(f) for f in data.get("facts", [])],
        )
