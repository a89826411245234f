"""Relation words of questions that are not "when / who": words saying how the asked thing
relates to its topic rather than what the topic is, so an answer need not repeat them. They
weigh half in coverage, as the relation words of "when did X come into force" do.
"""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING

from assistant.answer.question_types import WH_TAGS, _root
from nlp.lexical import terms

if TYPE_CHECKING:
    from spacy.tokens import Doc

COMPLEMENT_DEPS = frozenset({"acomp", "oprd"})
CLAUSE_DEPS = frozenset({"advcl", "xcomp", "ccomp", "csubj"})
CONTENT_DEPS = frozenset({"acl", "relcl", "ccomp"})  # "proof [that X was done]"
OBJECT_DEPS = frozenset({"dobj", "attr", "acomp", "oprd", "ccomp", "xcomp", "dative"})


def judged(doc: Doc) -> frozenset[str]:
    """ "Why are X important?": the adjective the question asks the reasons for; the reasons
    say why in their own words ("X are central to delivering Y"). Not when the adjective
    qualifies a clause ("why is it hard to get X represented"): then it is what is asked."""
    root = _root(doc)
    clausal = any(c.dep_ in CLAUSE_DEPS for t in (root, *root.children) for c in t.children)
    if clausal or any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in root.children):
        return frozenset()
    return frozenset(
        s
        for t in root.children
        if t.dep_ in COMPLEMENT_DEPS and t.pos_ == "ADJ"
        for s in terms(t.lemma_.casefold())
    )


def happening(doc: Doc) -> frozenset[str]:
    """ "What happens at X?": the wh-word is the subject of a verb with no object, so the verb
    only asks what goes on in X; the answer tells the events ("an assessor will lead it")."""
    root = _root(doc)
    modal = any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children)
    if root.pos_ != "VERB" or modal:  # "what should happen to X": a recommendation, left as is
        return frozenset()
    asks = any(c.tag_ in WH_TAGS and c.dep_ == "nsubj" for c in root.children)
    if not asks or any(c.dep_ in OBJECT_DEPS for c in root.children):
        return frozenset()
    return frozenset(terms(root.lemma_.casefold()))


def source_stance(doc: Doc, source: Set[str]) -> bool:
    """ "Why does the Council think X can harm Y?", "when does the Board want proof that X was
    done?": the root verb is a named source's stance towards a clause, which holds what is
    asked; the source's documents state that clause without the stance verb ("X harms Y")."""
    root = _root(doc)
    if root.pos_ != "VERB" or not source:
        return False
    subjects = [c for c in root.children if c.dep_ == "nsubj"]
    if not any(t.lower_ in source for s in subjects for t in s.subtree):
        return False
    return any(
        c.dep_ == "ccomp" or (c.dep_ == "dobj" and any(g.dep_ in CONTENT_DEPS for g in c.children))
        for c in root.children
    )
