"""The HTTP contract, over a real uvicorn server on loopback."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from tests.conftest import LiveServer, StartServer, make_settings

pytestmark = pytest.mark.integration
CONTRACT = {"conversation_id", "message_id", "answer", "citations", "refused", "mode"}
CITATION = {
    "n",
    "doc_id",
    "title",
    "publisher",
    "date",
    "section",
    "quote",
    "chunk_id",
    "start",
    "end",
    "page",
}


def post(server: LiveServer, path: str, **kwargs: object) -> httpx.Response:
    return httpx.post(f"{server.url}{path}", timeout=30, **kwargs)  # type: ignore[arg-type]


def test_chat_contract_and_conversation(server: LiveServer) -> None:
    first = post(server, "/api/chat", json={"message": "What are HARPs?", "conversation_id": None})
    assert first.status_code == 200
    body = first.json()
    assert CONTRACT <= set(body) and body["mode"] == "extractive" and body["refused"] is False
    assert body["citations"] and all(set(c) == CITATION for c in body["citations"])
    follow = post(
        server,
        "/api/chat",
        json={"message": "When would they start?", "conversation_id": body["conversation_id"]},
    ).json()
    assert follow["conversation_id"] == body["conversation_id"]
    assert "April 2024" in follow["answer"]
    stored = httpx.get(f"{server.url}/api/conversations/{body['conversation_id']}").json()
    assert [m["role"] for m in stored["messages"]] == ["user", "assistant"] * 2
    assert stored["messages"][3]["response"]["search_query"] == follow["search_query"]


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"message": ""}, 422, "message"),
        ({"message": "   "}, 422, "blank"),
        ({"message": "x" * 4001}, 422, "4000"),
        ({"message": 5}, 422, "string"),
        ({}, 422, "message: Field required"),
        ({"message": "hi", "conversation_id": "does-not-exist"}, 404, "not found"),
        ({"message": "hi", "extra": 1}, 422, "extra"),
    ],
)
def test_bad_chat_input_gets_a_clear_4xx(
    server: LiveServer, payload: dict[str, object], status: int, fragment: str
) -> None:
    response = post(server, "/api/chat", json=payload)
    assert response.status_code == status
    assert fragment.casefold() in str(response.json()["detail"]).casefold()
    assert "Traceback" not in response.text


def test_malformed_json_is_a_400(server: LiveServer) -> None:
    response = post(
        server, "/api/chat", content=b'{"message": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["error"] == "malformed_json"


def test_search_with_filters(server: LiveServer) -> None:
    response = post(
        server,
        "/api/search",
        json={
            "query": "provider collaboratives",
            "k": 4,
            "filters": {"publisher": ["Hill Dickinson"]},
        },
    )
    passages = response.json()["passages"]
    assert len(passages) == 4 and {p["publisher"] for p in passages} == {"Hill Dickinson"}
    dated = post(
        server,
        "/api/search",
        json={"query": "targets", "k": 10, "filters": {"date_from": "2023-04-01"}},
    ).json()["passages"]
    assert dated and all(p["date"] >= "2023-04" for p in dated)
    bad = post(server, "/api/search", json={"query": "x", "k": 0})
    assert bad.status_code == 422


def test_documents_and_viewer_text(server: LiveServer) -> None:
    documents = httpx.get(f"{server.url}/api/documents").json()
    assert {d["doc_id"] for d in documents} >= {"nhs-providers-evidence", "ggi-response"}
    detail = httpx.get(f"{server.url}/api/documents/ggi-response").json()
    assert "11 questions" in detail["text"] and detail["sections"]
    assert httpx.get(f"{server.url}/api/documents/nope").status_code == 404


def test_collection_comes_from_the_manifest(server: LiveServer) -> None:
    from ingest.manifest import read_manifest
    from tests.conftest import CORPUS

    expected = read_manifest(CORPUS).collection
    assert expected is not None
    got = httpx.get(f"{server.url}/api/collection").json()
    assert got == expected.model_dump(mode="json")
    assert got["example_questions"] and got["glossary"]


def test_conversation_rename_list_delete(server: LiveServer) -> None:
    cid = post(server, "/api/chat", json={"message": "What is the role of the CQC?"}).json()[
        "conversation_id"
    ]
    listed = httpx.get(f"{server.url}/api/conversations").json()
    assert any(
        c["conversation_id"] == cid and c["title"] == "What is the role of the CQC?" for c in listed
    )
    renamed = httpx.patch(f"{server.url}/api/conversations/{cid}", json={"title": "CQC"}).json()
    assert renamed["title"] == "CQC"
    assert httpx.delete(f"{server.url}/api/conversations/{cid}").status_code == 204
    assert httpx.get(f"{server.url}/api/conversations/{cid}").status_code == 404


def test_health_and_openapi(server: LiveServer) -> None:
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{server.url}/readyz").json()["status"] == "ready"
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert "/api/chat" in spec["paths"] and httpx.get(f"{server.url}/docs").status_code == 200


def test_not_ready_without_an_index(tmp_path: Path, start_server: StartServer) -> None:
    empty = tmp_path / "empty-corpus"
    empty.mkdir()
    (empty / "notes.txt").write_text("HARPs start in April 2024 according to these notes.\n")
    settings: Settings = make_settings(tmp_path / "data", empty)
    server = start_server(settings)  # serve ingests first when there is no index
    assert httpx.get(f"{server.url}/readyz").json()["documents"] == 1
    (settings.index_dir / "CURRENT").unlink()
    ready = httpx.get(f"{server.url}/readyz")
    assert ready.status_code == 503 and "ingest" in ready.json()["reason"]
    chat = post(server, "/api/chat", json={"message": "What are HARPs?"}).json()
    assert chat["refused"] and chat["refusal_reason"] == "no_index"
