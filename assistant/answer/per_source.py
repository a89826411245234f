"""Questions about several sources: "how do A and B differ on X", "what do the documents say
about X", "who set up Y, according to the different documents". Each source is heard in turn:
its own best sentences, searched for inside it, under its label.

Generic rules over the question's parse and the documents' own metadata (publisher, title,
date, kind); nothing about any collection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from assistant.answer.compose import choose
from assistant.answer.evidence import Evidence
from assistant.answer.lines import Line
from assistant.answer.question import AGREE_LEMMAS, COMPARE_LEMMAS, META_WORDS, Question
from assistant.retrieval.filters import allowed_documents
from assistant.schemas import Passage, SearchFilters
from nlp.lexical import terms, words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from assistant.retrieval import Retriever
    from assistant.retrieval.state import IndexState
    from index.stored_document import StoredDocument

# Determiners that make one document stand for each of them ("each document", "both sources").
EVERY = frozenset({"each", "every", "all", "both", "different", "various", "these", "those"})
CHAIN_DEPS = frozenset({"prep", "pobj", "pcomp", "agent"})
MIN_WORDS = 3  # a question left with fewer words had nothing but the phrase: kept whole


@dataclass(frozen=True)
class SourcesAsked:
    """How a question asks about several sources."""

    text: str  # the question about the topic, without "according to the documents"
    collection: bool  # "the documents", "each source": every document that discusses it


def _meta(token: Token) -> bool:
    """A word for the collection's documents in the plural ("the documents") or with a
    distributive determiner ("each document")."""
    if token.lemma_.casefold() not in META_WORDS and token.lower_ not in META_WORDS:
        return False
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    return token.tag_ in ("NNS", "NNPS") or any(
        c.dep_ in ("det", "predet", "amod") and c.lower_ in EVERY for c in token.children
    )


def _text_without(doc: Doc, drop: set[int]) -> str:
    kept = [t for t in doc if t.i not in drop]
    while kept and kept[-2:-1] and kept[-2].is_punct and kept[-1].is_punct:
        kept.pop(-2)  # "review , ?" → "review ?"
    text = "".join(t.text_with_ws for t in kept).strip()
    return text.replace(" ,?", "?").replace(" ?", "?").replace(", ?", "?").replace(",?", "?")


def sources_asked(text: str) -> SourcesAsked | None:
    """The question refers to the documents as several ("the documents", "each source",
    "according to the different documents"); None when it does not. A phrase that only says
    where to look ("according to the documents", "described in these documents") is left
    out of the topic question; "which documents discuss X" asks what they say about X."""
    doc = parse(text)
    meta = next((t for t in doc if _meta(t)), None)
    if meta is None:
        return None
    if meta.dep_ == "pobj":
        top = meta.head
        while top.head.dep_ in CHAIN_DEPS or top.head.lower_ == "according":
            if top.head == top.head.head:
                break
            top = top.head.head if top.head.dep_ == "pobj" else top.head
        drop = {t.i for t in top.subtree}
        owner = top.head
        if owner.dep_ == "acl" and all(c.i in drop for c in owner.children):
            drop |= {owner.i}  # "the standards described in these documents"
        drop |= {t.i for t in doc if t.is_punct and t.i == min(drop) - 1}
        rest = _text_without(doc, drop)
        whole = len(words(rest)) >= MIN_WORDS and top.dep_ != "ROOT"
        return SourcesAsked(rest if whole else text, collection=True)
    asking = any(c.dep_ == "det" and c.tag_ in ("WDT", "WP") for c in meta.children)
    verb = meta.head
    if meta.dep_ == "nsubj" and asking and verb.pos_ == "VERB":
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
        if obj is not None:  # "which documents discuss X (and what do they say)?"
            topic = "".join(t.text_with_ws for t in obj.subtree).strip()
            return SourcesAsked(f"What do the documents say about {topic}?", collection=True)
    return SourcesAsked(text, collection=True)


def _year(doc: StoredDocument) -> str:
    return doc.date[:4] if doc.date[:4].isdigit() else ""


MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "poss", "nmod"})


def _source_words(
    text: str, documents: Iterable[StoredDocument]
) -> tuple[set[str], set[str], set[str]]:
    """(years, kind words, publisher words) that describe a source in the question: a year or
    kind word that modifies or heads a noun phrase with a publisher's word or year ("GDS's
    2015 guidance", "its 2022 and 2023 articles", "the NHS guidance"), not a year of a range
    ("between 2022 and 2024")."""
    documents = list(documents)
    publisher_words = {w for d in documents for w in words(d.publisher)}
    kind_words = {w for d in documents for w in words(d.kind)}
    years: set[str] = set()
    kinds: set[str] = set()
    marking: set[str] = set()
    for t in parse(text):
        head = t.head if t.dep_ != "conj" else t.head.head
        dep = t.dep_ if t.dep_ != "conj" else t.head.dep_
        if t.like_num and len(t.text) == 4 and dep in MODIFIER_DEPS and head.pos_ != "VERB":
            years.add(t.text)
        if t.lower_ in kind_words and t.pos_ == "NOUN":
            marks = {c.lower_ for c in t.children if c.dep_ in MODIFIER_DEPS}
            if marks & publisher_words or any(m.isdigit() and len(m) == 4 for m in marks):
                kinds.add(t.lower_)
                marking |= marks & publisher_words
    return years, kinds, marking


def narrowed(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """A named publisher with several documents, narrowed to those the question singles out
    by their year or kind ("GDS's 2015 guidance"): the years and kind words of the others
    are not in the question. Another publisher named beside it is left as it is."""
    named = [documents[d] for d in sorted(question.named_documents) if d in documents]
    years, kinds, _marking = _source_words(question.text, documents.values())
    if not years and not kinds:
        return question
    by_publisher: dict[str, list[StoredDocument]] = {}
    for doc in named:
        by_publisher.setdefault(doc.publisher, []).append(doc)
    keep: set[str] = set()
    for group in by_publisher.values():
        for rule, said in ((_year, years), (lambda d: " ".join(words(d.kind)), kinds)):
            picked = [d for d in group if rule(d) and set(rule(d).split()) <= said]
            if picked and len(picked) < len(group):
                group = picked
        keep |= {d.doc_id for d in group}
    for marks, phrase_years, kind in _phrases(question.text, documents.values()):
        # "GDS's 2015 guidance": every named publisher with that word in its name keeps only
        # its documents of that year and kind, when it has any
        own = [documents[d] for d in keep if marks & set(words(documents[d].publisher))]
        fits = [
            d
            for d in own
            if (not phrase_years or _year(d) in phrase_years) and kind in words(d.kind)
        ]
        if fits:
            keep -= {d.doc_id for d in own if d not in fits}
    if not keep or keep == set(question.named_documents):
        return question
    return replace(question, named_documents=frozenset(keep))


def _phrases(
    text: str, documents: Iterable[StoredDocument]
) -> list[tuple[set[str], set[str], str]]:
    """(publisher words, years, kind word) of each kind noun the question marks with a
    publisher's word ("GDS's 2015 guidance": {gds}, {2015}, guidance)."""
    documents = list(documents)
    publisher_words = {w for d in documents for w in words(d.publisher)}
    kind_words = {w for d in documents for w in words(d.kind)}
    out = []
    for t in parse(text):
        if t.lower_ not in kind_words or t.pos_ != "NOUN":
            continue
        marks = {c.lower_ for c in t.children if c.dep_ in MODIFIER_DEPS}
        if marks & publisher_words:
            years = {m for m in marks if m.isdigit() and len(m) == 4}
            out.append((marks & publisher_words, years, t.lower_))
    return out


