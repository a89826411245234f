"""Source guides, built at ingest: per document a short extractive summary, its key lists, a
timeline of dated statements and the organisations it names; plus a collection overview.

Everything in a guide is a span of the document's cleaned text, so the assistant can cite it
exactly. Summaries pick, per section, the sentence sharing most of that section's recurring
terms, so a guide covers the document rather than its first page. Dates and organisations come
from spaCy's entity recogniser (DATE, ORG); nothing here knows any particular collection.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from index.guide_summary import summary_sentences
from index.stored_document import StoredDocument

GUIDES_FILE = "guides.json"
GUIDES_VERSION = 3  # 2: no template text, list-only sections; 3: off-subject sentences
SUMMARY_SENTENCES = 6
KEY_LISTS = 5
MIN_LIST_ITEMS = 2
TIMELINE_ENTRIES = 12
ORGANISATIONS = 10
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}


@dataclass(frozen=True)
class Span:
    """A cited stretch of a document: `text == document.text[start:end]`."""

    start: int
    end: int
    text: str
    section: str = ""


@dataclass(frozen=True)
class KeyList:
    """A list block: its lead-in sentence (if any) and its top-level items."""

    lead_in: Span | None
    items: list[Span]
    section: str
    start: int
    end: int


@dataclass(frozen=True)
class DatedStatement:
    """A sentence stating a date, with the date as written and a sortable key (year, month)."""

    when: str
    year: int
    month: int
    sentence: Span


@dataclass(frozen=True)
class Organisation:
    name: str
    mentions: int


@dataclass
class DocumentGuide:
    """What a reader gets before reading a document."""

    doc_id: str
    content_hash: str
    summary: list[Span] = field(default_factory=list)
    key_lists: list[KeyList] = field(default_factory=list)
    timeline: list[DatedStatement] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    off_subject: list[int] = field(default_factory=list)  # sentences: index/centrality.py

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentGuide:
        def span(d: dict[str, Any] | None) -> Span | None:
            return None if d is None else Span(**d)

        return cls(
            doc_id=data["doc_id"],
            content_hash=data["content_hash"],
            summary=[Span(**s) for s in data["summary"]],
            key_lists=[
                KeyList(
                    lead_in=span(k["lead_in"]),
                    items=[Span(**i) for i in k["items"]],
                    section=k["section"],
                    start=k["start"],
                    end=k["end"],
                )
                for k in data["key_lists"]
            ],
            timeline=[
                DatedStatement(t["when"], t["year"], t["month"], Span(**t["sentence"]))
                for t in data["timeline"]
            ],
            organisations=[Organisation(**o) for o in data["organisations"]],
            off_subject=list(data.get("off_subject", [])),
        )


def _span(doc: StoredDocument, start: int, end: int) -> Span:
    section = next((s.path for s in doc.sections if s.start <= start < s.end), "")
    return Span(start, end, doc.text[start:end], section)


def summarise(
    doc: StoredDocument, limit: int = SUMMARY_SENTENCES, aside: frozenset[int] = frozenset()
) -> list[Span]:
    """One central sentence from each of the largest sections, in document order; none `aside`."""
    return [
        _span(doc, doc.sentences[n].start, doc.sentences[n].end)
        for n in summary_sentences(doc, limit, aside)
    ]


def key_lists(doc: StoredDocument, limit: int = KEY_LISTS) -> list[KeyList]:
    """The document's top-level lists with at least two items, longest first, in text order."""
    found: list[KeyList] = []
    for block in doc.blocks:
        if block.kind != "list" or block.parent is not None:
            continue
        items = [
            _span(doc, b.start, b.end)
            for b in doc.blocks
            if b.kind == "item" and b.parent == block.index
        ]
        if len(items) < MIN_LIST_ITEMS:
            continue
        lead = _span(doc, *block.lead_in) if block.lead_in else None
        found.append(KeyList(lead, items, block.section, block.start, block.end))
    found.sort(key=lambda k: (k.lead_in is None, -len(k.items), k.start))
    return sorted(found[:limit], key=lambda k: k.start)


def _date_key(when: str) -> tuple[int, int] | None:
    year = YEAR.search(when)
    if year is None:
        return None
    month = next((i for name, i in MONTHS.items() if name in when.casefold()), 0)
    return int(year.group()), month


def _may_name(text: str) -> bool:
    """Only sentences with a digit or a capital after their first letter can hold a date or an
    organisation the recogniser would find: the others are not parsed (ingest time)."""
    return any(c.isdigit() for c in text) or any(c.isupper() for c in text[1:])


