"""A scripted OpenAI-compatible chat-completions server on loopback, for tests that need a
well-behaved model: real HTTP, JSON or SSE streaming, replies decided by a small script.

The default behaviour answers like a careful model: the first sentence of source 1 (copied from
the prompt), cited `[1]`; a rewrite request gets the follow-up back unchanged. Each queued
behaviour is used once, for the next request:
  "answer"       the default
  "not_covered"  reply exactly NOT_COVERED
  "bad_citation" cite a source that does not exist, with an unsupported claim
  "error"        HTTP 500 with an OpenAI-style error body
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SOURCE = re.compile(r"<<<SOURCE (\d+) BEGIN[^\n]*\n[^\n]*\n(.*?)\n<<<SOURCE \1 END>>>", re.DOTALL)
SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.DOTALL)


def first_sentence(text: str) -> str:
    match = SENTENCE.match(" ".join(text.split()))
    return (match.group(1) if match else text).strip()


def scripted_reply(behaviour: str, messages: list[dict[str, Any]]) -> str:
    """What the scripted model says to a conversation."""
    user = str(messages[-1].get("content", ""))
    if "Follow-up question:" in user:
        return user.rsplit("Follow-up question:", 1)[1].split("\n", 1)[0].strip()
    if behaviour == "not_covered":
        return "NOT_COVERED"
    if behaviour == "bad_citation":
        return "The moon is made of green cheese, according to 99 experts [7]."
    sources = SOURCE.findall(user)
    if not sources:
        return "NOT_COVERED"
    return f"{first_sentence(sources[0][1])} [1]"


class ScriptedLLM:
    """Start with `.start()`; `base_url` is what LLM_BASE_URL should be; `requests` is a log."""

    def __init__(self) -> None:
        self.queue: deque[str] = deque()
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, *behaviours: str) -> None:
        self.queue.extend(behaviours)

    def start(self) -> ScriptedLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def _next(self) -> str:
        try:
            return self.queue.popleft()
        except IndexError:
            return "answer"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
                return

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._json(404, {"error": {"message": "not found", "type": "not_found"}})
                    return
                length = int(self.headers.get("Content-Length", "0"))
                request = json.loads(self.rfile.read(length) or b"{}")
                scripted.requests.append(request)
                behaviour = scripted._next()
                if behaviour == "error":
                    body = {"error": {"message": "scripted failure", "type": "server_error"}}
                    self._json(500, body)
                    return
                reply = scripted_reply(behaviour, request.get("messages", []))
                model = request.get("model", "scripted")
                if request.get("stream"):
                    self._stream(reply, model)
                else:
                    self._json(200, completion(reply, model))

            def _stream(self, reply: str, model: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = re.findall(r"\S+\s*", reply) or [reply]
                chunks = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
                for n, delta in enumerate(chunks):
                    last = n == len(chunks) - 1
                    event = chunk(delta, model, "stop" if last else None)
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler


def completion(reply: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply},
                "finish_reason": "stop",
            }
        ],
    }


def chunk(delta: dict[str, str], model: str, finish: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