def several_named(question: Question, documents: Mapping[str, StoredDocument]) -> bool:
    """The question names more than one source: two publishers (not one title that two
    editions share), or one publisher's documents told apart by year ("its 2022 and 2023
    articles") or in the plural ("the two X articles")."""
    named = [documents[d] for d in question.named_documents if d in documents]
    said = f" {' '.join(words(question.text))} "
    titles = {d.doc_id: " ".join(words(d.title)) for d in named}
    keys = {titles[d.doc_id] if f" {titles[d.doc_id]} " in said else d.publisher for d in named}
    if len(keys) > 1:  # each source by the name the question uses for it
        return True
    years, _kinds, _marking = _source_words(question.text, named)
    if len({_year(d) for d in named} & years) > 1:
        return True
    publisher_words = {w for d in named for w in words(d.publisher)}
    return len(named) > 1 and any(
        t.tag_ in ("NNS", "NNPS")
        and t.pos_ == "NOUN"
        and any(c.lower_ in publisher_words for c in t.children if c.dep_ in ("compound", "poss"))
        for t in parse(question.text)
    )


def source_order(
    question: Question, ranked: Iterable[str], documents: Mapping[str, StoredDocument]
) -> list[str]:
    """Documents to hear, named ones first; one of each named publisher before a second."""
    ranked = list(dict.fromkeys(ranked))
    named = [d for d in ranked if d in question.named_documents]
    named += sorted(d for d in question.named_documents if d not in named and d in documents)
    first: list[str] = []
    seen: set[str] = set()
    for d in named:
        if documents[d].publisher not in seen:
            seen.add(documents[d].publisher)
            first.append(d)
    order = first + [d for d in named if d not in first]
    if question.named_documents:
        return order
    return [d for d in ranked if d in documents]


