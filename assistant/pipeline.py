"""The one answer pipeline: HTTP API, SSE stream, Slack bot, CLI and evaluation call `answer`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant import replies
from assistant.answering import AnswerDraft, LLMAnswerer, LLMUnavailable, Turn
from assistant.conversations import ConversationStore, new_id
from assistant.extractive import answer_extractively
from assistant.follow_up_cues import is_follow_up
from assistant.followups import standalone_query
from assistant.intents import classify, strip_injection
from assistant.observability.answer_log import log_answer
from assistant.retrieval import Retriever
from assistant.retrieval.acronyms import spelled_out
from assistant.retrieval.reading import read_question
from assistant.schemas import (
    AnswerEvent,
    ChatRequest,
    ChatResponse,
    Passage,
    RefusalReason,
    SearchFilters,
)
from assistant.security.pii import redact
from assistant.settings import Settings
from index.store import IndexMismatchError, IndexNotReady
from nlp.lexical import terms

log = logging.getLogger(__name__)
EventCallback = Callable[[AnswerEvent], None]


@dataclass
class Collaborators:
    """What `answer` works with; built once per process (FastAPI lifespan, CLI, eval runner)."""

    settings: Settings
    retriever: Retriever
    conversations: ConversationStore
    llm: LLMAnswerer | None = None
    # Each answer is logged; where metrics are served, `instrument` makes this count it too.
    observe_answer: Callable[[ChatResponse, str, bool], None] = log_answer


def extractive_answer(
    question: str,
    passages: list[Passage],
    retriever: Retriever,
    settings: Settings,
    message: str | None = None,
    filters: SearchFilters | None = None,
) -> AnswerDraft:
    """Cited sentences composed by answer type, or a decline that restates what the documents
    don't say and shows the nearest passages (see `assistant.answer`).

    `message` (the user's own words when `question` was rewritten from a follow-up) is kept for
    callers; the engine analyses the standalone question.
    """
    return answer_extractively(
        question, passages, retriever, settings.answer_sentences, filters=filters
    )


def _canned(text: str) -> AnswerDraft:
    return AnswerDraft(answer=text, citations=[], refused=False, mode="extractive")


def _draft(
    message: str,
    history: list[Turn],
    collab: Collaborators,
    on_event: EventCallback | None,
    cancelled: Callable[[], bool],
    filters: SearchFilters | None,
) -> tuple[AnswerDraft, str | None, list[Passage]]:
    settings = collab.settings
    try:
        state = collab.retriever.state()
    except (IndexNotReady, IndexMismatchError):
        declined = AnswerDraft(replies.REFUSALS["no_index"], [], True, "extractive", "no_index")
        return declined, None, []
    documents = list(state.generation.documents.values())
    collection = state.generation.info.get("collection")
    intent = classify(message)
    if intent == "greeting" and not history:
        return _canned(replies.greeting(documents, collection)), None, []
    if intent == "capabilities":
        return _canned(replies.capabilities(documents)), None, []
    if intent == "injection":  # a signal: the instruction clauses go, any real question runs
        log.info("message reads like instructions to the assistant: %.80r", message)
    question = strip_injection(message) if intent == "injection" else message
    if not terms(question):
        reason: RefusalReason = "injection" if intent == "injection" else "off_topic"
        text = replies.refusal(reason, [], documents, collection)
        return AnswerDraft(text, [], True, "extractive", reason), None, []
    resolved = _search_query(question, history, collab)
    # an acronym the documents spell out as a rule is searched and read as its name
    search_query = spelled_out(resolved, state.generation)
    # what is searched and answered is also read in the collection's words (`read_question`);
    # the search query (shown, and what follow-ups build on) keeps only the acronym rule
    read = read_question(resolved, state.generation, collab.retriever.embedder.whole_words)
    passages = collab.retriever.search(read, settings.top_k, filters)
    draft = extractive_answer(read, passages, collab.retriever, settings, question, filters)
    if intent == "injection" and draft.refused:  # nothing quoted back to an injection
        draft.answer, draft.refusal_reason = replies.REFUSALS["injection"], "injection"
        return draft, search_query, []
    if collab.llm is not None and passages:  # the model decides coverage itself (NOT_COVERED)
        on_token = (lambda t: on_event(AnswerEvent(type="token", text=t))) if on_event else None
        try:
            draft = collab.llm.answer(read, passages, history, on_token, cancelled)
        except LLMUnavailable as exc:
            draft.notice = getattr(exc, "notice", None) or replies.LLM_FALLBACK_NOTICE
    if intent == "opinion" and not draft.refused:
        draft.answer = f"{replies.OPINION_PREFACE}\n\n{draft.answer}"
    return draft, search_query, passages


def _search_query(question: str, history: list[Turn], collab: Collaborators) -> str:
    if not history:
        return question
    if collab.llm is not None:
        try:
            return collab.llm.rewrite(question, history)
        except LLMUnavailable:
            pass
    return standalone_query(question, history) if is_follow_up(question) else question


def answer(
    request: ChatRequest,
    collab: Collaborators,
    *,
    owner: str | None = None,
    on_event: EventCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    filters: SearchFilters | None = None,
    channel: str | None = None,
    external_key: str | None = None,
) -> ChatResponse:
    """Answer one turn: history → search query → retrieval → answer → stored → returned.

    `channel` names where a new conversation was started ("web", "cli", ...), so that each
    channel lists only its own conversations; `external_key` binds a new conversation to an
    outside thread (a Slack thread) in the same transaction as its first turn.

    Raises `ConversationNotFound` for an unknown (or someone else's) conversation id.
    """
    started = time.perf_counter()
    conversations = collab.conversations
    redacted = redact(request.message)  # personal data is never stored or sent to a model
    message = redacted.text
    with conversations.serialised(request.conversation_id):
        history = conversations.history(request.conversation_id, owner)
        conversation_id = request.conversation_id or new_id()
        draft, search_query, passages = _draft(
            message, history, collab, on_event, cancelled or (lambda: False), filters
        )
        notices = [n for n in (redacted.notice, draft.notice) if n]
        response = ChatResponse(
            conversation_id=conversation_id,
            message_id=new_id(),
            answer=draft.answer,
            citations=draft.citations,
            refused=draft.refused,
            mode=draft.mode,
            refusal_reason=draft.refusal_reason,
            search_query=search_query,
            warnings=draft.warnings,
            notice=" ".join(notices) or None,
            nearest=(draft.nearest or passages[:3]) if draft.refused else [],
            prompt=draft.prompt,
            evidence=draft.evidence,
        )
        response.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        collab.observe_answer(response, message, collab.settings.log_questions)
        response.conversation_id = conversations.add_exchange(
            conversation_id,
            message,
            search_query,
            response.answer,
            response.model_dump(mode="json"),
            response.message_id,
            owner=owner,
            create=request.conversation_id is None,
            channel=channel,
            external_key=external_key,
        )
    if on_event is not None:
        on_event(AnswerEvent(type="final", response=response))
    return response
