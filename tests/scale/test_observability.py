"""Observability on a real two-worker server: request ids in and out, JSON log lines tied to
them (questions left out unless enabled), and Prometheus counters that move, merged across
workers through PROMETHEUS_MULTIPROC_DIR."""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from assistant.observability.logs import JsonFormatter, RequestIdFilter, request_id
from assistant.observability.metrics import observe_answer
from assistant.schemas import ChatResponse
from assistant.settings import Settings
from tests.conftest import LiveServer, StartServer

pytestmark = pytest.mark.integration
ANSWERABLE = "What are the main recommendations?"
OFF_TOPIC = "What is the best recipe for banana bread?"


@pytest.fixture(scope="module")
def two_workers(small_index: Settings, start_server: StartServer) -> LiveServer:
    # Two workers each load their models: slow on a busy machine, hence the longer wait.
    return start_server(small_index, ready_timeout=300, WORKERS="2")


def scrape(server: LiveServer) -> dict[str, float]:
    """Every sample as "name{label=value,...}" (pid label dropped, summed over workers)."""
    text = httpx.get(f"{server.url}/metrics", timeout=30).text
    samples: dict[str, float] = defaultdict(float)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()) if k != "pid")
            samples[f"{sample.name}{{{labels}}}"] += sample.value
    return samples


def test_request_ids_are_echoed_or_made(two_workers: LiveServer) -> None:
    given = httpx.get(f"{two_workers.url}/healthz", headers={"X-Request-ID": "trace-42.a"})
    made = httpx.get(f"{two_workers.url}/healthz", headers={"X-Request-ID": "bad id\t<>"})
    assert given.headers["x-request-id"] == "trace-42.a"
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])


def test_counters_move_across_workers_and_logs_carry_the_request_id(
    two_workers: LiveServer,
) -> None:
    before = scrape(two_workers)
    url = two_workers.url
    answered = httpx.post(
        f"{url}/api/chat", json={"message": ANSWERABLE}, headers={"X-Request-ID": "rq-answer"},
        timeout=120,
    ).json()  # fmt: skip
    declined = httpx.post(f"{url}/api/chat", json={"message": OFF_TOPIC}, timeout=120).json()
    assert not answered["refused"] and declined["refused"]
    rated = httpx.post(
        f"{url}/api/feedback", json={"message_id": answered["message_id"], "rating": "up"}
    )
    assert rated.status_code == 201, rated.text
    after = scrape(two_workers)

    def moved(key: str) -> float:
        return after.get(key, 0.0) - before.get(key, 0.0)

    chat_200 = "assistant_http_requests_total{method=POST,route=/api/chat,status=200}"
    assert moved(chat_200) == 2
    assert moved("assistant_answers_total{mode=extractive}") == 2
    assert moved(f"assistant_declines_total{{reason={declined['refusal_reason']}}}") == 1
    assert moved("assistant_feedback_total{rating=up}") == 1
    assert moved("assistant_retrieval_seconds_count{}") >= 1
    assert moved("assistant_http_request_seconds_count{method=POST,route=/api/chat}") == 2
    text = httpx.get(f"{url}/metrics").text
    assert len(set(re.findall(r'assistant_worker_resident_bytes\{pid="(\d+)"\}', text))) == 2
    generation = httpx.get(f"{url}/readyz").json()["generation"]
    assert f'assistant_index_generation{{generation="{generation}"' in text

    lines = [json.loads(line) for line in two_workers.log.read_text().splitlines()
             if line.startswith("{")]  # fmt: skip
    answer_lines = [line for line in lines if line.get("event") == "answer"]
    tagged = [line for line in answer_lines if line["request_id"] == "rq-answer"]
    assert [line["message_id"] for line in tagged] == [answered["message_id"]]
    assert "question" not in tagged[0]
    assert ANSWERABLE not in two_workers.log.read_text()
    access = [line for line in lines if line.get("request_id") == "rq-answer"]
    assert {line["event"] for line in access} == {"answer", "request"}


def test_the_question_is_logged_only_when_enabled(caplog: pytest.LogCaptureFixture) -> None:
    response = ChatResponse(
        conversation_id="c", message_id="m", answer="a", citations=[], refused=False,
        mode="extractive",
    )  # fmt: skip
    formatter, stamp = JsonFormatter(), RequestIdFilter()
    token = request_id.set("rq-1")
    with caplog.at_level(logging.INFO, logger="assistant.answers"):
        observe_answer(response, "a question", log_questions=False)
        observe_answer(response, "a question", log_questions=True)
        for record in caplog.records:
            stamp.filter(record)  # as the handler's filter does, inside the request
    request_id.reset(token)
    logged = [json.loads(formatter.format(record)) for record in caplog.records]
    assert [entry.get("question") for entry in logged] == [None, "a question"]
    assert {entry["request_id"] for entry in logged} == {"rq-1"}
