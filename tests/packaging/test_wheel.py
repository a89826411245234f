"""The built wheel works outside the checkout: core install only (no extras), a user's own
folder of documents, ingest, answer, serve the web chat from the packaged assets.

Builds with `uv build --wheel` and installs into a fresh venv with `uv pip install` (PyPI or
uv's cache), then runs the installed `review-assistant` from a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.settings import PROJECT_ROOT
from tests.conftest import free_port

pytestmark = pytest.mark.integration

POLICY = """# Home working policy

## Eligibility

Staff may work from home for up to three days a week once they have completed probation.

## Equipment

The organisation provides a laptop and a headset; staff provide their own desk and chair.
"""
TRAVEL = """# Travel policy

## Trains

Standard class rail travel is reimbursed for journeys over fifty miles.
"""


def _uv() -> str:
    found = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    assert Path(found).exists(), (
        "uv is needed to build the wheel (scripts/bootstrap.sh installs it)"
    )
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with only the wheel (core dependencies) installed."""
    root = tmp_path_factory.mktemp("wheel")
    uv = _uv()
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(root / "dist"), str(PROJECT_ROOT)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    wheel = next((root / "dist").glob("review_assistant-*.whl"))
    venv = root / "venv"
    subprocess.run([uv, "venv", "--python", sys.executable, str(venv)], check=True, timeout=120)
    subprocess.run(
        [uv, "pip", "install", "--python", str(venv / "bin" / "python"), str(wheel)],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    return venv


def _run(
    venv: Path, cwd: Path, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "review-assistant"), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def user_env(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("user")
    corpus = home / "my-documents"
    corpus.mkdir()
    (corpus / "home-working.md").write_text(POLICY, encoding="utf-8")
    (corpus / "travel.md").write_text(TRAVEL, encoding="utf-8")
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "UV_CACHE_DIR")
    return {
        **{k: v for k, v in os.environ.items() if k in keep},
        "HOME": str(home),
        "CORPUS_DIR": str(corpus),
        "DATA_DIR": str(home / "data"),
        "VIRTUAL_ENV": str(installed),
    }


def test_core_install_has_no_torch_cuda_or_extras(installed: Path) -> None:
    listed = subprocess.run(
        [_uv(), "pip", "list", "--format", "json", "--python", str(installed / "bin" / "python")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert "review-assistant" in names
    assert not {n for n in names if n.startswith(("torch", "nvidia", "triton"))}
    assert not names & {"slack-bolt", "openai", "psycopg", "langchain-core", "pytest", "mypy"}


def test_packaged_files_are_found_from_the_installed_package(
    installed: Path, user_env: dict[str, str]
) -> None:
    code = (
        "from assistant.settings import Settings; from assistant.app import WEB_DIR; "
        "s = Settings(_env_file=None, CORPUS_DIR='x', DATA_DIR='y'); "
        "print(s.prompts_dir); print(WEB_DIR)"
    )
    out = subprocess.run(
        [str(installed / "bin" / "python"), "-c", code],
        cwd=user_env["HOME"], env=user_env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    prompts, web = (Path(line) for line in out)
    assert str(installed) in str(prompts) and (prompts / "system.md").is_file()
    assert (web / "index.html").is_file() and (web / "vendor").is_dir()


def test_ingest_and_answer_from_a_users_folder(installed: Path, user_env: dict[str, str]) -> None:
    cwd = Path(user_env["HOME"])
    ingest = _run(installed, cwd, user_env, "ingest")
    assert ingest.returncode == 0, ingest.stderr
    assert "Indexed 2 documents" in ingest.stdout
    asked = _run(
        installed, cwd, user_env, "ask", "How many days a week can staff work from home?", "--json"
    )  # noqa: E501
    assert asked.returncode == 0, asked.stderr
    body = json.loads(asked.stdout)
    assert not body["refused"] and body["citations"]
    assert any("three days a week" in c["quote"] for c in body["citations"])


def test_missing_extra_is_one_clear_line(installed: Path, user_env: dict[str, str]) -> None:
    result = _run(installed, Path(user_env["HOME"]), user_env, "slack", "check")
    assert result.returncode == 1
    assert "pip install 'review-assistant[slack]'" in result.stderr
    assert "Traceback" not in result.stderr
    llm = _run(
        installed, Path(user_env["HOME"]),
        {**user_env, "LLM_BASE_URL": "http://127.0.0.1:9/v1", "LLM_MODEL": "m"},
        "ask", "How many days a week can staff work from home?",
    )  # fmt: skip
    assert llm.returncode == 1 and "review-assistant[llm]" in llm.stderr
    assert "Traceback" not in llm.stderr


def test_serve_uses_the_packaged_web_chat(installed: Path, user_env: dict[str, str]) -> None:
    port = free_port()
    log = Path(user_env["HOME"]) / "serve.log"
    with log.open("wb") as handle:
        server = subprocess.Popen(
            [str(installed / "bin" / "review-assistant"), "serve", "--port", str(port),
             "--workers", "1"],
            cwd=user_env["HOME"], env=user_env, stdout=handle, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and server.poll() is None:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            page = httpx.get(url + "/", timeout=10)
            assert page.status_code == 200 and "<html" in page.text.lower(), log.read_text()
            chat = httpx.post(
                f"{url}/api/chat", json={"message": "Which rail class is reimbursed?"}, timeout=120
            )
            assert chat.status_code == 200 and chat.json()["citations"], chat.text
        finally:
            server.terminate()
            server.wait(30)
