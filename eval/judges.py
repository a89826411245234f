"""Optional tier 1: an LLM judge through any OpenAI-compatible endpoint, used only when
EVAL_JUDGE_BASE_URL and EVAL_JUDGE_MODEL are set. Temperature 0, JSON output, every reply cached
on disk by the hash of its request, and a reply that does not parse counted as an error."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openai import OpenAI, OpenAIError

from eval.answer_text import sentences

FAITHFULNESS_PROMPT = """You check whether claims are supported by sources.
For each numbered claim, answer true only if the sources given for it state it.
Reply with JSON only: {"claims": [{"n": <claim number>, "supported": true|false}, ...]}"""
RELEVANCE_PROMPT = """You rate how directly an answer addresses a question.
Reply with JSON only: {"relevance": <integer 1 to 5>} where 5 means it answers exactly what was
asked and 1 means it is unrelated."""


class JudgeParseError(ValueError):
    """The judge replied with something that is not the JSON asked for."""


@dataclass(frozen=True)
class JudgeConfig:
    """Where the judge is; read from the environment."""

    base_url: str
    model: str
    api_key: str = "not-needed"
    timeout: float = 120.0
    max_tokens: int = 300

    @classmethod
    def from_env(cls) -> JudgeConfig | None:
        base_url, model = os.environ.get("EVAL_JUDGE_BASE_URL"), os.environ.get("EVAL_JUDGE_MODEL")
        if not (base_url and model):
            return None
        key = os.environ.get("EVAL_JUDGE_API_KEY") or "not-needed"
        timeout = float(os.environ.get("EVAL_JUDGE_TIMEOUT", "120"))
        max_tokens = int(os.environ.get("EVAL_JUDGE_MAX_TOKENS", "300"))
        return cls(base_url, model, key, timeout, max_tokens)


def parse_object(raw: str) -> dict[str, Any]:
    """The JSON object in a reply (code fences tolerated); anything else is a parse error."""
    text = raw.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JudgeParseError(f"not JSON: {raw[:120]!r}") from exc
    if not isinstance(value, dict):
        raise JudgeParseError(f"not a JSON object: {raw[:120]!r}")
    return value


def faithfulness_score(reply: dict[str, Any], claims: int) -> float:
    """Share of claims the judge marked supported; a missing or malformed verdict is an error."""
    verdicts = reply.get("claims")
    if not isinstance(verdicts, list):
        raise JudgeParseError("no 'claims' list")
    marked = {
        v.get("n"): v.get("supported")
        for v in verdicts
        if isinstance(v, dict) and isinstance(v.get("supported"), bool)
    }
    if any(n not in marked for n in range(1, claims + 1)):
        raise JudgeParseError(f"verdicts for {sorted(map(str, marked))} but {claims} claims")
    return sum(1 for n in range(1, claims + 1) if marked[n]) / claims


def relevance_score(reply: dict[str, Any]) -> float:
    """The 1-5 rating mapped to 0..1."""
    value = reply.get("relevance")
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise JudgeParseError(f"relevance must be an integer 1-5, got {value!r}")
    return (value - 1) / 4


class LLMJudge:
    """Asks the judge model, caching every raw reply under `cache_dir/<sha256>.json`."""

    def __init__(self, config: JudgeConfig, cache_dir: Path, client: OpenAI | None = None) -> None:
        self.config = config
        self.cache_dir = cache_dir
        self.client = client or OpenAI(
            base_url=config.base_url, api_key=config.api_key, timeout=config.timeout, max_retries=1
        )
        self.calls = self.cached = 0

    def ask(self, system: str, user: str) -> str:
        """The judge's raw reply to one request (from the cache when seen before)."""
        request = {
            "model": self.config.model,
            "system": system,
            "user": user,
            "temperature": 0,
            "max_tokens": self.config.max_tokens,
        }
        key = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        path = self.cache_dir / f"{key}.json"
        if path.exists():
            self.cached += 1
            reply: str = json.loads(path.read_text(encoding="utf-8"))["reply"]
            return reply
        self.calls += 1
        completion = self.client.chat.completions.create(
            model=self.config.model,
            temperature=0,
            max_tokens=self.config.max_tokens,
            response_format={"type": "json_object"},
            messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
        )
        reply = completion.choices[0].message.content or ""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"request": request, "reply": reply}), encoding="utf-8")
        return reply

    def faithfulness(self, answer: str, quotes: dict[int, str]) -> float | None:
        """Claim-level faithfulness: each answer sentence judged against the quotes it cites."""
        claims = [s for s in sentences(answer) if s.markers]
        if not claims:
            return None
        lines = []
        for number, claim in enumerate(claims, start=1):
            sources = " | ".join(quotes.get(n, "(no such source)") for n in claim.markers)
            lines.append(f"Claim {number}: {claim.text}\nSources for claim {number}: {sources}")
        reply = self.ask(FAITHFULNESS_PROMPT, "\n\n".join(lines))
        return faithfulness_score(parse_object(reply), len(claims))

    def relevance(self, question: str, answer: str) -> float:
        reply = self.ask(RELEVANCE_PROMPT, f"Question: {question}\n\nAnswer: {answer}")
        return relevance_score(parse_object(reply))

    def judge(self, question: str, answer: str, quotes: dict[int, str]) -> dict[str, Any]:
        """Both judgements for one answer; errors are recorded, never dropped."""
        result: dict[str, Any] = {"errors": []}
        for name, call in (
            ("judge_faithfulness", lambda: self.faithfulness(answer, quotes)),
            ("judge_relevance", lambda: self.relevance(question, answer)),
        ):
            try:
                result[name] = call()
            except (JudgeParseError, OpenAIError) as exc:
                result[name] = None
                result["errors"].append(f"{name}: {exc}")
        return result
