"""What in a message leans on an earlier turn: pronouns with nothing to point at in the message
itself, a place "there", "and …" / "what about …" fragments, "tell me more". Rules read spaCy
parses only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlp.spacy_pipeline import get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLURAL = {"they", "them", "their", "theirs"}
PERSONAL = PLURAL | {"he", "him", "his", "she", "her", "hers"}
DEMONSTRATIVES = {"this", "that", "these", "those"}
SINGULAR = {"it", "its", "this", "that"}
REFERRING = PERSONAL | SINGULAR | DEMONSTRATIVES
PLURAL_TAGS = {"NNS", "NNPS"}
PLACE = "there"
POSSESSIVE_TAG = "PRP$"
WH_TAGS = {"WP", "WDT", "WRB", "WP$"}
SUBJECTS = {"nsubj", "nsubjpass"}
# Determiners of a phrase about no particular thing ("some councils", "any plan").
INDEFINITE = set("a an some any many several few no each every all most".split())
# "Tell me more", "go on", "anything else?": asking for more of the same, in plain English.
MORE = {"more", "else", "further", "detail", "elaborate", "expand", "continue", "go", "tell", "on"}


def points_at_place(token: Token) -> bool:
    """ "there" standing for a place or setting ("what counts as a change there?"), not the
    "there" of "is there a deadline?"."""
    return token.lower_ == PLACE and token.dep_ == "advmod"


def referring_words(doc: Doc) -> list[Token]:
    """Pronouns with no antecedent earlier in the message itself, and a place "there" with
    none besides the phrase it qualifies ("a change there")."""
    found = []
    for token in doc:
        place = points_at_place(token)
        if not place and (
            token.pos_ != "PRON" or token.tag_ in WH_TAGS or token.lower_ not in REFERRING
        ):
            continue
        if token.dep_ == "det" or (token.lower_ == "it" and token.dep_ == "expl"):
            continue
        earlier = [
            c
            for c in doc.noun_chunks
            if c.end <= token.i
            and c.root.pos_ != "PRON"
            and not any(t.tag_ in WH_TAGS for t in c)
            and not _binds(c, token)
            and c.root not in token.ancestors  # "an alternative to it": not its own phrase
            and not _qualified_by(c, token)
            and number_agrees(c, token)
        ]
        if not earlier:
            found.append(token)
    return found


def _qualified_by(chunk: Span, pronoun: Token) -> bool:
    """The pronoun sits in a phrase right after the chunk that qualifies it ("the edition before
    it", even when the parser reads "before it" as the start of a clause)."""
    between = chunk.doc[chunk.end : pronoun.i]
    return len(between) == 1 and between[0].tag_ == "IN"


def plural_pronoun(pronoun: Token) -> bool:
    return pronoun.lower_ in PLURAL | (DEMONSTRATIVES - SINGULAR)


def plural_phrase(chunk: Span) -> bool:
    """A plural noun phrase: a plural head, or heads joined by "and" ("staff and funds")."""
    root = chunk.root
    return root.tag_ in PLURAL_TAGS or any(c.dep_ == "conj" for c in root.children)


def indefinite(chunk: Span) -> bool:
    """A phrase about no particular thing: "some councils", "any plan"."""
    return chunk[0].dep_ == "det" and chunk[0].lower_ in INDEFINITE


def number_agrees(chunk: Span, pronoun: Token) -> bool:
    """Whether a pronoun could point at the chunk by number: "it" never at "contracts",
    "they" never at "the plan" (he/she: any)."""
    if plural_pronoun(pronoun):
        return plural_span(chunk)
    if pronoun.lower_ in SINGULAR:
        return not plural_span(chunk)
    return True


def _binds(chunk: Span, pronoun: Token) -> bool:
    """The chunk is the subject of the pronoun's own verb, which a plain pronoun never points
    back at ("What did the board say about it?": 'it' is not the board, or it would be
    'itself')."""
    if pronoun.tag_ == POSSESSIVE_TAG:  # "the committee … its budget": its own, it may
        return False
    verb = next((t for t in pronoun.ancestors if t.pos_ in {"VERB", "AUX"}), None)
    return verb is not None and chunk.root.dep_ in SUBJECTS and chunk.root.head == verb


def continues(doc: Doc) -> bool:
    """Starts with "and"/"but"/"also", or is "what about X" / a fragment without a verb."""
    words = [t for t in doc if not t.is_punct]
    if not words:
        return False
    if words[0].pos_ == "CCONJ" or words[0].lower_ == "also":
        return True
    if asks_for_more(doc):
        return True
    if any(t.dep_ == "ROOT" and t.pos_ == "ADP" for t in doc):
        return True
    return not any(t.pos_ in {"VERB", "AUX"} for t in doc)


def is_follow_up(message: str) -> bool:
    """Messages that lean on an earlier turn ("When would they start?", "And in Norway?")."""
    doc = get_nlp()(message)
    return bool(referring_words(doc)) or continues(doc)


def asks_for_more(doc: Doc) -> bool:
    content = [t for t in doc if not (t.is_punct or t.pos_ == "PRON" or t.tag_ in WH_TAGS)]
    return all(t.lemma_.lower() in MORE or t.is_stop for t in content)


def title_runs(doc: Doc) -> list[Span]:
    """Runs of two or more capitalised words inside the question, which the tagger may not
    read as one noun phrase ("these Citizen Panels Reports the review…")."""
    runs: list[Span] = []
    start = None
    for t in [*doc, None]:
        if t is not None and t.i > 0 and t.is_title and t.tag_ not in WH_TAGS:
            start = t.i if start is None else start
            continue
        if start is not None and t is not None and t.i - start >= 2:
            runs.append(doc[start : t.i])
        elif start is not None and t is None and len(doc) - start >= 2:
            runs.append(doc[start:])
        start = None
    return runs


def plural_span(span: Span) -> bool:
    """A plural phrase, also one the tagger read as names ("Harbour Trusts")."""
    last = span[-1]
    inflected = last.lower_.endswith("s") and last.lemma_.casefold() != last.lower_
    return plural_phrase(span) or (last.pos_ != "NOUN" and inflected)
