"""The extractive answer: analyse the question, score the evidence, decide, compose by type.

Deterministic for a given index and model file. Documents are only ever quoted, so an instruction
planted in a document can only appear if it is the best answer to the question, which a sentence
that does not answer it never is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.answer.asked_detail import detail_unsaid, unwritten_initials
from assistant.answer.attribution import asked_speaker, unvoiced
from assistant.answer.compose import choose
from assistant.answer.decline import decline
from assistant.answer.evidence import Evidence, gather, text_terms, unknown_entity
from assistant.answer.lines import Line
from assistant.answer.members import counted_members, members_given
from assistant.answer.model import AnswerModel, load_model
from assistant.answer.off_subject import off_subject
from assistant.answer.order import unordered
from assistant.answer.per_source import heard, source_lines, source_passages, sources_best
from assistant.answer.perspectives import differences
from assistant.answer.question import Question, analyse
from assistant.answer.render import audit, render
from assistant.answer.source_names import (
    dated_titles,
    editions,
    narrowed,
    on_its_subject,
    several_named,
    sources_asked,
    topic_only,
)
from assistant.answer.source_phrase import without_source_nouns
from assistant.answer.subject import (
    named_subject,
    primary_first,
    subject_as_source,
    voice_first,
    with_subject_name,
)
from assistant.answering import AnswerDraft
from assistant.guides.answers import about_the_question, guide_answer
from assistant.guides.counted import count_answer
from assistant.guides.positions import position_answer
from assistant.guides.sequence import framed_subject
from assistant.guides.timeline import timeline_evidence
from assistant.retrieval.filters import admits
from assistant.schemas import Passage, SearchFilters
from nlp.parse_batches import one_question

if TYPE_CHECKING:
    from assistant.retrieval import Retriever
    from assistant.retrieval.state import IndexState

SENTENCE_PASSAGES = 4
MIN_STEPS = 2  # dated steps that make a timeline answer on their own
STEP_SOURCES = 20  # evidence sentences whose documents a timeline's dated steps come from
SAME_QUESTION = 0.5  # coverage above which two sources' values answer the same question
# Answer types whose lines from different sources are checked for differing values or polarity:
COMPARED = frozenset({"comparison"})  # values of other answers may measure different things


def kind_labels(state: IndexState) -> dict[str, str]:
    """Readable labels for document kinds, when the collection manifest gives them."""
    collection = state.generation.info.get("collection") or {}
    labels = collection.get("kinds") or collection.get("kind_labels") or {}
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def more_passages(
    question: Question,
    passages: list[Passage],
    retriever: Retriever,
    filters: SearchFilters | None = None,
) -> list[Passage]:
    """Chunks whose sentences match the question word for word, also inside any named source;
    only from documents the search `filters` admit."""
    exclude = {p.chunk_id for p in passages}
    query = " ".join((*question.focus, *sorted(question.subject_terms))) or question.text
    extra = retriever.sentence_passages(query, SENTENCE_PASSAGES, exclude, filters)
    if question.named_documents:
        exclude |= {p.chunk_id for p in extra}
        named_ids = set(question.named_documents)
        if filters is not None and filters.doc_id:
            named_ids &= set(filters.doc_id)
        base = filters or SearchFilters()
        named = base.model_copy(update={"doc_id": sorted(named_ids)})
        if named_ids:
            extra += retriever.sentence_passages(query, SENTENCE_PASSAGES, exclude, named)
    return extra


def whole_sentences(passage: Passage, state: IndexState) -> Passage:
    """The passage widened to the whole sentences it cuts at either end: a long list item
    that a chunk boundary splits is otherwise inside no passage and never evidence."""
    doc = state.generation.documents.get(passage.doc_id)
    if doc is None or not doc.sentences:
        return passage
    first = doc.sentences[doc.sentence_at(passage.start)]
    last = doc.sentences[doc.sentence_at(max(passage.end - 1, 0))]
    start = min(passage.start, first.start)
    end = max(passage.end, last.end) if last.start < passage.end else passage.end
    if (start, end) == (passage.start, passage.end):
        return passage
    return passage.model_copy(update={"start": start, "end": end})


def on_topic(lines: list[Line]) -> list[Line]:
    """Lines about the question itself (most of its terms), whose values may be compared."""
    return [ln for ln in lines if ln.main.features.get("coverage", 0.0) >= SAME_QUESTION]


def answer_extractively(
    question_text: str,
    passages: list[Passage],
    retriever: Retriever,
    limit: int,
    model: AnswerModel | None = None,
    filters: SearchFilters | None = None,
) -> AnswerDraft:
    """Cited sentences composed by answer type, or an honest decline with the nearest passages;
    with search `filters`, from the documents they admit only."""
    with one_question():  # the question is parsed once, though read in several places
        return _answer(question_text, passages, retriever, limit, model, filters)


def _answer(
    question_text: str,
    passages: list[Passage],
    retriever: Retriever,
    limit: int,
    model: AnswerModel | None,
    filters: SearchFilters | None,
) -> AnswerDraft:
    model = model or load_model()
    state = retriever.state()
    collection = state.generation.info.get("collection")
    documents = state.generation.documents
    asked = sources_asked(question_text)  # "according to the documents": each source in turn
    question = analyse(asked.text if asked else question_text, documents.values())
    question = editions(narrowed(dated_titles(question, documents), documents), documents)
    question = without_source_nouns(question, documents)  # "the Agency's 2015 report says"
    question = subject_as_source(question, collection, documents)
    question = with_subject_name(question, collection)
    meant = named_subject(question, collection)  # "who led the review?" with the review's name
    several = bool(asked) or question.answer_type in COMPARED or several_named(question, documents)
    question = topic_only(question, documents) if several else question
    labels = kind_labels(state)
    if asked and question.text != question_text and passages:  # searched for the topic alone
        passages = retriever.search(question.text, len(passages), filters) or passages
    if meant and passages:
        passages = retriever.search(meant, len(passages), filters) or passages
    pool = passages + more_passages(question, passages, retriever, filters) if passages else []
    if several and pool:
        pool += source_passages(question, pool, retriever, filters)
    pool = [whole_sentences(p, state) for p in pool]
    vector = retriever.query_vector(question.text)  # computed already by the search, as a rule
    evidence = gather(question, pool, state, retriever.embedder, model, vector)
    best = evidence[0].probability if evidence else 0.0

    def answers(e: Evidence) -> bool:  # through the gate, and saying the details asked about
        return model.answers(e.features, e.probability) and not detail_unsaid(question, e)

    gated = best >= model.threshold and not answers(evidence[0])  # lacks what is asked
    if several and gated:  # each source's best sentence may answer for that source
        gated = not any(answers(e) for e in sources_best(evidence))
    unknown = unknown_entity(question, state) or unwritten_initials(question, documents.values())
    answerable = best >= model.threshold and not gated and not unknown
    no_order = answerable and unordered(question, evidence, model.threshold)
    answerable = answerable and not no_order
    count = counted_members(question.text) if answerable else None
    unlisted = count is not None and not members_given(count, evidence, model.threshold)
    answerable = answerable and not unlisted  # "the 4 checks": named, but never listed
    party = asked_speaker(question.text, documents.values()) if answerable else frozenset()
    unsaid = not question.named_documents and unvoiced(party, evidence, model.threshold)
    answerable = answerable and not unsaid  # "what did X say": X never speaks in them
    gist = question.answer_type == "summary" or (
        question.answer_type == "open"
        and (not question.focus or on_its_subject(question, documents))
    )
    named_allowed = filters is None or all(
        admits(state.generation.documents[d], filters)
        for d in question.named_documents
        if d in state.generation.documents
    )  # a source the filters leave out is never summarised from its guide
    listed = question.answer_type == "list" and answerable  # "the points of X": its numbering
    # A question the best sentence answers but for the detail asked ("gated"), or that names
    # something none of the best sentences' contexts holds, is no request for the named
    # document's guide either.
    unnamed = bool(evidence) and all(
        e.features.get("name_missing", 0.0) >= 0.5 for e in evidence[:3]
    )
    declined = not answerable and not gated and not unnamed and not no_order
    if question.named_documents and named_allowed:  # "what does X end with", "…in order"
        about = about_the_question(question, state)
        # "how many steps does X have": X's own numbering
        placed = position_answer(question, state, about) or count_answer(question, state, about)
        if placed is not None:
            placed.evidence = audit(evidence, model.threshold, "guide", question.answer_type)
            return placed
    if question.named_documents and (gist or declined or listed) and named_allowed:
        guided = guide_answer(question, state, numbered_only=listed and not gist)
        if guided is not None:
            guided.evidence = audit(evidence, model.threshold, "guide", question.answer_type)
            return guided
    if not answerable:
        why = (
            "below_threshold"
            if best < model.threshold
            else "gate"
            if gated
            else "no_order"
            if no_order
            else "no_members"
            if unlisted
            else "not_said"
            if unsaid
            else "unknown_entity"
        )
        return decline(question, evidence, passages, model, state, why)
    aside = off_subject(state, (e.doc.doc_id for e in evidence))
    framed = question.series and framed_subject(question) is not None  # "from A to B, in order"
    if several:
        each = (
            replace(question, answer_type=question.compared_type)
            if question.answer_type in COMPARED
            else question
        )

        def score(own: list[Passage]) -> list[Evidence]:
            return gather(each, own, state, retriever.embedder, model, vector)

        sources = heard(question, evidence, model.threshold, documents)
        lines = source_lines(each, sources, pool, score, model.threshold, aside)
        if question.changes and lines:  # "how has X changed": the dated steps come first
            lines = dated_steps(question, evidence, lines, state)
    if not several or not lines and question.answer_type not in COMPARED:
        # no source of several named answers alone: the best evidence of them all may
        ranked = voice_first(question, evidence, model.threshold, collection)
        ranked = named_own(question, ranked, model.threshold)
        lines = choose(question, ranked, model.threshold, limit, aside)
        if question.series and lines:
            lines = dated_steps(question, evidence, lines, state, only=framed)
    if not lines:  # "how many" with no number about it, or nothing quotable above the bar
        why = "no_value" if question.exact else "nothing_quotable"
        return decline(question, evidence, passages, model, state, why)
    if not several and not framed:  # a comparison keeps each side's position, steps their order
        lines = primary_first(question, lines, collection)
    text, citations, first = render(lines, labels, in_order=framed)
    in_turn = question.series and question.answer_type == "date"  # several dates, not rivals
    compared = (question.answer_type in COMPARED or question.exact) and not in_turn
    if compared and len({ln.main.doc.doc_id for ln in lines}) > 1:
        notes = differences(
            question,
            lines if question.answer_type == "comparison" else on_topic(lines),
            first,
            labels,
        )
        if notes:
            text = "**The sources differ:** " + " ".join(notes) + "\n\n" + text
    draft = AnswerDraft(text, citations, refused=False, mode="extractive")
    draft.evidence = audit(evidence, model.threshold, "answered", question.answer_type)
    return draft


def named_own(question: Question, evidence: list[Evidence], threshold: float) -> list[Evidence]:
    """ "What did X say about Y": the named source's own sentences only, when one of them is
    quotable (another source may rank higher on Y, but was not asked)."""
    named = question.named_documents
    own = [e for e in evidence if e.doc.doc_id in named]
    if not named or not own or own[0].probability < threshold:
        return evidence
    return own


def dated_steps(
    question: Question,
    evidence: list[Evidence],
    lines: list[Line],
    state: IndexState,
    only: bool = False,
) -> list[Line]:
    """A timeline question: the dated statements on its topic, in date order, from the
    documents its evidence comes from, then the answer's other lines; with `only` (the
    steps between two events), the dated steps alone when there are several."""
    documents = list(dict.fromkeys(e.doc.doc_id for e in evidence[:STEP_SOURCES]))
    steps = timeline_evidence(question, state, documents, lines[0].main)
    if only and len(steps) >= MIN_STEPS:
        return [Line([e], terms=set(text_terms(e.text))) for e in steps]
    taken = {(ln.main.doc.doc_id, ln.main.number) for ln in lines}
    fresh = [e for e in steps if (e.doc.doc_id, e.number) not in taken]
    return [Line([e], terms=set(text_terms(e.text))) for e in fresh] + lines


def evidence_summary(draft: AnswerDraft) -> dict[str, Any] | None:
    return draft.evidence
