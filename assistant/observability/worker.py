"""A worker's start and end: its collaborators instrumented, its memory reported once the models
are loaded, and its metric files marked dead when it exits (multiprocess mode)."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from prometheus_client import multiprocess

from assistant.observability.metrics import (
    instrument,
    multiprocess_mode,
    observe_generation,
    observe_worker_memory,
)
from index.store import IndexMismatchError, IndexNotReady, IndexUnavailable

if TYPE_CHECKING:
    from assistant.pipeline import Collaborators

log = logging.getLogger("assistant.worker")


def start_worker(collab: Collaborators) -> Collaborators:
    """Instrument `collab` and log this worker's pid, resident memory and index generation."""
    instrument(collab)
    try:
        generation: str | None = collab.retriever.state().generation.name
    except (IndexNotReady, IndexMismatchError, IndexUnavailable):  # served as 503 until fixed
        generation = None
    if generation:
        observe_generation(generation)
    rss = observe_worker_memory()
    log.info(
        "worker ready: %d MB resident", rss // 2**20,
        extra={"event": "worker_ready", "rss_bytes": rss, "generation": generation},
    )  # fmt: skip
    return collab


def stop_worker() -> None:
    if multiprocess_mode():
        multiprocess.mark_process_dead(os.getpid())
