"""Question analysis: what kind of answer is wanted, about what, and from which source.

Generic rules over the shared spaCy parse (question words, the root verb, head nouns, entity
labels): general English, nothing about any corpus. Documents a question names are found by
matching its words against the titles and publishers of the indexed documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from nlp.lexical import STOPWORDS, stem, terms, words
from nlp.parse_batches import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from index.stored_document import StoredDocument

AnswerType = Literal[
    "date",
    "number",
    "amount",
    "person",
    "organisation",
    "place",
    "list",
    "summary",
    "definition",
    "reason",
    "yes_no",
    "comparison",
    "open",
]
# spaCy entity labels a sentence must hold to carry each typed answer. A place is not required to
# be a named one: "where" is as often "on the platform" or "in the business case".
TYPE_LABELS: dict[str, frozenset[str]] = {
    "date": frozenset({"DATE", "TIME"}),
    "number": frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
    "amount": frozenset({"MONEY", "PERCENT", "QUANTITY"}),
    "person": frozenset({"PERSON", "ORG"}),
    "organisation": frozenset({"ORG"}),
}
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
ASKED_DEPS = ("nsubj", "nsubjpass", "attr", "dobj")  # "what were the key dates…": the asked noun
SERIES_NOUNS = ("timeline", "timescale", "timetable", "timeframe", "schedule", "milestone")
# General English: head nouns of "what/which X" questions that ask for a typed value.
DATE_NOUNS = ("date", "year", "month", "day", "deadline")
NOUN_TYPES: dict[str, AnswerType] = {
    **dict.fromkeys((*DATE_NOUNS, "when"), "date"),
    **dict.fromkeys(SERIES_NOUNS, "date"),
    **dict.fromkeys(("percentage", "proportion", "share", "rate", "cost", "price"), "amount"),
    **dict.fromkeys(("amount", "budget", "sum", "salary", "pay", "fee", "threshold"), "amount"),
    **dict.fromkeys(("number", "count", "total"), "number"),
    **dict.fromkeys(
        ("organisation", "organization", "body", "agency", "department"), "organisation"
    ),
    **dict.fromkeys(("person", "individual", "name"), "person"),
}
IMPERATIVE_TYPES: dict[str, AnswerType] = {
    **dict.fromkeys(("list", "name", "enumerate", "itemise", "itemize"), "list"),
    **dict.fromkeys(("summarise", "summarize", "describe", "outline", "overview"), "summary"),
    "define": "definition",
}
COMPARE_LEMMAS = frozenset({"differ", "compare", "contrast", "difference", "versus", "vs"})
AGREE_LEMMAS = frozenset({"agree", "disagree"})  # a comparison only between named parties
SUMMARY_NOUNS = frozenset({"summary", "overview", "gist", "point", "takeaway", "message", "theme"})
# How a question refers to the collection itself ("what do the documents say about X").
META_WORDS = frozenset({"document", "documents", "doc", "docs", "source", "sources", "material"})
NAME_NOUNS = frozenset({"name"})  # the noun that asks for a proper name itself
HOW_AMOUNT = frozenset({"much", "big", "large"})
HOW_DATE = frozenset({"long", "often", "soon", "frequently", "far", "old"})  # durations, ages


@dataclass(frozen=True)
class Question:
    """What the answer engine needs to know about a question."""

    text: str
    answer_type: AnswerType
    focus: tuple[str, ...]  # lemmas of the content words (question words, named sources left out)
    focus_terms: frozenset[str]  # the same as index terms (stemmed), for IDF-weighted coverage
    entities: tuple[tuple[str, str], ...]  # (text, label) of named entities
    named_documents: frozenset[str]  # doc ids of the documents or publishers the question names
    restated: str  # the question as an indirect clause: "how much board chairs will be paid"
    negated: bool = False
    compared_type: AnswerType = "open"  # for a comparison: what each source is asked for
    series: bool = False  # several values wanted: "what is the timeline", "which dates"
    exact: bool = False  # a value must answer it: "how many", "how much", "which year"
    # Terms of the noun "how many" counts ("how many days"): a date or time that names it
    # ("three days a week") answers the count.
    counted: frozenset[str] = frozenset()
    # Words of the collection's subject a "who" question about it also looks for; they count
    # only in the sentence itself, never from its document's title (see `subject.py`).
    subject_terms: frozenset[str] = frozenset()
    # The event a "when / who" question asks about ("led", "come into force"): documents say it
    # in many ways, so its terms weigh half in coverage and never count as the rarest term.
    relation_terms: frozenset[str] = frozenset()
    # Lemmas of the root verb's own subject and object ("who led [the review]"): what the
    # question is about, as against a noun inside a phrase ("evidence to the review").
    arguments: frozenset[str] = frozenset()
    # Details the answer must match, besides its type: each value the question gives ("in 2024",
    # "ten systems", "today") and each name ("the national body", an acronym) as index terms, and
    # the noun a "which/what X, how many X" asks about.
    values: tuple[frozenset[str], ...] = ()
    names: tuple[frozenset[str], ...] = ()
    head: frozenset[str] = frozenset()
    predicate: frozenset[str] = frozenset()  # the root verb's terms ("merged", "succeeded")
    # Asked in the past tense without a modal ("when was X published", "when did Y agree"): a
    # past event has a date; only a rule or plan is answered by a condition ("before going live").
    past: bool = False
    # "What is the name of X?": a proper name must answer it, where "who should I contact?" may
    # be answered by a role ("the commercial team").
    wants_name: bool = False

    @property
    def wants(self) -> frozenset[str]:
        """Entity labels a sentence must hold to carry the typed answer (empty when untyped)."""
        return TYPE_LABELS.get(self.answer_type, frozenset())


def _root(doc: Doc) -> Token:
    return next((t for t in doc if t.dep_ == "ROOT"), doc[0])


def _what_noun(wh: Token, root: Token) -> Token | None:
    """The noun a "what/which" asks about: "what year", "what is the timeline"."""
    if wh.dep_ == "det":
        return wh.head
    if root.lemma_ == "be":
        return next((t for t in root.children if t.dep_ in ("nsubj", "attr") and t != wh), None)
    return None


def _compares(doc: Doc, lemmas: set[str]) -> bool:
    """ "How do X and Y differ", "compare…", "X versus Y"; "agree" only between parties ("do X
    and Y agree", "agree with"), never "when was the plan agreed"."""
    if lemmas & COMPARE_LEMMAS:
        return True
    parties = any(t.dep_ == "conj" for t in doc) or bool(lemmas & {"with", "between"})
    return bool(lemmas & AGREE_LEMMAS) and parties


def answer_type(doc: Doc, compare: bool = True) -> AnswerType:
    """The expected answer type, from the question word, the root verb and head nouns
    (`compare=False`: what each side of a comparison is asked for, "how many" → number)."""
    tokens = [t for t in doc if not t.is_punct]
    if not tokens:
        return "open"
    root = _root(doc)
    lemmas = {t.lemma_.casefold() for t in tokens}
    if compare and _compares(doc, lemmas):
        return "comparison"
    whs = [t for t in doc if t.tag_ in WH_TAGS]
    # In a comparison the inner question word counts ("differ on how many…").
    wh = (whs[0] if compare else whs[-1]) if whs else None
    first = tokens[0]
    if first.i == root.i and first.lemma_.casefold() in IMPERATIVE_TYPES and first.pos_ == "VERB":
        return IMPERATIVE_TYPES[first.lemma_.casefold()]  # "Summarise what X says about Y"
    if wh is None or wh.i > first.i + 2:
        verb = root if root.i == first.i else first
        if verb.lemma_.casefold() in IMPERATIVE_TYPES and verb.pos_ in ("VERB", "NOUN", "PROPN"):
            return IMPERATIVE_TYPES[verb.lemma_.casefold()]
        if first.tag_ in ("MD", "VBZ", "VBP", "VBD") and wh is None:
            return _requested(root) or "yes_no"
        if wh is None:
            return "summary" if lemmas & SUMMARY_NOUNS else "open"
    assert wh is not None
    word = wh.lower_
    nxt = doc[wh.i + 1] if wh.i + 1 < len(doc) else None
    if word == "when":
        return "date"
    if word == "where":
        return "place"
    if word == "why":
        return "reason"
    if word in ("who", "whom", "whose"):
        return "person"
    if word == "how":
        if nxt is not None and nxt.lower_ == "many":
            return "number"
        if nxt is not None and nxt.lower_ in HOW_AMOUNT:
            return "amount"
        if nxt is not None and nxt.lower_ in HOW_DATE:
            return "date"
        return "open"
    if word in ("what", "which"):
        noun = _what_noun(wh, root)
        if root.lemma_ in ("mean", "stand"):
            return "definition"
        if noun is None:
            return "open"
        lemma = noun.lemma_.casefold()
        if lemma in NOUN_TYPES:
            return NOUN_TYPES[lemma]
        if lemma in SUMMARY_NOUNS or any(c.lemma_ in ("main", "key") for c in noun.children):
            return "list" if noun.tag_ in ("NNS", "NNPS") else "summary"
        modal = any(t.tag_ == "MD" for t in tokens)
        acronym = sum(c.isupper() for c in noun.text) >= 2
        if (noun.tag_ == "NNPS" or acronym) and root.lemma_ == "be" and not modal:
            return "definition"  # "What are ABCs?": a name to explain, not a list to give
        if noun.tag_ in ("NNS", "NNPS") and not modal:
            return "list"
        modifiers = {c.dep_ for c in noun.children}
        if root.lemma_ == "be" and not modal and modifiers <= {"det", "compound", "amod", "poss"}:
            return "definition"
    return "open"


def _requested(root: Token) -> AnswerType | None:
    """ "Can you give examples of X?": a request put as a yes/no question asks for what its
    object names: several of them (a plural) are a list."""
    if not any(c.dep_ == "nsubj" and c.lower_ == "you" for c in root.children):
        return None
    objects = [c for c in root.children if c.dep_ == "dobj"]
    return "list" if objects and objects[0].tag_ in ("NNS", "NNPS") else None


def _named(question: str, documents: Iterable[StoredDocument]) -> frozenset[str]:
    """Documents whose publisher (or its bracketed short name) or title the question names."""
    lowered = f" {' '.join(words(question))} "
    named: set[str] = set()
    titled: dict[str, str] = {}
    for doc in documents:
        names = {doc.publisher, *re.findall(r"\(([^)]+)\)", doc.publisher)}
        names |= {re.sub(r"\([^)]*\)", "", n) for n in list(names)}
        names |= set(doc.publisher.split(","))
        plain = {" ".join(words(n)) for n in names if n}
        title = " ".join(words(doc.title))
        if len(title) > 12 and f" {title} " in lowered:
            titled[doc.doc_id] = title
        if any(n and f" {n} " in lowered for n in plain if len(n) > 2):
            named.add(doc.doc_id)
    if titled:  # a title names one document; keep the most specific of overlapping titles
        specific = frozenset(
            d for d, t in titled.items() if not any(t != o and t in o for o in titled.values())
        )
        # "the agency's guidance on the standard": a named publisher none of whose documents
        # has that title wins; the title is then the topic, not the source.
        return specific if not named or specific & named else frozenset(named)
    return frozenset(named)


def _source_words(documents: Iterable[StoredDocument], named: frozenset[str]) -> set[str]:
    return {w for d in documents if d.doc_id in named for w in words(d.publisher)}


def _joined(tokens: list[Token]) -> str:
    """Tokens in the given order, with the question's own spacing between neighbours ("Trust's",
    "long-term") and one space where the order changed; a proper noun keeps its capitals."""
    out: list[str] = []
    for n, t in enumerate(tokens):
        if n:
            before = tokens[n - 1]
            out.append(before.whitespace_ if before.i == t.i - 1 else " ")
        out.append(t.lower_ if t.i == 0 and t.pos_ != "PROPN" else t.text)
    return "".join(out).strip()


def _auxiliary(t: Token) -> bool:
    """A finite auxiliary or copula that a direct question puts before its subject."""
    if t.tag_ not in ("MD", "VBZ", "VBP", "VBD"):
        return False
    if t.dep_ in ("aux", "auxpass"):
        return True
    if t.dep_ != "ROOT":
        return False
    # "How many services has the team assessed?" may parse "has" as the main verb.
    perfect = t.lemma_ == "have" and any(c.tag_ == "VBN" or c.dep_ == "ccomp" for c in t.children)
    return t.lemma_ == "be" or t.pos_ == "AUX" or perfect


def restate(doc: Doc) -> str:
    """An indirect clause for the question ("how much board chairs will be paid"), or ""."""
    tokens = list(doc)
    while tokens and tokens[-1].is_punct:  # "?" ends the question, not the clause
        tokens.pop()
    if not tokens:
        return ""
    wh = next((t for t in tokens if t.tag_ in WH_TAGS), None)
    aux = next((t for t in tokens if _auxiliary(t)), None)
    if wh is None or (aux is not None and (wh.i > aux.i or aux.lemma_ == "do")):
        return ""
    if aux is None:  # "who commissioned the review" reads as it is; do-support does not
        do_support = any(t.lemma_ == "do" for t in tokens[1:4])
        return _joined(tokens) if wh.i == tokens[0].i and not do_support else ""
    verb = aux if aux.dep_ == "ROOT" else aux.head
    # "how many services has the team assessed": the subject may belong to the verb the
    # auxiliary governs rather than to the auxiliary itself.
    subject = next(
        (
            t
            for t in tokens
            if t.dep_ in ("nsubj", "nsubjpass")
            and t.i > aux.i
            and t != wh
            and (t.head == verb or t.head.head == verb)
        ),
        None,
    )
    if subject is None:
        return _joined(tokens)
    span = sorted(w.i for w in subject.subtree)
    first, last = span[0], span[-1]
    idx = {t.i: n for n, t in enumerate(tokens)}
    if first not in idx or last not in idx or aux.i not in idx:
        return _joined(tokens)
    a, s0, s1 = idx[aux.i], idx[first], idx[last]
    order = tokens[:a] + tokens[s0 : s1 + 1] + [tokens[a]] + tokens[a + 1 : s0] + tokens[s1 + 1 :]
    return _joined(order)


RELATION_TYPES = frozenset({"date", "person", "organisation"})
SEQUENCE_DEPS = frozenset({"advmod", "npadvmod"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})


def relation(doc: Doc, answer: AnswerType) -> frozenset[str]:
    """Terms of the predicate a "when / who" question asks about: its root verb, the verb's
    particle and the object of its preposition ("come into force", "set up", "led")."""
    if answer not in RELATION_TYPES:
        return frozenset()
    root = _root(doc)
    wh = next((t for t in doc if t.tag_ in WH_TAGS), None)
    if root.pos_ != "VERB" or wh is None or wh.head != root:
        return frozenset()
    words_ = [root.lemma_]
    for child in root.children:
        if child.dep_ == "prt":
            words_.append(child.lemma_)
        elif child.dep_ == "prep" and child.i > root.i:
            words_ += [g.lemma_ for g in child.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
    return frozenset(s for w in words_ for s in terms(w.casefold()))


def sequence_adverb(token: Token) -> bool:
    """ "first", "next", "then" modifying the verb ("what should we do first?"): the order
    asked for, not a topic the answer must mention."""
    return (
        token.dep_ in SEQUENCE_DEPS
        and token.pos_ == "ADV"
        and token.head.pos_ in ("VERB", "AUX")
        and (token.ent_type_ == "ORDINAL" or token.morph.get("NumType", []) == ["Ord"])
    )


def _without_command(entity: Span) -> Span | None:
    """An entity without the imperative that opens the question ("Summarise Acme's" → "Acme's")."""
    first = entity[0]
    if first.i == 0 and first.lemma_.casefold() in IMPERATIVE_TYPES:
        entity = entity[1:]
    return entity if len(entity) else None


QUESTION_VALUE_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
NAMED_LABELS = frozenset({"GPE", "LOC", "PERSON", "ORG", "NORP", "FAC", "EVENT", "LAW", "PRODUCT"})
HEAD_RUN = frozenset({"NUM", "ADJ", "NOUN", "PROPN"})


def _term_groups(spans: Iterable[str], skip: set[str]) -> tuple[frozenset[str], ...]:
    """Index terms of each span, without a named source's words; empty groups left out."""
    groups = (frozenset(terms(" ".join(w for w in words(s) if w not in skip))) for s in spans)
    return tuple(dict.fromkeys(g for g in groups if g))


def given_values(doc: Doc, skip: set[str]) -> tuple[frozenset[str], ...]:
    """Values the question states rather than asks for: a date, number or amount entity
    without the question word in it ("in 2024", not "what year"), and numbers outside any
    entity ("the 2024 plan")."""
    spans = [
        e.text
        for e in doc.ents
        if e.label_ in QUESTION_VALUE_LABELS
        and not any(t.tag_ in WH_TAGS for t in e)
        and not _counts_noun(e.root)
    ]
    spans += [
        t.text
        for t in doc
        if t.like_num and not t.ent_type_ and t.pos_ == "NUM" and not _counts_noun(t)
    ]
    return _term_groups(spans, skip)


def _counts_noun(token: Token) -> bool:
    """A number that sizes or numbers a common noun ("the three main areas", "point 9", "an
    18-point standard") describes what is asked about; the answer need not repeat it."""
    return token.dep_ in ("nummod", "compound", "appos") and token.head.pos_ == "NOUN"


def given_names(doc: Doc, skip: set[str]) -> tuple[frozenset[str], ...]:
    """Names the question uses: named entities and runs of proper nouns outside them."""
    spans = [e.text for e in doc.ents if e.label_ in NAMED_LABELS]
    run: list[str] = []
    for t in [*doc, None]:
        if t is not None and t.pos_ == "PROPN" and not t.ent_type_ and t.tag_ not in WH_TAGS:
            run.append(t.text)
            continue
        if run:
            spans.append(" ".join(run))
            run = []
    return _term_groups(spans, skip)


def asked_head(doc: Doc) -> frozenset[str]:
    """The noun a "which X / what X / how many X" question asks about ("which standard",
    "how many weeks"), unless it names the answer's type ("what year", "what share")."""
    wh = next((t for t in doc if t.tag_ in WH_TAGS), None)
    if wh is None or wh.lower_ not in ("which", "what", "how"):
        return frozenset()
    start = wh.i + 1
    if wh.lower_ == "how":
        if start >= len(doc) or doc[start].lower_ != "many":
            return frozenset()
        start += 1
    head = None
    for t in doc[start:]:
        if t.pos_ not in HEAD_RUN and t.text != "-":
            break
        if t.pos_ == "NOUN":
            head = t
    if head is None or head.lemma_.casefold() in NOUN_TYPES:
        return frozenset()
    return frozenset(terms(head.lemma_.casefold()))


def past_tense(doc: Doc) -> bool:
    """The question's finite verb or auxiliary is in the past tense and no modal qualifies it."""
    finite = [t for t in doc if t.tag_ in ("MD", "VBZ", "VBP", "VBD")]
    return bool(finite) and finite[0].tag_ == "VBD"


def analyse(question: str, documents: Iterable[StoredDocument] = ()) -> Question:
    """Parse the question once and read off type, focus, entities and named sources."""
    documents = list(documents)
    doc = parse(question)  # batched with other threads' questions, same parse
    named = _named(question, documents)
    skip = _source_words(documents, named)
    focus: list[str] = []
    asides: list[str] = []
    for t in doc:
        lemma = t.lemma_.casefold()
        if t.is_punct or t.tag_ in WH_TAGS or t.is_stop or {lemma, t.lower_} & STOPWORDS:
            continue
        if t.dep_ == "ROOT" and t.i == 0 and t.lemma_.casefold() in IMPERATIVE_TYPES:
            continue
        if t.lower_ in skip or not any(c.isalnum() for c in lemma):
            continue
        if lemma in META_WORDS or (t.pos_ == "ADV" and t.lower_.endswith("ly")):
            asides.append(lemma)  # "briefly", "the documents": not what it is about
            continue
        if sequence_adverb(t):
            continue  # "what should we do first": an order, not a topic
        if lemma not in focus:
            focus.append(lemma)
    focus = focus or asides
    focus_terms = frozenset(s for lemma in focus for s in terms(lemma)) or frozenset(
        terms(question)
    )
    entities = tuple(
        (span.text, e.label_)
        for e in doc.ents
        if (span := _without_command(e)) is not None
        and not set(words(span.text)) <= skip
        and not (len(span) == 1 and sequence_adverb(span[0]))
    )
    typed = answer_type(doc)
    related = relation(doc, typed) & focus_terms
    dated = typed == "date" and any(t.lemma_.casefold() in DATE_NOUNS for t in doc)
    return Question(
        text=question,
        answer_type=typed,
        exact=typed in ("number", "amount") or dated,
        counted=frozenset(
            term
            for t in doc
            if any(
                c.lower_ == "many" and any(g.lower_ == "how" for g in c.children)
                for c in t.children
            )
            for term in terms(t.text)
        ),
        focus=tuple(focus),
        focus_terms=focus_terms,
        relation_terms=related if related != focus_terms else frozenset(),
        arguments=frozenset(
            t.lemma_.casefold()
            for t in _root(doc).children
            if t.dep_ in ARGUMENT_DEPS and t.tag_ not in WH_TAGS
        ),
        entities=entities,
        values=given_values(doc, skip),
        names=given_names(doc, skip),
        head=asked_head(doc),
        predicate=frozenset(terms(_root(doc).lemma_.casefold()))
        if _root(doc).pos_ == "VERB"
        else frozenset(),
        named_documents=named,
        restated=restate(doc),
        negated=any(t.dep_ == "neg" for t in doc),
        past=past_tense(doc),
        wants_name=typed in ("person", "organisation")
        and any(t.lemma_.casefold() in NAME_NOUNS and t.pos_ == "NOUN" for t in doc),
        compared_type=answer_type(doc, compare=False),
        series=any(
            t.lemma_.casefold() in SERIES_NOUNS
            or (t.tag_ == "NNS" and t.head.tag_ in WH_TAGS)
            or (t.tag_ == "NNS" and t.dep_ in ASKED_DEPS and t.lemma_.casefold() in DATE_NOUNS)
            for t in doc
        )
        or any(t.tag_ in WH_TAGS and t.dep_ == "det" and t.head.tag_ == "NNS" for t in doc),
    )


def stems(lemmas: Iterable[str]) -> set[str]:
    """Index terms of lemmas (the index stores stemmed words)."""
    return {stem(w) for lemma in lemmas for w in words(lemma)}