PER_DOCUMENT = 3  # passages searched for inside each source (dense and by sentence)
CANDIDATE_SENTENCES = 40  # best keyword sentences whose documents "the documents" may hear
MAX_SOURCES = 5
SOURCE_BAR = 0.8  # share of the operating threshold a source's best sentence needs to be heard
LINE_BAR = 0.8  # ... and each of its lines, ranked inside the source
TOPIC_SHARE = 0.5  # of the best strong source's topic coverage, a weak named source needs
TYPED_LINES = 2  # a source may give two values (each line a new one); other answers take one
# line, and the paragraph or list it opens


def candidates(
    question: Question, pool: list[Passage], state: IndexState, allowed: set[str]
) -> list[str]:
    """Documents that may speak to the question: those it names or, for "the documents",
    those of the retrieved passages and of the sentences sharing most of its words."""
    if question.named_documents:
        return sorted(question.named_documents & allowed)
    query = " ".join(question.focus) or question.text
    refs = state.keywords.sentences(query, allowed)[:CANDIDATE_SENTENCES]
    found = [p.doc_id for p in pool] + [doc_id for doc_id, _n in refs]
    return [d for d in dict.fromkeys(found) if d in allowed]


def source_passages(
    question: Question,
    pool: list[Passage],
    retriever: Retriever,
    filters: SearchFilters | None = None,
) -> list[Passage]:
    """Each candidate source searched on its own (dense and sentence by sentence), so that one
    side's best sentence is in the pool even when the other side fills the global ranking."""
    state = retriever.state()
    allowed = allowed_documents(state.generation.documents, filters)
    query = " ".join((*question.focus, *sorted(question.subject_terms))) or question.text
    exclude = {p.chunk_id for p in pool}
    extra: list[Passage] = []
    base = filters or SearchFilters()
    for doc_id in candidates(question, pool, state, allowed):
        only = base.model_copy(update={"doc_id": [doc_id]})
        found = retriever.search(question.text, PER_DOCUMENT, only)
        found += retriever.sentence_passages(query, PER_DOCUMENT, exclude, only)
        for p in found:
            if p.chunk_id not in exclude:
                exclude.add(p.chunk_id)
                extra.append(p)
    return extra


