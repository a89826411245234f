"""Perspectives: where the sources' own cited positions (chosen by `per_source`) differ, as the
evidence itself shows it (differing numbers or dates about the same thing, or the same
topic stated with opposite polarity). The assistant adds no view of its own.
"""

from __future__ import annotations

from assistant.answer.compose import labels_a_topic
from assistant.answer.lines import Line, jaccard
from assistant.answer.question import Question
from assistant.answer.render import month_year, source_label
from nlp.lexical import STOPWORDS, terms, words

VALUE_LABELS = ("PERCENT", "MONEY", "CARDINAL", "QUANTITY", "DATE")
COUNTS = frozenset({"CARDINAL", "QUANTITY"})
SAME_TOPIC = 0.2  # shared focus terms needed before two statements are compared
COUNTED_WITHIN = 2  # words after a value in which the thing it counts is named
SAME_CLAIM = 0.35  # overlap at which a negated and a plain statement are about the same claim
# English units of time: a DATE value naming one ("at least 4 weeks") is a duration, which is
# never set against a point in time ("1 June 2015") although both carry the label DATE
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "fortnight", "month"})
TIME_UNITS_LONG = frozenset({"quarter", "year", "decade"})


def duration(value: str) -> bool:
    """A span of time rather than a point in time: a unit of time and no year number."""
    ws = words(value)
    units = TIME_UNITS | TIME_UNITS_LONG
    has_unit = any(w in units or (w.endswith("s") and w[:-1] in units) for w in ws)
    return has_unit and not any(w.isdigit() and len(w) == 4 for w in ws)


def value_classes(asked: frozenset[str]) -> list[tuple[str, bool | None]]:
    """The kinds of value compared, in order: each label, DATE split into points and spans."""
    labels = [lab for lab in VALUE_LABELS if not asked or lab in asked]
    return [(lab, span) for lab in labels for span in ((False, True) if lab == "DATE" else (None,))]


def _of_class(value: str, span: bool | None) -> bool:
    return span is None or duration(value) == span


def differences(
    question: Question, lines: list[Line], numbers: dict[int, int], kind_labels: dict[str, str]
) -> list[str]:
    """Statements of difference the evidence supports; `numbers` maps id(line) to its [n]."""
    notes: list[str] = []
    by_doc: dict[str, list[Line]] = {}
    for ln in lines:
        by_doc.setdefault(ln.main.doc.doc_id, []).append(ln)
    docs = list(by_doc)
    focus = set(question.focus_terms)
    # "how many…": only the values of the kind asked for are compared
    asked = question.wants if question.answer_type != "comparison" else frozenset()
    counts = question.answer_type in ("number", "amount")
    topic = frozenset(question.focus_terms) if asked and counts else None  # "40 proposals"
    figures = _figures(by_doc, numbers, kind_labels, asked, topic) if asked else None
    if figures:
        return [figures]
    for i, a_id in enumerate(docs):
        for b_id in docs[i + 1 :]:
            for a in by_doc[a_id]:
                for b in by_doc[b_id]:
                    overlap = jaccard(a.terms, b.terms)
                    if overlap < SAME_TOPIC and not a.terms & b.terms & focus:
                        continue
                    note = _compare(a, b, numbers, kind_labels, overlap >= SAME_CLAIM, asked, topic)
                    if note:
                        notes.append(note)
                        break  # one statement for each pair of sources
                else:
                    continue
                break
    return notes


def _figures(
    by_doc: dict[str, list[Line]],
    numbers: dict[int, int],
    kind_labels: dict[str, str],
    asked: frozenset[str],
    topic: frozenset[str] | None,
) -> str | None:
    """Three or more sources giving differing values of one kind: one sentence listing each
    source's figure, rather than a statement for every pair of them."""
    for label, span in value_classes(asked):
        stated: list[tuple[str, list[str], int, Line]] = []
        for lines in by_doc.values():
            for ln in lines:
                found = sorted(
                    {t for t, lab in ln.main.info.values
                     if lab == label and _of_class(t, span) and _of(ln, t, topic)}
                    if ln.main.info else set()
                )  # fmt: skip
                if found:
                    stated.append((_who(ln, kind_labels), found, numbers[id(ln)], ln))
                    break
        if len(stated) > 2 and len({tuple(v) for _, v, _, _ in stated}) > 1:
            # one publisher's several documents: each told apart by its date
            whos = [who for who, _v, _n, _ln in stated]
            stated = [
                (_with_date(who, ln) if whos.count(who) > 1 else who, v, n, ln)
                for who, v, n, ln in stated
            ]
            parts = "; ".join(f"{who} {', '.join(v)} [{n}]" for who, v, n, _ln in stated)
            return f"{parts}."
    return None


