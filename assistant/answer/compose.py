"""Composition by answer type: the sentence that carries the answer first, then only sentences
that add something (`render.py` groups them under a label saying what kind of source each
group comes from).

A list question gets the list (lead-in and items); a sentence that leans on the one before
brings it along or is left out; near-duplicates from two documents become one line with both
citations; the answer stops as soon as nothing more adds to it.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from assistant.answer.answer_slots import gives_value
from assistant.answer.evidence import (
    Evidence,
    quotable,
    text_terms,
)
from assistant.answer.lines import Line, jaccard, redundant, sentence_evidence
from assistant.answer.lists import (
    announced_list,
    announces_reasons,
    bare_announcement,
    gives_examples,
    leads_a_list,
    list_lines,
    lone_lead_in,
    names_the_list,
    siblings,
    under_its_lead,
    with_list,
)
from assistant.answer.navigation import navigational
from assistant.answer.off_subject import set_aside
from assistant.answer.question import Question
from assistant.answer.question_forms import listed_noun
from assistant.answer.reasons import reason_led, section_answer
from assistant.answer.surroundings import (
    opens_alone,
    paragraph_rest,
    rest_asked,
    trimmed,
    with_context,
)
from assistant.answer.topic_fit import (
    as_close,
    definition,
    judged_elsewhere,
    labels_a_topic,
    off_topic,
    other_answer,
    stray_item,
    strays,
    topic_led,
    whole_list,
    widens,
)

DUPLICATE = 0.7  # term overlap above which two sentences of different documents say the same
RELATIVE = 0.45  # followers need this share of the lead's probability
RELATIVE_TYPED = 0.7  # ... for a date, number, name or place: only close evidence
NEAR_EQUAL = 0.9  # probabilities this close are ranked by coverage instead
WHOLE = 0.99  # coverage of a sentence holding every word of the question ("Everyone is
# responsible for meeting the standard" answers "who is responsible for meeting the standard")
LIST_LOOKAHEAD = 8  # how far down the ranking a list question looks for a list's lead-in
LIST_BAR = 0.8  # share of the operating threshold a list's lead-in needs
EXACT_TOPIC = 0.3  # share of the question's topic around a value that answers "how many / much"
MORE = 2  # extra lines an untyped answer (summary, open, reason...) may take when strong
OTHER_SOURCES = 2  # ... and lines beyond those from documents the answer has not quoted yet
LIST_TOPIC = 0.5  # share of a list's topic a later line needs when that list answered first


def given_values(ev: Evidence, question: Question) -> set[str]:
    """The values of the kinds a typed question asks for that the sentence states; for "how
    many", not a number that labels the thing asked about."""
    info = ev.info
    if info is None:
        return set()
    topic = question.focus_terms if question.answer_type == "number" else frozenset()
    return {
        " ".join(t.casefold().split())
        for t, lab in info.values
        if lab in question.wants and not labels_a_topic(ev.text, t, topic)
    }