def heard(
    question: Question, evidence: list[Evidence], threshold: float, documents: Mapping[str, Any]
) -> list[tuple[str, bool]]:
    """The sources to hear, in order: named ones first (one per publisher before a second),
    then by their best sentence, each with whether its best sentence is near the bar. A
    named source is heard either way (if its own sentences hold the topic, `source_lines`);
    another only when near the bar."""
    best: dict[str, float] = {}
    for e in evidence:
        best[e.doc.doc_id] = max(best.get(e.doc.doc_id, 0.0), e.probability)
    ranked = sorted(best, key=lambda d: -best[d])
    order = source_order(question, ranked, documents)
    named = question.named_documents
    strong = {d for d in order if best.get(d, 0.0) >= threshold * SOURCE_BAR}
    return [(d, d in strong) for d in order if d in named or d in strong][:MAX_SOURCES]


def source_lines(
    question: Question,
    sources: list[tuple[str, bool]],
    pool: list[Passage],
    score: Callable[[list[Passage]], list[Evidence]],
    threshold: float,
) -> list[Line]:
    """Each source's own answer in turn: its evidence scored on its own passages, composed
    as a one-line answer (with what that line needs: its list, its context). A source heard
    only because the question names it speaks only if one of its sentences holds as much of
    the topic as `TOPIC_SHARE` of the best strong source's does."""
    scored = [
        (strong, score([p for p in pool if p.doc_id == doc_id])) for doc_id, strong in sources
    ]
    held = [max((e.features["coverage"] for e in mine), default=0.0) for _s, mine in scored]
    bar = TOPIC_SHARE * max(
        (h for h, (strong, _m) in zip(held, scored, strict=True) if strong), default=0.0
    )
    lines: list[Line] = []
    for topic, (strong, mine) in zip(held, scored, strict=True):
        if not strong and (topic <= 0 or topic < bar):
            continue  # named, but its sentences hold little of the topic: nothing to quote
        lines += choose(question, mine, threshold * LINE_BAR, TYPED_LINES if question.wants else 1)
    return lines


def sources_best(evidence: list[Evidence]) -> list[Evidence]:
    """The best sentence of each source: a question about several sources is answered when
    any one of them answers it, not only the source that ranks first."""
    seen: set[str] = set()
    out: list[Evidence] = []
    for e in evidence:
        if e.doc.doc_id not in seen:
            seen.add(e.doc.doc_id)
            out.append(e)
    return out


def topic_only(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """The question without the words that ask for a comparison ("compare", "differ") or
    that say which sources to hear ("the 2022 and 2023 articles", "the NHS guidance"): they
    say how to answer, not what about; a source's sentence need not contain them."""
    years, kinds, marking = _source_words(question.text, documents.values())
    asking = COMPARE_LEMMAS | AGREE_LEMMAS | years | kinds | marking
    focus = tuple(f for f in question.focus if f.casefold() not in asking)
    if not focus or focus == question.focus:
        return question
    focus_terms = frozenset(s for lemma in focus for s in terms(lemma))
    return replace(question, focus=focus, focus_terms=focus_terms or question.focus_terms)


def dated_titles(question: Question, documents: Mapping[str, StoredDocument]) -> Question:
    """A source named by its year and words of its title ("the 2015 Digital Service Standard"
    for "Digital by Default Service Standard", 2015): the documents of that year whose title
    holds every other word of the phrase are named too."""
    found: set[str] = set()
    for t in parse(question.text):
        if not (t.like_num and len(t.text) == 4 and t.dep_ == "nummod" and t.head.pos_ != "VERB"):
            continue
        phrase = [c for c in t.head.children if c.i > t.i and c.dep_ in ("compound", "amod")]
        said = {w for c in [*phrase, t.head] if c != t for w in words(c.text)}
        if not said:
            continue
        found |= {
            d.doc_id
            for d in documents.values()
            if _year(d) == t.text and said <= set(words(d.title))
        }
    if not found or found <= question.named_documents:
        return question
    return replace(question, named_documents=question.named_documents | found)
