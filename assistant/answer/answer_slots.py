"""Whether a sentence gives the kind of answer a typed question asks for: a date for "when" (a
time clause for a rule, never for a past event), a number for "how many", an amount for "how
much", a name for "who" that is not the question's own words or their initials.
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache

from assistant.answer.evidence_details import text_terms
from assistant.answer.question import Question
from nlp.facts import VALUE_LABELS, SentenceFacts
from nlp.lexical import words

NAMED_TYPES = frozenset({"person", "organisation"})
# The label that answers a typed question best among those that may ("who": a person, though a
# body may answer); a sentence holding only the others gets `OTHER_LABEL_SHARE` of the bonus and
# of the type match.
PREFERRED_LABELS = {"person": frozenset({"PERSON"})}
OTHER_LABEL_SHARE = 0.5


def holds_value(question: Question, text: str, info: SentenceFacts, asked: Set[str]) -> bool:
    """The sentence gives a value of the type asked for (a date for "when", a number for "how
    many"), besides those the question names; an untyped question needs none."""
    wants = question.wants
    # "long-term" read as a date is the question's own words, not a value it is given
    given = {
        label
        for value, label in info.values
        if value not in asked and not text_terms(value) <= question.focus_terms
    }
    given |= info.labels - VALUE_LABELS
    matched = not wants or bool(wants & given)
    matched |= question.exact and gives_value(question, text, info, asked)
    return matched or (when_clause(question) and temporal_clause(text))


# General English temporal subordinators and phrases: "before going into the trial", "until
# it is open", "at the end of each phase"; or ending a list's lead-in, whose items complete
# the time ("Held at the end of:" planning, building, testing).
TEMPORAL = re.compile(
    r"\b(?:before|after|until|till|once|whenever|when|while|during|prior to|as soon as"
    r"|by the time|at the (?:end|start|beginning) of)(?:\s+(?=[a-z])|\s*:\s*$)",
    re.I,
)


def when_clause(question: Question) -> bool:
    """A "when" question without a date noun ("when should X be done?") may be answered by a
    condition or a time clause, not only by a date."""
    return (
        question.answer_type == "date"
        and not question.exact
        and not question.series
        and not question.past
        and not question.duration  # "how long / how often": a span of time, not a time clause
    )


def temporal_clause(text: str) -> bool:
    """The sentence states a time by a clause or phrase ("before going into the trial")."""
    return bool(TEMPORAL.search(text))


def names_match(
    question: Question, info: SentenceFacts, features: dict[str, float], asked: Set[str]
) -> float:
    """A "who" answer is a person or body the question does not name itself, stated in the
    sentence that is about the question's focus: the sentence's own coverage, not its
    context (a name beside a heading that matches says nothing about the focus). A body
    answers "who" as well as a person does ("who assesses services?")."""
    return features["coverage"] if answer_names(question, info, asked) else 0.0


def answer_names(question: Question, info: SentenceFacts, asked: Set[str]) -> set[str]:
    """Names of the wanted kinds in the sentence that are not the question's own words, nor
    their initials ("Chief Safety Officer (CSO)" does not say who the officer is)."""
    said = text_terms(question.text)  # "the Agency's manager": the Agency is not who the manager is
    said |= question.subject_terms  # "who led the review?": "the X Review" is not who led it
    initials = question_initials(question.text)
    return {
        text
        for text, label in info.entities
        if label in question.wants
        and text not in asked
        and not (text_terms(text) and text_terms(text) <= said)
        and not abbreviates(text, initials)
    }


@lru_cache(maxsize=4096)
def question_initials(text: str) -> str:
    """First letters of the question's words, lower case ("chief safety officer": "cso")."""
    return "".join(w[0] for w in words(text) if w)


def abbreviates(name: str, initials: str) -> bool:
    """`name` is an acronym (capitals, 2+ letters, maybe a plural "s") of consecutive words."""
    letters = name.strip().rstrip("s")
    return (
        2 <= len(letters) <= 8
        and letters.isalpha()
        and letters.isupper()
        and (letters.casefold() in initials)
    )


AMOUNT = re.compile(r"[£$€]\s?\d|\d\s?(?:%|per ?cent\b|bn\b|billion\b|million\b|m\b|k\b)", re.I)
# A share said in words ("half of the budget", "two thirds of it", "a quarter more"), which the
# recogniser reads as a plain number: an amount all the same.
FRACTION = re.compile(
    r"\b(?:half|halved|(?:a|one|two|three|four)[ -](?:third|quarter|fifth|tenth)s?)\b", re.I
)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def states_value(
    text: str,
    info: SentenceFacts | None,
    answer_type: str,
    asked: Set[str] = frozenset(),
    counted: Set[str] = frozenset(),
) -> bool:
    """The sentence states the kind of value a "how many / how much / which year" question asks
    for, besides those the question gives: by its entities or, where the recogniser mislabels
    it ("£104bn" as a person), by its written form."""
    entities = info.entities if info else ()
    dates = {value for value, label in entities if label in ("DATE", "TIME")}
    # "three days a week" counts the days a "how many days" question asks for.
    durations = {value for value in dates if counted & text_terms(value)}
    dates -= durations
    for value in (*asked, *(dates if answer_type == "number" else ())):
        text = text.replace(value, " ")  # "in 2022" is not a count
    labels = {label for value, label in entities if value not in asked}
    if answer_type == "number":
        return (
            bool(labels & {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
            or bool(durations)
            or any(c.isdigit() for c in text)
        )
    if answer_type == "amount":
        return bool(
            labels & {"MONEY", "PERCENT", "QUANTITY"}
            or AMOUNT.search(text)
            or FRACTION.search(text)
        )
    if answer_type == "date":
        return bool(labels & {"DATE", "TIME"} or YEAR.search(text))
    return True


# A limit or extreme of a quantity that is not counted or priced: "the minimum personal data",
# "as little detail as", "no more paperwork than" answer "how much X" as a number would; a
# bound on a number ("at least three times", "no more than six") is a value, not a degree.
DEGREE = re.compile(
    r"\b(?:minimum|maximum|minimal|the least|as (?:little|much|few|many)|no more|no less)"
    r"\s+(?!than\b|as\b)((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)",
    re.I,
)


def gives_value(
    question: Question, text: str, info: SentenceFacts | None, asked: Set[str] = frozenset()
) -> bool:
    """The sentence states the value an exact question asks for (`states_value`) or, for "how
    much", the degree of the thing asked about (`states_degree`)."""
    return states_value(text, info, question.answer_type, asked, question.counted) or (
        question.answer_type == "amount" and states_degree(question, text)
    )


def states_degree(question: Question, text: str) -> bool:
    """The sentence gives the degree of a thing the question asks "how much" of, by a limit
    word before that thing ("collect the minimum contact details" for "how much contact
    detail should we collect?"); the thing is one of the question's own content words."""
    return any(text_terms(m.group(1)) & question.focus_terms for m in DEGREE.finditer(text))


# A phrase that names someone by role: a noun the relative "who" follows ("the staff who run
# it"), or one said to be responsible or in charge ("the office responsible for payroll").
ROLE = re.compile(
    r"\b([a-z][\w-]*)\s+(?:who(?:m|se)?\b|(?:responsible|accountable)\s+(?:for|to)\b"
    r"|in charge of\b)",
    re.I,
)
# ... or the one a verb of asking or telling addresses ("contact your finance office", "speak
# to the duty manager", "check with a steward"): whom to go to.
ADDRESSED = re.compile(
    r"\b(?:contact|consult|ask|notify|inform|tell|email|(?:speak|talk|write|go|turn|report)"
    r"\s+to|(?:check|discuss\s+(?:it|this|them))\s+with|get\s+in\s+touch\s+with)"
    r"\s+(?:the|your|our|their|its|a|an)\s+(?:[a-z][\w-]*\s+){0,2}?([a-z][\w-]*)\b"
    r"(?=\s*(?:[,.;:]|$|\s+(?:about|for|on|if|when|to|before|who|in|at)\b))",
    re.I,
)


def names_role(question: Question, text: str) -> bool:
    """A "who" question that is not about a past event and asks for no proper name ("who
    should I contact?", "who is meant to sign it off?") may be answered by a role the sentence
    describes, unless the role is the question's own words ("who is the officer responsible
    for X?" is not answered by "the officer responsible for X")."""
    if question.wants_name or question.past or question.answer_type not in NAMED_TYPES:
        return False
    said = text_terms(question.text)
    found = (*ROLE.finditer(text), *ADDRESSED.finditer(text))
    return any((role := text_terms(m.group(1))) and not role <= said for m in found)


def label_share(question: Question, labels: frozenset[str]) -> float:
    """1 when the sentence holds the label that best answers the question's type (a person for
    "who"), `OTHER_LABEL_SHARE` when it holds only another wanted label (a body), else 0."""
    if not question.wants & labels:
        return 0.0
    preferred = PREFERRED_LABELS.get(question.answer_type)
    return 1.0 if preferred is None or preferred & labels else OTHER_LABEL_SHARE
