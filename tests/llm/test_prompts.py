"""Prompt files: front matter, versions, hashes, strict variables."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from assistant.llm.prompts import PromptError, PromptVariableError, load_prompts, parse_prompt
from assistant.settings import PROJECT_ROOT

PROMPTS = PROJECT_ROOT / "prompts"


def test_project_prompts_load_with_versions_and_hashes() -> None:
    prompts = load_prompts(PROMPTS)
    raw = (PROMPTS / "answer.md").read_bytes()
    assert prompts.answer.sha256 == hashlib.sha256(raw).hexdigest()
    assert prompts.version.startswith("system@") and "+answer@" in prompts.version
    record = prompts.record()
    assert record["sha256"] == prompts.combined_sha256 and len(record["sha256"]) == 64
    text = prompts.answer.render(
        sources="<<<SOURCE 1 BEGIN>>>", question="Q?", source_count=1, expected="a date"
    )
    assert "Question: Q?" in text and "{{" not in text
    assert "asks for a date" in text
    untyped = prompts.answer.render(sources="", question="Q?", source_count=0, expected="")
    assert "asks for" not in untyped
    assert "NOT_COVERED" in prompts.system.render(collection="the board papers")


def test_rendering_is_strict() -> None:
    prompts = load_prompts(PROMPTS)
    with pytest.raises(PromptVariableError, match="missing"):
        prompts.answer.render(question="Q?", source_count=1, expected="")
    with pytest.raises(PromptVariableError, match="unexpected"):
        prompts.rewrite.render(history="", question="Q", extra="x")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter", "must start"),
        ("---\nname: answer\nversion: '1'\n", "not closed"),
        ("---\nname: answer\n---\nbody", "no version"),
        ("---\nname: answer\nversion: '1'\n---\n{{ secret }}", "undeclared"),
        ("---\nname: answer\nversion: '1'\n---\n{% if %}", "syntax"),
        ("---\nname: other\nversion: '1'\n---\nbody", "expected 'answer'"),
    ],
)
def test_malformed_prompt_files_are_rejected(text: str, message: str) -> None:
    with pytest.raises(PromptError, match=message):
        parse_prompt(text.encode(), expected_name="answer")


def test_edited_prompt_changes_hash(tmp_path: Path) -> None:
    copy = tmp_path / "prompts"
    shutil.copytree(PROMPTS, copy)
    before = load_prompts(copy).combined_sha256
    (copy / "rewrite.md").write_text((copy / "rewrite.md").read_text() + "\nBe brief.\n")
    assert load_prompts(copy).combined_sha256 != before
    (copy / "system.md").unlink()
    with pytest.raises(PromptError, match="cannot read"):
        load_prompts(copy)