def _of(line: Line, value: str, topic: frozenset[str] | None) -> bool:
    """The value counts what the question asks about: a topic word follows it closely ("some
    40 proposals", not "one open day"), and none comes right before it ("point 9"
    numbers a point, it counts nothing); any value when no topic is given."""
    if topic is None:
        return True
    text = line.main.text
    at = text.find(value)
    return (
        at >= 0
        and not labels_a_topic(text, value, topic)
        and not former(text, value)
        and bool(set(terms(text[at + len(value) :])[:COUNTED_WITHIN]) & topic)
    )


def former(text: str, value: str) -> bool:
    """The value is what a change left behind ("has changed from 12 rules to 8"): the
    thing counts it no longer, so it is no figure to set against another source's."""
    at = text.find(value)
    before, after = words(text[:at])[-1:], words(text[at + len(value) :])
    return before == ["from"] and "to" in after


def _counted(line: Line, values: list[str]) -> dict[str, set[str]]:
    """What each value counts: the last word of the run of up to `COUNTED_WITHIN` content
    words right after it ("ten regional goals" → goals, "five tests for…" →
    tests), as index terms."""
    text = line.main.text
    out: dict[str, set[str]] = {}
    for v in values:
        at = text.find(v)
        run: list[str] = []
        for w in words(text[at + len(v) :]) if at >= 0 else []:
            if w in STOPWORDS or len(run) == COUNTED_WITHIN:
                break
            run.append(w)
        out[v] = set(terms(run[-1])) if run else set()
    return out


def _with_date(who: str, line: Line) -> str:
    when = month_year(line.main.doc.date)
    return f"{who} ({when})" if when else who


def _who(line: Line, kind_labels: dict[str, str]) -> str:
    doc = line.main.doc
    return doc.publisher or source_label(doc, kind_labels)


def _compare(
    a: Line,
    b: Line,
    numbers: dict[int, int],
    kind_labels: dict[str, str],
    same_claim: bool,
    asked: frozenset[str] = frozenset(),
    topic: frozenset[str] | None = None,
) -> str | None:
    ia, ib = a.main.info, b.main.info
    if ia is None or ib is None:
        return None
    na, nb = numbers[id(a)], numbers[id(b)]
    wa, wb = _who(a, kind_labels), _who(b, kind_labels)
    if wa == wb:  # one publisher's two documents: told apart by their dates
        wa, wb = _with_date(wa, a), _with_date(wb, b)
    for label, span in value_classes(asked):
        va = sorted(
            {t for t, lab in ia.values if lab == label and _of_class(t, span) and _of(a, t, topic)}
        )
        vb = sorted(
            {t for t, lab in ib.values if lab == label and _of_class(t, span) and _of(b, t, topic)}
        )
        if label in COUNTS:  # "ten priorities" and "five conditions" count different things
            ca, cb = _counted(a, va), _counted(b, vb)
            va = [v for v in va if ca[v] & set().union(*cb.values())]
            vb = [v for v in vb if cb[v] & set().union(*ca.values())]
        if va and vb and not set(va) & set(vb):
            return f"{wa} gives {', '.join(va)} [{na}] where {wb} gives {', '.join(vb)} [{nb}]."
    if same_claim and ia.negated != ib.negated:
        neg, neg_n = (wa, na) if ia.negated else (wb, nb)
        other, other_n = (wb, nb) if ia.negated else (wa, na)
        return f"{other} states this [{other_n}]; {neg} states it with a negation [{neg_n}]."
    return None
