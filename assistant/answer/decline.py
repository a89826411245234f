"""An honest decline: "The documents don't say …" with the closest passages as citable quotes,
or an off-topic refusal when nothing retrieved is even about the question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant import replies
from assistant.answer.evidence import Evidence
from assistant.answer.model import AnswerModel
from assistant.answer.question import Question
from assistant.answer.render import audit, section_path
from assistant.answering import AnswerDraft
from assistant.schemas import Passage

if TYPE_CHECKING:
    from assistant.retrieval.state import IndexState

NEAREST = 3
OFF_TOPIC_DENSE = 0.2
OFF_TOPIC_TERMS = 0.3


def nearest_passages(evidence: list[Evidence], passages: list[Passage]) -> list[Passage]:
    """The closest sentences as citable passages (text, document, section, span), one a source."""
    out: list[Passage] = []
    seen: set[str] = set()
    for ev in sorted(evidence, key=lambda e: -e.features.get("dense", 0.0)):
        if ev.doc.doc_id in seen:
            continue
        seen.add(ev.doc.doc_id)
        out.append(
            ev.passage.model_copy(
                update={
                    "text": ev.text,
                    "start": ev.start,
                    "end": ev.end,
                    "section": section_path(ev.doc, ev.start) or ev.passage.section,
                }
            )
        )
        if len(out) == NEAREST:
            break
    return out or passages[:NEAREST]


# A double quotation mark, or a single one opening a quotation: not an apostrophe inside or at
# the end of a word ("the board's paper", "the members' survey").
QUOTATION = re.compile(r"[\"“”«»]|(?<!\w)['‘’](?=\w)")


def quotes_the_user(clause: str) -> bool:
    """The clause holds words the user put in quotation marks ("… as saying 'trusts want 40
    targets'"): words nobody has shown the documents say."""
    return QUOTATION.search(clause) is not None


def decline_text(question: Question, nearest: list[Passage]) -> str:
    """ "The documents don't say how much X will be paid." and the closest passages, quoted.

    The question is restated only as a plain clause: never repeated word for word, nor with
    words the user quoted, since a decline must not put the user's claim in the assistant's
    mouth ("Quote X as saying '…'")."""
    restated = question.restated
    said = (
        f"The documents don't say {restated}."
        if restated and not quotes_the_user(restated)
        else "The documents don't answer this question."
    )
    if not nearest:
        return said
    quoted = "\n".join(
        f"- *{p.title}* ({p.publisher}){' — ' + p.section if p.section else ''}: "
        f"“{' '.join(p.text.split())}”"
        for p in nearest
    )
    return f"{said}\n\nThe closest passages I found were:\n\n{quoted}"


def off_topic(evidence: list[Evidence]) -> bool:
    """Nothing retrieved is even about the question: no shared terms, little similarity."""
    return all(
        e.features.get("dense", 0.0) < OFF_TOPIC_DENSE and e.features["context"] < OFF_TOPIC_TERMS
        for e in evidence
    )


def decline(
    question: Question,
    evidence: list[Evidence],
    passages: list[Passage],
    model: AnswerModel,
    state: IndexState,
    why: str,
) -> AnswerDraft:
    """An off-topic refusal or an honest decline; `why` is the decline's reason in the audit."""
    if off_topic(evidence):
        documents = list(state.generation.documents.values())
        collection = state.generation.info.get("collection")
        text = replies.refusal("off_topic", [], documents, collection)
        draft = AnswerDraft(text, [], refused=True, mode="extractive", refusal_reason="off_topic")
        draft.evidence = audit(evidence, model.threshold, "off_topic", question.answer_type)
        return draft
    nearest = nearest_passages(evidence, passages)
    draft = AnswerDraft(
        decline_text(question, nearest), [], refused=True, mode="extractive",
        refusal_reason="not_covered",
    )  # fmt: skip
    draft.nearest = nearest
    draft.evidence = audit(evidence, model.threshold, "declined", question.answer_type)
    draft.evidence["reason"] = why
    return draft
