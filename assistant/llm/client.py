"""One streamed chat completion from any OpenAI-compatible endpoint, bounded in time and tries.

The SDK's own retries are off: retrying here lets one deadline cover every attempt (so a call
never outlives `LLM_TIMEOUT`), and a stream that has already sent tokens to a reader is never
silently restarted.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx2
import openai
from openai.types.chat import ChatCompletionMessageParam

from assistant.answering import LLMUnavailable, TokenCallback
from assistant.settings import Settings

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 5.0
BACKOFF = 0.25  # seconds, doubled per retry
_RETRYABLE = (
    openai.APIConnectionError,
    openai.RateLimitError,
    openai.InternalServerError,
    httpx2.TransportError,
)
_FAILURES = (openai.OpenAIError, httpx2.HTTPError, json.JSONDecodeError)

Message = ChatCompletionMessageParam


class LLMCancelled(LLMUnavailable):
    """The reader went away; generation was stopped."""


class _Retry(Exception):
    """An attempt failed before any token was sent; another attempt may succeed."""


class ChatClient:
    """Streams chat completions for one configured model."""

    def __init__(self, settings: Settings, client: openai.OpenAI | None = None) -> None:
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "unused"
        self.model = settings.llm_model or ""
        self.temperature = settings.llm_temperature
        self.timeout = settings.llm_timeout
        self.max_retries = settings.llm_max_retries
        self._client = client or openai.OpenAI(
            base_url=settings.llm_base_url, api_key=key, max_retries=0, timeout=self.timeout
        )

    def close(self) -> None:
        self._client.close()

    def complete(
        self,
        messages: list[Message],
        *,
        max_tokens: int,
        on_token: TokenCallback | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        timeout: float | None = None,
        retries: int | None = None,
    ) -> str:
        """The full reply text; raises `LLMUnavailable` when every bounded attempt failed."""
        deadline = time.monotonic() + (timeout or self.timeout)
        attempts = 1 + (self.max_retries if retries is None else retries)
        for attempt in range(attempts):
            try:
                return self._attempt(messages, max_tokens, on_token, cancelled, deadline)
            except _Retry as exc:
                pause = BACKOFF * 2**attempt
                if attempt + 1 == attempts or time.monotonic() + pause >= deadline:
                    raise LLMUnavailable(f"language model failed: {exc}") from exc.__cause__
                log.warning("LLM attempt %d failed (%s); retrying", attempt + 1, exc)
                time.sleep(pause)
        raise LLMUnavailable("language model made no attempt")  # pragma: no cover - attempts>=1

    def _attempt(
        self,
        messages: list[Message],
        max_tokens: int,
        on_token: TokenCallback | None,
        cancelled: Callable[[], bool],
        deadline: float,
    ) -> str:
        if cancelled():
            raise LLMCancelled("the reader disconnected before the model was asked")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LLMUnavailable(f"language model timed out after {self.timeout:g}s")
        timeout = httpx2.Timeout(remaining, connect=min(CONNECT_TIMEOUT, remaining))
        parts: list[str] = []
        try:
            stream = self._client.with_options(timeout=timeout).chat.completions.create(
                model=self.model,
                messages=messages,
                temperature=self.temperature,
                max_tokens=max_tokens,
                stream=True,
            )
            with stream:
                for chunk in stream:
                    if cancelled():
                        raise LLMCancelled("the reader disconnected; generation stopped")
                    if time.monotonic() > deadline:
                        raise LLMUnavailable(f"language model timed out after {self.timeout:g}s")
                    text = _delta(chunk)
                    if text:
                        parts.append(text)
                        if on_token is not None:
                            on_token(text)
        except _RETRYABLE as exc:
            if parts:  # tokens already reached the reader: do not start over
                raise LLMUnavailable(f"language model failed mid-answer: {exc}") from exc
            raise _Retry(type(exc).__name__) from exc
        except _FAILURES as exc:
            raise LLMUnavailable(f"language model error: {type(exc).__name__}: {exc}") from exc
        return "".join(parts)


def _delta(chunk: Any) -> str:
    """The text of one streamed chunk ('' for role-only or empty chunks)."""
    choices = getattr(chunk, "choices", None) or []
    if not choices:
        return ""
    content = getattr(choices[0].delta, "content", None)
    return content if isinstance(content, str) else ""