def choose(
    question: Question,
    evidence: list[Evidence],
    threshold: float,
    limit: int,
    aside: AbstractSet[tuple[str, int]] = frozenset(),
) -> list[Line]:
    """The lines of the answer, lead first; only evidence above the operating threshold; a
    follower off its document's subject (`aside`) only if it answers the question itself."""
    eligible = [e for e in evidence if e.probability >= threshold]
    if not eligible:
        return []
    if question.wants:
        typed = [e for e in eligible if e.features.get("type_match", 0.0) > 0]
        if typed:  # near-equal typed evidence: the one that covers most of the question leads
            top = typed[0].probability * NEAR_EQUAL
            # as does one holding every word of the question besides the value, if close
            close = typed[0].probability * RELATIVE_TYPED
            typed.sort(
                key=lambda e: (
                    e.probability < top
                    and (e.features.get("coverage", 0.0) < WHOLE or e.probability < close),
                    -e.features.get("coverage", 0.0),
                )
            )
            best = eligible[0]  # an untyped sentence saying all the question says, and better
            restates = best not in typed and best.features.get("coverage", 0.0) >= WHOLE
            lead = [best] if restates and best.probability > typed[0].probability else []
            eligible = lead + typed + [e for e in eligible if e not in typed and e not in lead]
    if not question.wants and question.answer_type not in ("list", "summary"):
        eligible = topic_led(eligible)  # a list question's list leads, as below
    if question.answer_type == "reason":  # "why is X important": said of X, not of another
        eligible = [e for e in eligible if not judged_elsewhere(e, question)] or eligible
        eligible = reason_led(eligible)  # a sentence stating a reason, if as close
    said = definition(question, eligible)  # "X is a …" answers "what is X" first, and alone
    eligible = said + [e for e in eligible if e not in said]
    if (
        question.exact
        and not question.series
        and not any(
            gives_value(question, e.text, e.info) and e.features.get("context", 1.0) >= EXACT_TOPIC
            for e in eligible
        )
    ):
        return []  # "how many…?" answered without a number about the thing asked is no answer
    lines: list[Line] = []
    taken: set[tuple[str, int]] = set()
    typed_answer = bool(question.wants) and not question.series
    floor = max(threshold, eligible[0].probability * (RELATIVE_TYPED if typed_answer else RELATIVE))
    wants_list = question.answer_type in ("list", "summary")
    inline: Evidence | None = None  # a sentence listing what a list question asks, after ":"
    if wants_list:  # the list is the answer: its lead-in may score a little below the bar
        near = [e for e in evidence[:LIST_LOOKAHEAD] if e.probability >= threshold * LIST_BAR]
        leads = [e for e in near if leads_a_list(e)]
        asked = listed_noun(question.head, question.text)
        named = [e for e in near if names_the_list(e, asked)]
        first = named[:1] or leads[:1]  # a list introduced as what is asked comes first
        eligible = first + [e for e in eligible if e not in first]
        inline = first[0] if named and not leads_a_list(first[0]) else None  # it lists them
    near_items = siblings(eligible, evidence, threshold * LIST_BAR)
    eligible = [x for e in eligible for x in (e, *near_items.get(id(e), []))]
    kin = {id(x) for group in near_items.values() for x in group}
    room = limit if typed_answer else limit + MORE
    shown_values: set[str] = set()  # a typed answer's follower must add a value not yet given
    others = 0  # lines from sources not yet heard, taken once the room is full
    whole: Evidence | None = None  # the list that answers a list question first
    untyped_open = not typed_answer and not wants_list
    for ev in eligible:
        if ev.probability < floor and lines and id(ev) not in kin or said and lines:
            break  # weak, or after a definition (with its paragraph, list and examples)
        extending = len(lines) >= room and not wants_list
        if extending and (typed_answer or others >= OTHER_SOURCES):
            break
        if extending and not widens(ev, lines, eligible, taken, NEAR_EQUAL):
            continue  # a full answer only widens: another source's view, not more of one
        if (ev.doc.doc_id, ev.number) in taken or navigational(ev.doc, ev.number):
            continue
        if lines and id(ev) not in kin and off_topic(ev, question):
            continue  # near in meaning, but not one of the question's words in or around it
        if lines and id(ev) not in kin and set_aside(ev, aside, question):
            continue  # there for its document's sake, yet off that document's subject
        fits = bool(lines) and untyped_open and whole_list(ev, lines[0].main, evidence, taken)
        if lines and untyped_open and id(ev) not in kin and not fits and strays(ev, lines[0].main):
            continue  # what X says about Y: a follower says as much about Y as the lead
        opens = leads_a_list(ev)
        if lines and wants_list and not opens and id(ev) not in kin and stray_item(ev, question):
            continue  # its list is about something else: the item only shares a word
        if whole is not None and not (as_close(ev, whole, LIST_TOPIC) and other_answer(ev, opens)):
            continue  # a list question answered by a whole list: only as close an answer more
        if ev is inline:  # quoted as the sentence it is, not as part of a list it sits in
            whole = ev if not lines and question.answer_type == "list" else whole
        elif wants_list or opens or fits or ev.features.get("list_item", 0.0) > 0 and not lines:
            block = list_lines(ev)
            # "why…?": a list announced as the reasons ("…is beneficial because:") is the answer
            opens = opens or question.answer_type == "reason" and announces_reasons(ev)
            if block and (wants_list or opens or fits):  # a list's lead-in always brings its items
                for ln in block:
                    ln.terms = set(text_terms(ln.main.text))
                if not lines and question.answer_type == "list":
                    whole = ev
                lines = with_list(lines, block, taken)
                if len(lines) >= room:
                    break
                continue
        bare = bare_announcement(ev)
        if bare is not None:  # a lead-in and the bare line it announces, as a list of one
            shown = [Line([ev]), Line([sentence_evidence(ev.doc, bare, ev)], item=True)]
            for ln in shown:
                ln.terms = set(text_terms(ln.main.text))
            lines = with_list(lines, shown, taken)
            continue
        if lone_lead_in(ev):
            continue
        group = with_context(ev, taken)
        if group is None and question.wants and (not lines or question.series) and opens_alone(ev):
            # "This form was last updated in May." leads, or is one of the dates a series asks
            # for: the value, said of "form"
            group = [ev]
        if group is None:
            continue
        own = set(text_terms(ev.text))
        twin = next(
            (ln for ln in lines if ln.main.doc.doc_id != ev.doc.doc_id
             and jaccard(own, ln.terms) >= DUPLICATE),
            None,
        )  # fmt: skip
        if twin is not None:
            twin.sources.append(ev)
            taken.add((ev.doc.doc_id, ev.number))
            continue
        if any(redundant(own, ln.terms) for ln in lines):
            continue
        if typed_answer and lines and ev.features.get("type_match", 0.0) <= 0:
            continue  # a follower of a typed answer must hold a value of that type too
        values = given_values(ev, question) if typed_answer else set()
        counts = question.answer_type == "number"  # a count's follower gives another count
        if lines and typed_answer and (values or counts) and values <= shown_values:
            continue  # the same value again (or no count at all): nothing new
        shown_values |= values
        untyped = not typed_answer or ev.features.get("type_match", 0.0) <= 0
        announced: list[Line] = []
        if not lines and untyped and not ev.features.get("list_item", 0.0):
            # the lead's whole argument, not its first line; a typed answer's lead without a
            # value of the asked type ("you will bring team members") may be followed by it
            # ("Often they will be a designer, …")
            why = section_answer(ev, taken, room) if question.answer_type == "reason" else []
            if len(why) > 1:  # the section that asks why is the answer
                group = [e for e in group if e.number < why[0].number] + why
            else:
                group += paragraph_rest(ev, taken, rest_asked(question, ev))
            announced = announced_list(group[-1], taken)
        led = len(group) == 2 and group[0].text.rstrip().endswith(":")
        group = [trimmed(part, question) for part in group]
        at = under_its_lead(group[0], lines) if len(group) == 1 else None
        for n, part in enumerate(group):
            taken.add((part.doc.doc_id, part.number))
            item = (led and n == 1) or at is not None  # an item shown under its lead-in
            line = Line([part], item=item, terms=set(text_terms(part.text)))
            lines.insert(len(lines) if at is None else at, line)
        if announced:
            lines = with_list(lines, announced, taken)
        others += extending
    return with_examples(lines, taken)


def with_examples(lines: list[Line], taken: set[tuple[str, int]]) -> list[Line]:
    """A line (or a list's last item) whose very next sentence gives examples of it brings
    that sentence along, right after it ("Examples include: …" after a definition's list)."""
    out: list[Line] = []
    for line in lines:
        out.append(line)
        ev = line.main
        after = ev.number + 1
        if after >= len(ev.doc.sentences) or (ev.doc.doc_id, after) in taken:
            continue  # the very next sentence: in the paragraph, or just after the list
        if not quotable(ev.doc, after):
            continue
        if gives_examples(ev.doc.sentence_text(after)):
            taken.add((ev.doc.doc_id, after))
            example = sentence_evidence(ev.doc, after, ev)
            out.append(Line([example], terms=set(text_terms(example.text))))
    return out