def _entities(doc: StoredDocument) -> Iterable[tuple[int, str, str]]:
    """(sentence number, label, text) of every DATE, CARDINAL and ORG entity: from the sentence
    facts ingest stored (the same recogniser on the same texts), else by running it."""
    numbers = [n for n in range(len(doc.sentences)) if _may_name(doc.sentence_text(n))]
    if len(doc.facts) == len(doc.sentences):
        for number in numbers:
            for text, label in doc.facts[number].entities:
                if label in {"DATE", "CARDINAL", "ORG"}:
                    yield number, label, " ".join(text.split())
        return
    from nlp.spacy_pipeline import get_nlp

    nlp = get_nlp()
    ner = nlp.get_pipe("ner")
    texts = (nlp.make_doc(doc.sentence_text(n)) for n in numbers)
    parsed_all = ner.pipe(texts, batch_size=256)  # type: ignore[attr-defined]
    for number, parsed in zip(numbers, parsed_all, strict=True):
        for ent in parsed.ents:
            if ent.label_ in {"DATE", "CARDINAL", "ORG"}:
                yield number, ent.label_, " ".join(ent.text.split())


def _organisation_name(text: str) -> str:
    return re.sub(r"^(?:the)\s+", "", text, flags=re.IGNORECASE).strip(" ,.;:'’")


def build_document_guide(doc: StoredDocument, aside: frozenset[int] = frozenset()) -> DocumentGuide:
    """The guide of one document (runs the entity recogniser over its sentences, not `aside`)."""
    timeline: list[DatedStatement] = []
    dated: set[int] = set()
    orgs: Counter[str] = Counter()
    for number, label, text in (e for e in _entities(doc) if e[0] not in aside):
        if label == "ORG":
            name = _organisation_name(text)
            if len(name) > 1 and not name.isdigit():
                orgs[name] += 1
            continue
        key = _date_key(text)
        if key is None or number in dated:
            continue
        if label == "CARDINAL" and not re.fullmatch(r"(?:19|20)\d{2}(?:/\d{2})?", text):
            continue
        sentence = doc.sentences[number]
        dated.add(number)
        timeline.append(
            DatedStatement(text, key[0], key[1], _span(doc, sentence.start, sentence.end))
        )
    timeline.sort(key=lambda t: (t.year, t.month, t.sentence.start))
    if len(timeline) > TIMELINE_ENTRIES:  # keep the spread of years, not only the first ones
        step = len(timeline) / TIMELINE_ENTRIES
        timeline = [timeline[int(i * step)] for i in range(TIMELINE_ENTRIES)]
    return DocumentGuide(
        doc_id=doc.doc_id,
        content_hash=doc.content_hash,
        summary=summarise(doc, aside=aside),
        key_lists=key_lists(doc),
        timeline=timeline,
        organisations=[Organisation(n, c) for n, c in orgs.most_common(ORGANISATIONS)],
        off_subject=sorted(aside),
    )


def build_guides(
    documents: Iterable[StoredDocument],
    previous: Mapping[str, DocumentGuide] | None = None,
    off_subject: Mapping[str, frozenset[int]] | None = None,
) -> dict[str, DocumentGuide]:
    """Guides for every document; an unchanged document keeps its previous guide."""
    guides: dict[str, DocumentGuide] = {}
    for doc in documents:
        old = (previous or {}).get(doc.doc_id)
        same = old is not None and old.content_hash == doc.content_hash
        aside = (off_subject or {}).get(doc.doc_id, frozenset())
        guides[doc.doc_id] = old if same and old is not None else build_document_guide(doc, aside)
    return guides


def write_guides(generation_path: Path, guides: Mapping[str, DocumentGuide]) -> None:
    """Store the guides beside a generation's documents (before it is published)."""
    payload = {"version": GUIDES_VERSION, "guides": [asdict(g) for g in guides.values()]}
    (generation_path / GUIDES_FILE).write_text(json.dumps(payload), encoding="utf-8")


def read_guides(generation_path: Path) -> dict[str, DocumentGuide] | None:
    """The stored guides, or None when the generation has none (built before guides existed)."""
    try:
        data = json.loads((generation_path / GUIDES_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    if data.get("version") != GUIDES_VERSION:
        return None
    return {g["doc_id"]: DocumentGuide.from_json(g) for g in data["guides"]}
