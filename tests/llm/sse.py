"""A small Server-Sent Events reader for the streaming tests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx


def events(response: httpx.Response) -> Iterator[tuple[str, Any]]:
    """(event, decoded data) pairs as they arrive; pings (comments) are skipped."""
    name, data = "message", []
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if not line:
            if data:
                yield name, json.loads("\n".join(data))
            name, data = "message", []
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)


def stream_chat(
    base_url: str, message: str, conversation_id: str | None = None, timeout: float = 180
) -> list[tuple[str, Any]]:
    """Every event of one streamed answer."""
    body = {"message": message, "conversation_id": conversation_id}
    with httpx.stream("POST", f"{base_url}/api/chat/stream", json=body, timeout=timeout) as resp:
        assert resp.status_code == 200, resp.read()
        assert resp.headers["content-type"].startswith("text/event-stream")
        return list(events(resp))
