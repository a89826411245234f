"""`OpenAIAnswerer`: cited answers and follow-up rewrites from any OpenAI-compatible model."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from assistant import replies
from assistant.answering import AnswerDraft, LLMUnavailable, TokenCallback, Turn
from assistant.llm.client import ChatClient, Message
from assistant.llm.evidence import typed_evidence
from assistant.llm.prompts import PromptSet, PromptTemplate, load_prompts
from assistant.llm.sources import (
    fit_sources,
    history_text,
    neutralise,
    render_sources,
    source_budget,
)
from assistant.llm.validation import Validation, best_sentence, validate
from assistant.schemas import Citation, Passage, PromptInfo
from assistant.settings import Settings
from nlp.lexical import terms
from nlp.sentences import sentence_spans

MAX_UNSUPPORTED_SHARE = 0.5  # more than half the sentences flagged: fall back to quotes
REWRITE_MAX_TOKENS = 64
REWRITE_MAX_CHARS = 300
# Prompt scaffolding in a reply means the model echoed its prompt instead of answering.
SCAFFOLD = re.compile(
    r"<<<|>>>|SOURCE \d+ (?:BEGIN|END)|^\s*(?:Question|Follow-up question|Conversation)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
UNSUPPORTED_NOTICE = (
    "Answered from quotes: too much of the language model's answer was not supported by the "
    "sources it cited."
)
MALFORMED_NOTICE = "Answered from quotes: the language model's reply was malformed."
GENERIC_COLLECTION = "the documents in this collection"
CollectionInfo = Callable[[], Mapping[str, Any]]
_LEAD = re.compile(r"^\s*(?:standalone question|question|rewritten)\s*:\s*", re.IGNORECASE)


class LLMRejected(LLMUnavailable):
    """The model answered, but the answer cannot be shown; `notice` says why."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


def collection_phrase(info: Mapping[str, Any]) -> str:
    """How the system prompt names the collection: the manifest's `collection:` name and subject."""
    name = str(info.get("name") or "").strip()
    subject = str(info.get("subject") or "").strip()
    if name and subject:
        return f"{name} ({subject})"
    return name or subject or GENERIC_COLLECTION


def info(template: PromptTemplate) -> PromptInfo:
    return PromptInfo(name=template.name, version=template.version, sha256=template.sha256)


class OpenAIAnswerer:
    """The LLM mode's answerer (`LLMAnswerer` protocol of `assistant.answering`)."""

    def __init__(
        self,
        settings: Settings,
        prompts: PromptSet | None = None,
        client: ChatClient | None = None,
        collection: CollectionInfo | None = None,
    ) -> None:
        self.settings = settings
        self.prompts = prompts or load_prompts(settings.prompts_dir)
        self.client = client or ChatClient(settings)
        self.collection = collection or dict

    def system_prompt(self) -> str:
        """The system prompt, naming the collection the index holds now."""
        return self.prompts.system.render(collection=collection_phrase(self.collection()))

    def _messages(self, user: str) -> list[Message]:
        return [
            {"role": "system", "content": self.system_prompt()},
            {"role": "user", "content": user},
        ]

    def rewrite(self, message: str, history: list[Turn]) -> str:
        """A standalone search question, or `LLMUnavailable` when the reply is unusable."""
        user = self.prompts.rewrite.render(
            history=history_text(history), question=neutralise(message)
        )
        reply = self.client.complete(
            self._messages(user),
            max_tokens=REWRITE_MAX_TOKENS,
            timeout=max(self.settings.llm_timeout / 3, 1.0),
            retries=min(self.settings.llm_max_retries, 1),
        )
        line = next((ln.strip() for ln in reply.splitlines() if ln.strip()), "")
        line = _LEAD.sub("", line).strip().strip("\"'“”").strip()
        context = set(terms(message)) | {t for turn in history for t in terms(turn.content)}
        if (
            not line
            or len(line) > REWRITE_MAX_CHARS
            or SCAFFOLD.search(reply)
            or not set(terms(line)) & context
        ):
            raise LLMUnavailable(f"unusable follow-up rewrite: {line[:80]!r}")
        return line

    def answer(
        self,
        question: str,
        passages: list[Passage],
        history: list[Turn],
        on_token: TokenCallback | None,
        cancelled: Callable[[], bool],
    ) -> AnswerDraft:
        """A validated, cited answer; raises `LLMUnavailable` (or `LLMRejected`) otherwise."""
        settings = self.settings
        question = neutralise(question)
        expected, passages = typed_evidence(question, passages)
        empty = self.prompts.answer.render(
            sources="", question=question, source_count=0, expected=expected
        )
        budget = source_budget(
            settings.llm_context_tokens,
            settings.llm_max_tokens,
            self.system_prompt() + empty,
        )
        sources = fit_sources(passages, budget)
        if not sources:
            raise LLMUnavailable("no source fits in LLM_CONTEXT_TOKENS")
        user = self.prompts.answer.render(
            sources=render_sources(sources),
            question=question,
            source_count=len(sources),
            expected=expected,
        )
        reply = self.client.complete(
            self._messages(user),
            max_tokens=settings.llm_max_tokens,
            on_token=on_token,
            cancelled=cancelled,
        )
        used = [info(self.prompts.system), info(self.prompts.answer)]
        if history:
            used.append(info(self.prompts.rewrite))
        return self.judge(reply, sources, used)

    def judge(self, reply: str, sources: list[Passage], used: list[PromptInfo]) -> AnswerDraft:
        """Apply the citation guarantee to a reply written from `sources`."""
        if not reply.strip() or SCAFFOLD.search(reply):
            raise LLMRejected(MALFORMED_NOTICE)
        checked = validate(reply, [p.text for p in sources])
        if checked.not_covered:
            text = replies.refusal("not_covered", sources, [])
            return AnswerDraft(text, [], True, "llm", "not_covered", prompt=used)
        flagged = checked.unsupported_share
        if not checked.sources or flagged > MAX_UNSUPPORTED_SHARE:
            raise LLMRejected(UNSUPPORTED_NOTICE)
        return AnswerDraft(
            answer=checked.answer,
            citations=citations(checked, sources),
            refused=False,
            mode="llm",
            warnings=checked.warnings,
            prompt=used,
        )


def citations(checked: Validation, sources: list[Passage]) -> list[Citation]:
    """One citation per marker: the cited passage's best-matching sentence, with its span."""
    out: list[Citation] = []
    for k, n in enumerate(checked.sources, start=1):
        passage = sources[n - 1]
        claims = [s.text for s in checked.sentences if k in s.sources]
        start, end = best_sentence(passage.text, claims, sentence_spans(passage.text))
        out.append(
            Citation(
                n=k,
                doc_id=passage.doc_id,
                title=passage.title,
                publisher=passage.publisher,
                date=passage.date,
                section=passage.section,
                quote=passage.text[start:end],
                chunk_id=passage.chunk_id,
                start=passage.start + start,
                end=passage.start + end,
                page=passage.page,
            )
        )
    return out
