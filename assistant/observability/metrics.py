"""Prometheus metrics: requests, latency, retrieval and LLM time, declines, fallbacks, feedback,
errors, the index generation served and each worker's memory.

With several workers, PROMETHEUS_MULTIPROC_DIR must be set before this module is first imported
(`serve` does it): every worker then writes its values to files there and `/metrics` merges them.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from assistant.observability.answer_log import log_answer

if TYPE_CHECKING:
    from assistant.pipeline import Collaborators
    from assistant.schemas import ChatResponse

F = TypeVar("F", bound=Callable[..., Any])
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)

REQUESTS = Counter(
    "assistant_http_requests_total", "HTTP requests answered.", ["method", "route", "status"]
)
REQUEST_SECONDS = Histogram(
    "assistant_http_request_seconds",
    "Time from request to the end of the response body.",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
ERRORS = Counter("assistant_errors_total", "Requests that failed on the server side.", ["kind"])
ANSWERS = Counter("assistant_answers_total", "Answers given, by mode.", ["mode"])
ANSWER_SECONDS = Histogram(
    "assistant_answer_seconds", "Server time of one answer.", buckets=LATENCY_BUCKETS
)
DECLINES = Counter("assistant_declines_total", "Answers declined, by reason.", ["reason"])
FALLBACKS = Counter(
    "assistant_llm_fallbacks_total", "LLM answers that fell back to the extractive answer."
)
RETRIEVAL_SECONDS = Histogram(
    "assistant_retrieval_seconds", "Time of one retrieval (search).", buckets=LATENCY_BUCKETS
)
LLM_SECONDS = Histogram(
    "assistant_llm_seconds", "Time of one LLM call (answer or rewrite).", ["call"],
    buckets=LATENCY_BUCKETS,
)  # fmt: skip
FEEDBACK = Counter("assistant_feedback_total", "Feedback received, by rating.", ["rating"])
GENERATION = Gauge(
    "assistant_index_generation",
    "1 for the index generation a worker serves.",
    ["generation"],
    multiprocess_mode="liveall",
)
WORKER_RSS = Gauge(
    "assistant_worker_resident_bytes",
    "Resident memory of each worker process.",
    multiprocess_mode="liveall",
)


def multiprocess_mode() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


def render() -> tuple[bytes, str]:
    """The exposition text of every worker's metrics (merged when several share a folder)."""
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def resident_bytes() -> int:
    """This process's resident set size now (peak RSS where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _timed(function: F, observe: Callable[[float], None]) -> F:
    @wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            observe(time.perf_counter() - started)

    return timed  # type: ignore[return-value]


_served: list[str] = []


def observe_generation(name: str) -> None:
    """Mark `name` as the generation this worker serves (the previous one drops to 0)."""
    if _served and _served[0] == name:
        return
    if _served:
        GENERATION.labels(generation=_served[0]).set(0)
    GENERATION.labels(generation=name).set(1)
    _served[:] = [name]


def instrument(collab: Collaborators) -> Collaborators:
    """Time retrieval and LLM calls of these collaborators (wrapped on the instances), and
    count each answer besides logging it."""
    collab.observe_answer = observe_answer
    retriever = collab.retriever
    for name in ("search", "search_each"):  # one search, or one for each of several sources
        search = _timed(getattr(retriever, name), RETRIEVAL_SECONDS.observe)

        def search_and_note_generation(*args: Any, _search: Any = search, **kwargs: Any) -> Any:
            passages = _search(*args, **kwargs)
            observe_generation(retriever.state().generation.name)
            return passages

        setattr(retriever, name, search_and_note_generation)  # instance attribute
    if collab.llm is not None:
        for call in ("answer", "rewrite"):
            timed = _timed(getattr(collab.llm, call), LLM_SECONDS.labels(call=call).observe)
            setattr(collab.llm, call, _counting_fallbacks(timed) if call == "answer" else timed)
    return collab


def _counting_fallbacks(function: F) -> F:
    """An LLM answer that raises `LLMUnavailable` is replaced by the extractive one: count it."""
    from assistant.answering import LLMUnavailable

    @wraps(function)
    def counted(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except LLMUnavailable:
            FALLBACKS.inc()
            raise

    return counted  # type: ignore[return-value]


def observe_answer(response: ChatResponse, question: str, log_questions: bool) -> None:
    """Count one answer (mode, decline reason) and log it; the question only if enabled."""
    ANSWERS.labels(mode=response.mode).inc()
    observe_worker_memory()
    if response.latency_ms is not None:
        ANSWER_SECONDS.observe(response.latency_ms / 1000)
    if response.refused:
        DECLINES.labels(reason=response.refusal_reason or "unknown").inc()
    log_answer(response, question, log_questions)


def observe_feedback(rating: str) -> None:
    FEEDBACK.labels(rating=rating).inc()


def observe_worker_memory() -> int:
    rss = resident_bytes()
    WORKER_RSS.set(rss)
    return rss
