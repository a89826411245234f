"""Follow-ups that are whole clauses: a message with a subject and verb of its own is never a
fragment to fold into the previous question, even when it opens with "and"; a demonstrative
phrase in it ("And how would that change be paid for?") is tied to the conversation's topic.
And an object pronoun cannot be the same thing as the subject of its own verb ("who should they
talk that over with?": 'that' is not what 'they' is). Rules read spaCy parses only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.follow_up_cues import DEMONSTRATIVES, SUBJECTS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

OBJECTS = {"dobj", "pobj", "dative"}


def has_own_clause(doc: Doc) -> bool:
    """A verb with its own subject: "and how would that change be paid for?" is a question,
    "and for boards?" is not."""
    return any(t.dep_ in SUBJECTS and t.head.pos_ in {"VERB", "AUX"} for t in doc)


def demonstrative_phrases(doc: Doc) -> list[Span]:
    """Noun phrases opened by "this"/"that"/"these"/"those" ("that change")."""
    return [c for c in doc.noun_chunks if c[0].dep_ == "det" and c[0].lower_ in DEMONSTRATIVES]


def tie_to_topic(phrase: Span, topic: Doc | Span) -> str:
    """The demonstrative phrase as a phrase about the topic: the topic itself when it names the
    same thing ("that plan" after "what is the transport plan?"), else "the <noun> of <topic>"
    ("that change" after "what does the plan say about fares?" → "the change of fares")."""
    heads = {t.lemma_.lower() for t in topic if t.pos_ in {"NOUN", "PROPN"}}
    if phrase.root.lemma_.lower() in heads:
        return topic.text
    rest = phrase[1:].text
    topic_text = topic.text[:1].lower() + topic.text[1:] if topic[0].pos_ == "DET" else topic.text
    return f"the {rest} of {topic_text}"


def resolve_demonstratives(tokens: list[Token], topic: Doc | Span) -> str:
    """The message's words (from `tokens`) with each demonstrative phrase tied to the topic."""
    phrases = {p.start: p for p in demonstrative_phrases(tokens[0].doc)} if tokens else {}
    parts: list[str] = []
    skip_to = -1
    for token in tokens:
        if token.i < skip_to:
            continue
        phrase = phrases.get(token.i)
        if phrase is not None:
            parts.append(tie_to_topic(phrase, topic) + phrase[-1].whitespace_)
            skip_to = phrase.end
            continue
        parts.append(token.text_with_ws)
    return "".join(parts)


def same_as_subject(pronoun: Token, referents: dict[int, str], referent: str) -> bool:
    """The pronoun is an object of a verb whose subject was already given this referent:
    a plain object pronoun never means its own clause's subject (that would be "themselves")."""
    if pronoun.dep_ not in OBJECTS:
        return False
    verb = pronoun.head if pronoun.dep_ == "dobj" else pronoun.head.head
    subjects = [t for t in verb.children if t.dep_ in SUBJECTS]
    return any(referents.get(s.i) == referent for s in subjects)


def names_a_matter(pronoun: Token) -> bool:
    """ "this"/"that" as the object of a verb with a particle ("sort that out", "think this
    through") stands for a matter or course of action, not for a thing named earlier."""
    if pronoun.lower_ not in {"this", "that"} or pronoun.dep_ != "dobj":
        return False
    return any(t.dep_ == "prt" for t in pronoun.head.children)
