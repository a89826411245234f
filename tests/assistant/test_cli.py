"""The `review-assistant` command line, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.settings import Settings

pytestmark = pytest.mark.integration


def run(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATA_DIR": str(settings.data_dir), "CORPUS_DIR": str(settings.corpus_dir)}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ask_json_and_conversation(corpus_index: Settings) -> None:
    first = run(corpus_index, "ask", "What are HARPs?", "--json")
    assert first.returncode == 0, first.stderr
    body = json.loads(first.stdout)
    assert body["citations"] and body["mode"] == "extractive"
    follow = run(
        corpus_index,
        "ask",
        "When would they start?",
        "--json",
        "--conversation",
        body["conversation_id"],
    )
    assert "April 2024" in json.loads(follow.stdout)["answer"]


# Imported only by other commands: a cold `ask` that loads any of them starts slower.
NOT_FOR_ASK = ("fastapi", "uvicorn", "alembic", "openai", "ingest", "slack_bolt", "docx", "fpdf")
# Nor what the served app (metrics) or a migration (every table) needs.
NOT_FOR_ASK += ("prometheus_client", "assistant.tables")


def test_a_cold_ask_imports_nothing_only_other_commands_need(corpus_index: Settings) -> None:
    result = run(corpus_index, "ask", "What are the main recommendations?", "--json")
    assert result.returncode == 0, result.stderr
    probe = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "assistant", "ask", "What are HARPs?"],
        env={**os.environ, "DATA_DIR": str(corpus_index.data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in probe.stderr.splitlines()}
    assert "spacy" in imported and "assistant.pipeline" in imported  # the probe saw imports
    assert sorted(set(NOT_FOR_ASK) & imported) == []


def test_ask_prints_sources(corpus_index: Settings) -> None:
    result = run(corpus_index, "ask", "What did GGI say about system risk?")
    assert result.returncode == 0 and "Good Governance Institute" in result.stdout


def test_bad_input_is_a_clear_error(corpus_index: Settings, tmp_path: Path) -> None:
    unknown = run(corpus_index, "ask", "hi", "--conversation", "nope")
    assert (
        unknown.returncode == 1
        and "not found" in unknown.stderr
        and "Traceback" not in unknown.stderr
    )
    blank = run(corpus_index, "ask", "   ")
    assert blank.returncode == 1 and "blank" in blank.stderr
    missing = run(corpus_index, "ingest", str(tmp_path / "missing.txt"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
    odd = tmp_path / "slides.pptx"
    odd.write_bytes(b"x")
    unsupported = run(corpus_index, "ingest", str(odd))
    assert unsupported.returncode == 1 and "unsupported format" in unsupported.stderr


def test_unchanged_reingest_and_search(corpus_index: Settings) -> None:
    result = run(corpus_index, "ingest")
    assert result.returncode == 0 and "5 unchanged" in result.stdout
    found = run(corpus_index, "search", "HARPs", "--k", "2")
    assert found.returncode == 0 and "nhs-confederation-briefing" in found.stdout


def test_piped_ask_is_plain_text_that_keeps_every_marker(corpus_index: Settings) -> None:
    as_json = run(corpus_index, "ask", "What are the main recommendations?", "--json")
    body = json.loads(as_json.stdout)
    piped = run(corpus_index, "ask", "What are the main recommendations?", "--no-json")
    assert piped.returncode == 0, piped.stderr
    assert "\x1b[" not in piped.stdout  # no terminal codes in a pipe
    assert body["citations"]
    answer, _, sources = piped.stdout.partition("\nSources:\n")
    for citation in body["citations"]:
        assert f"[{citation['n']}]" in answer
        assert f"[{citation['n']}] {citation['title']} — {citation['publisher']}" in sources
    assert len(answer.strip()) >= len(body["answer"].strip())  # nothing cropped


def test_terminal_output_wraps_without_losing_markers() -> None:
    import io
    import re

    from rich.console import Console

    from assistant.schemas import ChatResponse, Citation
    from assistant.terminal import print_answer

    citation = {"doc_id": "d", "title": "Title", "publisher": "Pub", "date": "2024", "section": ""}
    lines = [
        f"- A long list item that must wrap in a narrow terminal, number {n} [{n}]"
        for n in (1, 2, 3)
    ]
    response = ChatResponse(
        conversation_id="c1",
        message_id="m1",
        answer="\n".join(lines),
        citations=[
            Citation(n=n, quote="q", chunk_id="x", start=0, end=1, **citation) for n in (1, 2, 3)
        ],
        refused=False,
        mode="extractive",
    )
    out = io.StringIO()
    print_answer(response, Console(file=out, force_terminal=True, width=28, color_system=None))
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 28
    body = text.split("[1] Title")[0]
    assert re.findall(r"\[(\d)\]", body) == ["1", "2", "3"]
