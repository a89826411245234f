"""The answer type a question expects (date, number, amount, person, list, summary, definition,
comparison…), from its question word, root verb and head nouns: generic rules over the shared
spaCy parse, general English, nothing about any corpus.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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
DURATION_NOUNS = ("length", "duration")
# What a comparison "on" a noun asks each side for: "differ on length" → how long
COMPARED_NOUNS: dict[str, AnswerType] = {
    **NOUN_TYPES,
    **dict.fromkeys(DURATION_NOUNS, "date"),
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
FREQUENCY = frozenset({"often", "frequently"})  # "how often": an interval, as "how long" a span
# Nouns whose amount is a span of time: "how much notice / time" asks how long.
TIME_NOUNS = frozenset({"time", "notice", "warning"})


def _root(doc: Doc) -> Token:
    """The root of the sentence that asks: a statement before the question ("We run a small
    library. Who inspects it?") gives its setting, not the verb asked about."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    marked = [t for t in roots if t.sent.text.rstrip().endswith("?")]
    asked = marked or [t for t in roots if _has_question_word(t.sent)]
    return (asked or roots or [doc[0]])[0]


def _has_question_word(sentence: Span) -> bool:
    """A question without its mark ("we run a library. who inspects it"); a sentence with the
    mark comes first ("We know when it opened. Who runs it?")."""
    return any(t.tag_ in WH_TAGS for t in sentence)


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


def _compared_on(doc: Doc) -> AnswerType | None:
    """ "How do X and Y differ on assessment length?": the type of the value each side gives,
    from the noun the comparison is on ("length" asks how long, as "how long" does)."""
    for t in doc:
        prep = t.head
        if t.dep_ == "pobj" and prep.lower_ in ("on", "in", "about", "over"):
            if prep.head.lemma_.casefold() in COMPARE_LEMMAS:
                return COMPARED_NOUNS.get(t.lemma_.casefold())
    return None


def _time_amount(doc: Doc, much: Token) -> bool:
    """ "How much notice / time…": the amount asked for is a span of time."""
    after = doc[much.i + 1] if much.i + 1 < len(doc) else None
    return much.lower_ == "much" and after is not None and after.lemma_.casefold() in TIME_NOUNS


def asks_duration(doc: Doc) -> bool:
    """ "How long…", "how much time…", "the length / duration of…": a span of time is asked
    for; "how often / how frequently…": the span between two times (a frequency)."""
    return any(
        (t.lower_ in FREQUENCY and t.i > 0 and doc[t.i - 1].lower_ == "how")
        or (
            t.lower_ in ("long", "much")
            and t.i > 0
            and doc[t.i - 1].lower_ == "how"
            and not (t.i + 1 < len(doc) and doc[t.i + 1].text == "-")  # "how long-term"
            and (t.lower_ == "long" or _time_amount(doc, t))
        )
        or (t.pos_ == "NOUN" and t.lemma_.casefold() in DURATION_NOUNS)
        for t in doc
    )


def asked_span(doc: Doc) -> Span | None:
    """The one sentence that ends in a question mark, when sentences before it state the
    asker's situation and any after it only say how to answer ("Put them in date order.");
    None when the question is one sentence or reads only as a whole."""
    sentences = list(doc.sents)
    asks = [n for n, s in enumerate(sentences) if s.text.rstrip()[-1:] == "?"]
    if len(sentences) < 2 or len(asks) != 1:
        return None
    before, after = sentences[: asks[0]], sentences[asks[0] + 1 :]
    if not all(_statement(s) for s in before) or not all(_instruction(s) for s in after):
        return None  # "Summarise X in 'Why Y?'": a title's question mark ends no question
    return sentences[asks[0]]


def asked_sentence(doc: Doc) -> Doc:
    """The sentence that asks (`asked_span`) as a document of its own, else the whole."""
    span = asked_span(doc)
    return span.as_doc() if span is not None else doc


def _instruction(sentence: Span) -> bool:
    """A request about the answer's form, without a subject or a topic of its own ("Put
    them in date order.", "Keep it brief."): an imperative whose nouns are only pronouns
    or the order, length or form asked."""
    root = sentence.root
    nouns = [t for t in sentence if t.pos_ in ("NOUN", "PROPN")]
    return (
        root.tag_ == "VB"
        and root.i == sentence.start
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
        and len(nouns) <= 2
        and not any(t.pos_ == "PROPN" or t.tag_ in WH_TAGS for t in sentence)
    )


def _statement(sentence: Span) -> bool:
    """A sentence stating something of a subject, ended by a full stop ("We run a café.")."""
    return (
        sentence.text.rstrip()[-1:] == "."
        and "?" not in sentence.text
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in sentence.root.children)
    )


def _sets_scene(wh: Token) -> bool:
    """ "When the board met, what did it decide?": a question word opening an adverbial
    clause, with another question word after that clause, sets the scene and asks nothing."""
    clause = wh.head
    return (
        wh.dep_ == "advmod"
        and clause.dep_ == "advcl"
        and wh.i < clause.i
        and any(t.tag_ in WH_TAGS for t in wh.doc[clause.right_edge.i + 1 :])
    )


def answer_type(doc: Doc, compare: bool = True) -> AnswerType:
    """The expected answer type, from the question word, the root verb and head nouns
    (`compare=False`: what each side of a comparison is asked for, "how many" → number).
    Of a question after sentences that set the scene ("We run a café. Do we need a licence?"),
    the type the question itself asks."""
    doc = asked_sentence(doc)
    tokens = [t for t in doc if not t.is_punct]
    if not tokens:
        return "open"
    root = _root(doc)
    lemmas = {t.lemma_.casefold() for t in tokens}
    if compare and _compares(doc, lemmas):
        return "comparison"
    whs = [t for t in doc if t.tag_ in WH_TAGS and not _sets_scene(t)]
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
            return "date" if _time_amount(doc, nxt) else "amount"
        if nxt is not None and nxt.lower_ in HOW_DATE:
            return "date"
        return (None if compare else _compared_on(doc)) or "open"
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


def asks_several(token: Token) -> bool:
    """ "Which/what" before a plural ("which years", "what amounts"): several values asked
    for when the question wants values (a typed answer); "what principles" asks for a list,
    not for dated steps."""
    return token.tag_ in WH_TAGS and token.dep_ == "det" and token.head.tag_ == "NNS"


def _requested(root: Token) -> AnswerType | None:
    """ "Can you give examples of X?": a request put as a yes/no question asks for what its
    object names: several of them (a plural) are a list."""
    if not any(c.dep_ == "nsubj" and c.lower_ == "you" for c in root.children):
        return None
    objects = [c for c in root.children if c.dep_ == "dobj"]
    return "list" if objects and objects[0].tag_ in ("NNS", "NNPS") else None
