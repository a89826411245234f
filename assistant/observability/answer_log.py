"""The log line of one answer, for every channel; Prometheus counting is added only where
metrics are served (`metrics.instrument`), so a one-shot CLI never imports prometheus_client."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.schemas import ChatResponse

log = logging.getLogger("assistant.answers")


def log_answer(response: ChatResponse, question: str, log_questions: bool) -> None:
    """Log one answer (mode, decline reason, citations, latency); the question only if enabled."""
    extra: dict[str, Any] = {
        "event": "answer",
        "conversation_id": response.conversation_id,
        "message_id": response.message_id,
        "mode": response.mode,
        "refused": response.refused,
        "refusal_reason": response.refusal_reason,
        "citations": len(response.citations),
        "latency_ms": response.latency_ms,
    }
    if log_questions:
        extra["question"] = question
    log.info("answer", extra=extra)
