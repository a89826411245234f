"""A question restated as an indirect clause for a decline ("The documents don't say how much
board chairs will be paid"): the auxiliary moved after the subject, the question's own spacing
kept ("Trust's", "long-term").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answer.question_types import WH_TAGS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _joined(tokens: list[Token]) -> str:
    """Tokens in the given order, with the question's own spacing between neighbours ("Trust's",
    "long-term") and one space where the order changed; a proper noun keeps its capitals."""
    out: list[str] = []
    for n, t in enumerate(tokens):
        if n:
            before = tokens[n - 1]
            out.append(before.whitespace_ if before.i == t.i - 1 else " ")
        out.append(_addressed(t) or (t.lower_ if t.i == 0 and t.pos_ != "PROPN" else t.text))
    return "".join(out).strip()


# English first-person pronouns and their second-person forms (a closed grammatical class):
# the assistant reports the user's question back to them ("what your board should do").
SECOND_PERSON = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "we": "you",
    "us": "you",
    "our": "your",
    "ours": "yours",
    "ourselves": "yourselves",
}
_BE = {"am": "are", "'m": "'re"}


def _addressed(t: Token) -> str | None:
    """A first-person word in the user's own voice, as the assistant reports it back."""
    if t.lower_ in ("am", "'m"):  # "I am", "I'm"
        return _BE.get(t.lower_) if t.i > 0 and t.doc[t.i - 1].lower_ == "i" else None
    return SECOND_PERSON.get(t.lower_) if t.pos_ == "PRON" else None


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


def _inverted(tokens: list[Token], wh: Token) -> bool:
    """A subject between "has/were/will" and its participle or verb that the parse did not
    find ("what has the team delivered", "when were the pages reviewed"): read as it is,
    the clause would stay a direct question."""
    for n, t in enumerate(tokens):
        if t.i <= wh.i or not (t.lemma_ in ("be", "have") or t.tag_ == "MD"):
            continue
        if t.tag_ not in ("MD", "VBZ", "VBP", "VBD"):
            continue
        rest = tokens[n + 1 :]
        if rest and rest[0].pos_ in ("DET", "PROPN", "NOUN", "PRON", "NUM"):
            return any(r.tag_ in ("VBN", "VB") for r in rest[1:])
    return False


def restate(doc: Doc) -> str:
    """An indirect clause for the question ("how much board chairs will be paid"), or ""."""
    tokens = list(doc)
    # "?" ends the question, not the clause; a closing bracket or quote belongs to the clause
    while tokens and tokens[-1].is_punct and not tokens[-1].text.strip("?.!"):
        tokens.pop()
    if not tokens:
        return ""
    wh = next((t for t in tokens if t.tag_ in WH_TAGS), None)
    aux = next((t for t in tokens if _auxiliary(t)), None)
    if wh is None or (aux is not None and (wh.i > aux.i or aux.lemma_ == "do")):
        return ""
    if aux is None:  # "who commissioned the review" reads as it is; do-support does not
        do_support = any(t.lemma_ == "do" for t in tokens[1:4])
        plain = wh.i == tokens[0].i and not do_support and not _inverted(tokens, wh)
        return _joined(tokens) if plain else ""
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
        return "" if _inverted(tokens, wh) else _joined(tokens)
    span = sorted(w.i for w in subject.subtree)
    first, last = span[0], span[-1]
    idx = {t.i: n for n, t in enumerate(tokens)}
    if first not in idx or last not in idx or aux.i not in idx:
        return _joined(tokens)
    a, s0, s1 = idx[aux.i], idx[first], idx[last]
    order = tokens[:a] + tokens[s0 : s1 + 1] + [tokens[a]] + tokens[a + 1 : s0] + tokens[s1 + 1 :]
    return _joined(order)
