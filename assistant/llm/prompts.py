"""Prompt templates as versioned, hashed files in `prompts/`.

Each file is Markdown with a small YAML front matter::

    ---
    name: answer
    version: "1.0.0"
    variables: [sources, question]
    ---
    template body (Jinja2, rendered with StrictUndefined)

Rendering raises `PromptVariableError` when a declared variable is missing, an undeclared one
is passed, or the body uses a variable the front matter does not declare.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

PROMPT_NAMES = ("system", "answer", "rewrite")

_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
)


@lru_cache(maxsize=64)
def _compiled(body: str) -> jinja2.Template:
    return _ENV.from_string(body)


class PromptError(ValueError):
    """A prompt file is missing or malformed."""


class PromptVariableError(PromptError):
    """A prompt was rendered with missing or unexpected variables."""


class PromptTemplate(BaseModel):
    """One prompt file: its name, version, sha256 of the file bytes and the Jinja2 body."""

    model_config = ConfigDict(frozen=True)

    name: str
    version: str
    sha256: str
    variables: tuple[str, ...] = ()
    body: str

    @model_validator(mode="after")
    def _variables_match_body(self) -> PromptTemplate:
        try:
            used = jinja2.meta.find_undeclared_variables(_ENV.parse(self.body))
        except jinja2.TemplateSyntaxError as exc:
            raise PromptError(f"prompt {self.name!r}: template syntax error: {exc}") from exc
        undeclared = sorted(used - set(self.variables))
        if undeclared:
            raise PromptError(f"prompt {self.name!r} uses undeclared variables {undeclared}")
        return self

    def render(self, **values: Any) -> str:
        missing = sorted(set(self.variables) - values.keys())
        extra = sorted(values.keys() - set(self.variables))
        if missing or extra:
            raise PromptVariableError(
                f"prompt {self.name!r} v{self.version}: missing {missing}, unexpected {extra}"
            )
        try:
            return _compiled(self.body).render(**values).strip()
        except jinja2.UndefinedError as exc:  # pragma: no cover - guarded by the checks above
            raise PromptVariableError(f"prompt {self.name!r}: {exc}") from exc


class PromptSet(BaseModel):
    """The three prompts the LLM mode uses, plus one combined version and hash for records."""

    model_config = ConfigDict(frozen=True)

    system: PromptTemplate
    answer: PromptTemplate
    rewrite: PromptTemplate
    combined_sha256: str = Field(default="")

    @model_validator(mode="after")
    def _combine(self) -> PromptSet:
        if not self.combined_sha256:
            digest = hashlib.sha256()
            for template in (self.system, self.answer, self.rewrite):
                digest.update(f"{template.name}:{template.sha256}\n".encode())
            object.__setattr__(self, "combined_sha256", digest.hexdigest())
        return self

    @property
    def version(self) -> str:
        """e.g. `system@1.0.0+answer@1.0.0+rewrite@1.0.0`."""
        return "+".join(f"{t.name}@{t.version}" for t in (self.system, self.answer, self.rewrite))

    def record(self) -> dict[str, str]:
        """What every LLM answer stores about the prompts it was made with."""
        return {
            "version": self.version,
            "sha256": self.combined_sha256,
            "system": f"{self.system.version}:{self.system.sha256[:12]}",
            "answer": f"{self.answer.version}:{self.answer.sha256[:12]}",
            "rewrite": f"{self.rewrite.version}:{self.rewrite.sha256[:12]}",
        }


def parse_prompt(raw: bytes, *, expected_name: str | None = None) -> PromptTemplate:
    """Parse one prompt file's bytes (front matter + body)."""
    text = raw.decode("utf-8")
    if not text.startswith("---\n"):
        raise PromptError("prompt file must start with a '---' front matter block")
    try:
        header, body = text[4:].split("\n---\n", 1)
    except ValueError as exc:
        raise PromptError("prompt front matter is not closed with '---'") from exc
    meta = yaml.safe_load(header) or {}
    if not isinstance(meta, dict):
        raise PromptError("prompt front matter must be a mapping")
    name = str(meta.get("name", expected_name or ""))
    if expected_name is not None and name != expected_name:
        raise PromptError(f"prompt file declares name {name!r}, expected {expected_name!r}")
    version = meta.get("version")
    if not version:
        raise PromptError(f"prompt {name!r} has no version")
    variables = meta.get("variables") or []
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise PromptError(f"prompt {name!r}: variables must be a list of names")
    try:
        return PromptTemplate(
            name=name,
            version=str(version),
            sha256=hashlib.sha256(raw).hexdigest(),
            variables=tuple(variables),
            body=body,
        )
    except ValidationError as exc:  # the body's checks raise inside pydantic's validator
        reasons = "; ".join(str(e.get("ctx", {}).get("error", e["msg"])) for e in exc.errors())
        raise PromptError(reasons) from exc


def load_prompt(prompts_dir: Path, name: str) -> PromptTemplate:
    path = prompts_dir / f"{name}.md"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PromptError(f"cannot read prompt file {path}: {exc}") from exc
    return parse_prompt(raw, expected_name=name)


def load_prompts(prompts_dir: Path) -> PromptSet:
    """Load system, answer and rewrite prompts from a directory."""
    system, answer, rewrite = (load_prompt(prompts_dir, name) for name in PROMPT_NAMES)
    return PromptSet(system=system, answer=answer, rewrite=rewrite)
