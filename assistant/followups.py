"""Follow-ups without a model: resolve pronouns, "that" and ellipsis against the previous turn.

"And who would oversee that?" after "What are harbour trusts?" becomes "Who would oversee
harbour trusts?": the referring word is replaced by the previous
question's focus (its main noun phrase) or, for "they"/"he"/"she" after a "who" question, by
the first organisation or person the previous answer named. Fragments ("What about in Norway?",
"And for boards?") are folded into the previous question. Rules read spaCy parses only; no
word lists for any collection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.answering import Turn
from assistant.follow_up_clauses import (
    demonstrative_phrases,
    has_own_clause,
    names_a_matter,
    resolve_demonstratives,
    same_as_subject,
)
from assistant.follow_up_cues import (
    PERSONAL,
    PLURAL,
    POSSESSIVE_TAG,
    SUBJECTS,
    WH_TAGS,
    asks_for_more,
    continues,
    indefinite,
    plural_pronoun,
    plural_span,
    points_at_place,
    referring_words,
    title_runs,
)
from assistant.llm.validation import strip_markers
from nlp.spacy_pipeline import get_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ANSWER_ENTITIES = {"ORG", "PERSON", "NORP", "GPE"}


def searched(history: list[Turn]) -> list[str]:
    """The questions that were searched, latest first (greetings and the like are skipped)."""
    return [t.search_query for t in reversed(history) if t.role == "user" and t.search_query]


def previous_question(history: list[Turn]) -> str | None:
    """The last question that was searched."""
    return next(iter(searched(history)), None)


def previous_answer(history: list[Turn]) -> str:
    """The answer that followed the last searched question ('' when there is none)."""
    for i in range(len(history) - 1, -1, -1):
        turn = history[i]
        if turn.role == "user" and turn.search_query:
            after = history[i + 1] if i + 1 < len(history) else None
            return strip_markers(after.content) if after and after.role == "assistant" else ""
    return ""


def _noun_phrase(chunk: Span) -> str:
    """A noun chunk without question words, extended by its "of ..." attachments."""
    doc = chunk.doc
    tokens = [
        t
        for t in chunk
        if t.tag_ not in WH_TAGS and t.head.tag_ not in WH_TAGS and t.pos_ != "CCONJ"
    ]
    end = chunk.end
    for child in chunk.root.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = max(end, child.right_edge.i + 1)
    if not tokens:
        return ""
    return doc[tokens[0].i : max(end, tokens[-1].i + 1)].text


def _object_of(chunk: Span, root: Token) -> bool:
    """The chunk is what the root verb acts on: its direct object, or the object of a
    preposition on the verb or on that object ("recommend on national targets"); a bare
    singular noun is not ("take effect")."""
    head = chunk.root
    if len(chunk) == 1 and head.tag_ == "NN":
        return False  # a bare noun is part of the predicate: "take effect", "come into force"
    if head.dep_ == "dobj":
        return head.head == root
    if head.dep_ != "pobj" or head.head.dep_ != "prep":
        return False
    return head.head.head == root or (head.head.head.dep_ == "dobj" and head.head.head.head == root)


def _content_chunks(doc: Doc) -> list[Span]:
    """Noun chunks that are neither pronouns nor question phrases."""
    return [
        c
        for c in doc.noun_chunks
        if c.root.pos_ != "PRON" and not any(t.tag_ in WH_TAGS for t in c)
    ]


def _focus_chunk(question: str) -> Span | None:
    """The thing a question asks about: the object of its verb ("what does the review
    recommend on national targets?" → national targets), else its subject ("what are X?");
    a named phrase first among the subjects."""
    doc = get_nlp()(question)
    chunks = _content_chunks(doc)
    if not chunks:
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), doc[0])
    if root.pos_ == "VERB" and root.lemma_ != "be":
        # "who does the plan want to run the ferry?": the object of the verb it governs
        verbs = [root, *(c for c in root.children if c.dep_ == "xcomp" and c.pos_ == "VERB")]
        objects = [c for c in chunks if any(_object_of(c, v) for v in verbs)]
        if objects:
            return objects[0]
    named = [c for c in chunks if c.root.pos_ == "PROPN" or any(t.ent_type_ for t in c)]
    central = [c for c in chunks if c.root.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "pobj"}]
    # "why are some councils wary of the levy?" is about the levy, not about some councils
    central = [c for c in central if not indefinite(c)] or central
    return (named or central or chunks)[0]


def _plural_chunk(chunk: Span) -> Span | None:
    """The previous question's plural phrase a plural pronoun points at: its focus when that
    is plural, else the first plural phrase ("them" after "what does the plan say about
    grants?" are the grants, not the plan)."""
    if plural_span(chunk):
        return chunk
    doc = chunk.doc  # the question the focus was read from, already parsed
    return next((c for c in _content_chunks(doc) + title_runs(doc) if plural_span(c)), None)


def focus(question: str) -> str | None:
    """The main noun phrase of a question: a named one first, else the root's subject/object."""
    chunk = _focus_chunk(question)
    return (_noun_phrase(chunk) or None) if chunk is not None else None


def _agrees(chunk: Span | None, pronoun: Token) -> bool:
    """Whether a personal pronoun can point at the focus: "they" at a plural noun phrase,
    "he"/"she" at a person's name."""
    if chunk is None:
        return False
    if pronoun.lower_ in PLURAL:
        return chunk.root.tag_ in {"NNS", "NNPS"}
    return chunk.root.ent_type_ == "PERSON"


def _answer_subject(answer: str) -> str | None:
    """Who a "who" question's answer names: its first subject phrase, else its first entity."""
    doc = get_nlp()(answer)
    for sentence in doc.sents:
        subject = next((t for t in sentence.root.children if t.dep_ in SUBJECTS), None)
        if subject is not None and subject.pos_ in {"PROPN", "NOUN"}:
            phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
            text = phrase.text
            return text[:1].lower() + text[1:] if phrase[0].pos_ == "DET" else text
        break
    name = next((e for e in doc.ents if e.label_ in ANSWER_ENTITIES), None)
    if name is None:
        return None
    # "the Minister's plan": the name, not its possessive ending
    return name[:-1].text if len(name) > 1 and name[-1].tag_ == "POS" else name.text


def _same_subject(pronoun: Token, previous: Doc) -> str | None:
    """The previous question's subject when the pronoun is the subject of the same verb and
    agrees in number: "What does the review say about X?" then "what did it say about Y?"
    asks what the review said, not what X said."""
    if pronoun.dep_ not in SUBJECTS or pronoun.tag_ == POSSESSIVE_TAG:
        return None
    root = next((t for t in previous if t.dep_ == "ROOT"), None)
    if root is None or pronoun.head.lemma_ != root.lemma_:
        return None
    subject = next((t for t in root.children if t.dep_ in SUBJECTS), None)
    if subject is None or subject.pos_ not in {"NOUN", "PROPN"}:
        return None
    if (pronoun.lower_ in PLURAL) != (subject.tag_ in {"NNS", "NNPS"}):
        return None
    if pronoun.lower_ not in PLURAL | {"it"}:
        return None
    phrase = previous[subject.left_edge.i : subject.right_edge.i + 1]
    return phrase.text


def _possessive(phrase: str) -> str:
    return f"{phrase}'" if phrase.endswith("s") else f"{phrase}'s"


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    text = text.replace(" ?", "?").replace(" ,", ",")
    return text[:1].upper() + text[1:] if text else text


def _drop_leading_conjunction(doc: Doc) -> list[Token]:
    tokens = list(doc)
    while tokens and (tokens[0].pos_ == "CCONJ" or tokens[0].lower_ == "also"):
        tokens = tokens[1:]
    return tokens


def _heads_fragment(token: Token) -> bool:
    """A preposition the fragment is about: "(And) in Norway?", "What about in Norway?"."""
    if token.pos_ != "ADP" or token.lower_ == "about":
        return False
    return token.dep_ == "ROOT" or (token.head.dep_ == "ROOT" and token.head.lower_ == "about")


def _fold_fragment(fragment: Doc, previous: str, topic: str) -> str:
    """A fragment ("What about in Norway?", "And boards?") read as the previous question."""
    if asks_for_more(fragment):
        return previous
    prev = get_nlp()(previous)
    preps = [t for t in fragment if _heads_fragment(t)]
    if preps:
        pp = fragment[preps[0].i : preps[0].right_edge.i + 1].text.rstrip(" ?.!")
        same = [t for t in prev if t.dep_ == "prep" and t.lower_ == preps[0].lower_]
        if same:
            span = prev[same[-1].i : same[-1].right_edge.i + 1]
            return f"{prev[: span.start].text} {pp} {prev[span.end :].text}"
        return f"{previous.rstrip(' ?.')} {pp}?"
    chunks = [c for c in fragment.noun_chunks if c.root.tag_ not in WH_TAGS]
    if chunks and topic:
        new = chunks[0]
        old = next((c for c in prev.noun_chunks if topic.startswith(c.text)), None)
        if old is not None and old.root.tag_ == new.root.tag_:
            old_end = old.start + len(get_nlp().make_doc(topic))
            return f"{prev[: old.start].text} {_noun_phrase(new)} {prev[old_end:].text}"
        return f"{_words(fragment).rstrip(' ?.')} of {topic}?"
    return f"{previous.rstrip(' ?.')} {_words(fragment)}"


def _words(doc: Doc) -> str:
    return " ".join(t.text for t in _drop_leading_conjunction(doc))


def standalone_query(message: str, history: list[Turn]) -> str:
    """The question to search for: the message with its references to the previous turn
    resolved, or the message itself when it stands alone or there is no previous turn."""
    previous = previous_question(history)
    if previous is None:
        return message
    nlp = get_nlp()
    doc = nlp(message)
    referring = referring_words(doc)
    if not referring and not continues(doc):
        return message
    # the topic: the focus of the last question that has one ("When would the X start?" may
    # parse with none; the question before it named X)
    chunk = next(filter(None, map(_focus_chunk, searched(history))), None)
    topic = (_noun_phrase(chunk) if chunk is not None else "") or ""
    if not referring:
        if topic and has_own_clause(doc) and demonstrative_phrases(doc):
            words = _drop_leading_conjunction(doc)
            return _sentence(resolve_demonstratives(words, nlp(topic)))
        return _sentence(_fold_fragment(doc, previous, topic))
    prev = nlp(previous)

    def _topic_for(pronoun: Token) -> str:
        """The topic; for a plural pronoun, the plural phrase of the question it came from
        ("it" stays the topic: it is used loosely, of plural things too)."""
        if chunk is None or not plural_pronoun(pronoun):
            return topic
        plural = _plural_chunk(chunk)
        return _noun_phrase(plural) if plural is not None else topic

    asked_who = any(t.lower_ == "who" for t in prev)
    person = _answer_subject(previous_answer(history)) if asked_who else None
    parts: list[str] = []
    referents: dict[int, str] = {}
    for token in _drop_leading_conjunction(doc):
        text = token.text
        if token in referring:
            answered = person and token.lower_ in PERSONAL and not _agrees(chunk, token)
            referent = person if answered else _same_subject(token, prev) or _topic_for(token)
            if names_a_matter(token) or (referent and same_as_subject(token, referents, referent)):
                referent = None  # "who should they talk that over with?": not the same thing
            if referent:
                referents[token.i] = referent
            if referent and points_at_place(token):
                text = f"in {referent}"
            elif referent:
                text = _possessive(referent) if token.tag_ == POSSESSIVE_TAG else referent
        parts.append(text + token.whitespace_)
    resolved = "".join(parts)
    if not topic and not person:
        return f"{previous} {message}"
    return _sentence(resolved)
