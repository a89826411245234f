"""The collections calibration learns from: each dev dataset's corpus indexed into its own data
folder, its questions' candidate sentences gathered, and the engine kept at hand, so that a
held-out measurement can count what the product declines, not only what the gate declines.

The engine declines by more than the gate: nothing quotable once composed, an answer-type value
missing, a question naming something the collection never mentions; and a named document's
guide may answer what the gate declined. `EngineDecisions` runs it on a question with a given
model, the way the pipeline does (the question read as `read_question` reads it, the same
retrieval).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer.calibrate import examples
from assistant.answer.calibration_data import Example, dev_items
from assistant.answer.engine import answer_extractively
from assistant.answer.model import AnswerModel
from assistant.retrieval.reading import read_question

if TYPE_CHECKING:
    from assistant.retrieval import Retriever
    from assistant.schemas import Passage
    from assistant.settings import Settings
    from index.embedder import Embedder

IngestFn = Callable[["Settings", "Embedder"], object]  # indexes settings.corpus_dir


@dataclass
class EngineDecisions:
    """Whether the extractive engine, with a given model, declines a gathered question."""

    top_k: int
    limit: int  # sentences an answer may quote (settings.answer_sentences)
    asked: dict[int, tuple[str, Retriever]] = field(default_factory=dict)  # id(example) →
    _passages: dict[int, tuple[str, list[Passage]]] = field(default_factory=dict)

    def add(self, found: list[Example], questions: list[str], retriever: Retriever) -> None:
        for example, question in zip(found, questions, strict=True):
            self.asked[id(example)] = (question, retriever)

    def __call__(self, model: AnswerModel, example: Example) -> bool:
        question, retriever = self.asked[id(example)]
        if id(example) not in self._passages:  # retrieval does not depend on the model
            generation = retriever.state().generation
            query = read_question(question, generation, retriever.embedder.whole_words)
            self._passages[id(example)] = (query, retriever.search(query, self.top_k))
        query, passages = self._passages[id(example)]
        return answer_extractively(query, passages, retriever, self.limit, model=model).refused


@contextmanager
def calibration_collections(
    pairs: list[tuple[Path, Path]],
    settings: Settings,
    ingest: IngestFn,
    work_dir: Path | None = None,
) -> Iterator[tuple[list[Example], str, EngineDecisions]]:
    """Index each corpus into its own data folder (with the CLI's `ingest`; under `work_dir`
    when given, so a second run re-ingests nothing) and gather the paired dataset's dev
    examples, each tagged with its corpus folder's name; the engine answers them while open."""
    from assistant.retrieval import Retriever
    from index.embedder import Embedder
    from index.store import open_chroma

    embedder = Embedder(batch_size=settings.embed_batch_size).load()
    found: list[Example] = []
    described = []
    engine = EngineDecisions(settings.top_k, settings.answer_sentences)
    with tempfile.TemporaryDirectory() as tmp:
        for number, (dataset, corpus) in enumerate(pairs):
            data_dir = (work_dir or Path(tmp)) / f"corpus-{number}"
            local = settings.model_copy(update={"data_dir": data_dir, "corpus_dir": corpus})
            ingest(local, embedder)
            retriever = Retriever(
                local.index_dir, open_chroma(data_dir), embedder, local.max_per_document
            )
            items = [i for i in dev_items(dataset) if i.get("corpus") != "injection_fixture"]
            gathered = examples(items, retriever, settings.top_k, corpus.name)
            engine.add(gathered, [i["turns"][-1] for i in items], retriever)
            found += gathered
            described.append(f"{dataset.name} on {corpus.name}: {len(items)} dev questions")
        yield found, "; ".join(described), engine
