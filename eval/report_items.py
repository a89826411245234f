"""One evaluation item in the HTML report: its answer coloured by citation support, citations,
scores and, for a failing item, the gold evidence, key facts, ranking and answerability evidence."""

from __future__ import annotations

from html import escape
from typing import Any

from eval.answer_text import any_fact, numbers, sentences
from eval.dataset import Item
from eval.definitions import define
from eval.evidence import Span, gold_spans
from eval.records import ItemRecord, TurnRecord
from eval.scoring import cited_view


def abbr(metric: str) -> str:
    """A metric's name with its definition on hover, shared by the tables and the items."""
    return f'<abbr title="{escape(define(metric))}">{escape(metric)}</abbr>'


def sentence_class(markers: tuple[int, ...], text: str, cited: dict[int, Any]) -> str:
    """supported / partial (a number the citation lacks) / invalid (bad marker) / uncited."""
    if not markers:
        return "uncited"
    if any(n not in cited or cited[n].passage is None for n in markers):
        return "invalid"
    available = numbers(" ".join(f"{cited[n].quote} {cited[n].label}" for n in markers))
    return "supported" if numbers(text) <= available else "partial"


def render_answer(turn: TurnRecord, fallback: ItemRecord) -> str:
    """The answer sentence by sentence, coloured by citation support; hover for the quote."""
    cited = {c.n: c for c in cited_view(turn, fallback.retrieved)}
    titles = {c.n: f"{c.title} ({c.publisher})" for c in turn.citations}
    parts = []
    for sentence in sentences(turn.answer):
        css = sentence_class(sentence.markers, sentence.text, cited)
        hover = "\n\n".join(
            f"[{n}] {titles.get(n, 'no such citation')}: {cited[n].quote if n in cited else ''}"
            for n in sentence.markers
        )
        marks = "".join(f'<span class="marker">[{n}]</span>' for n in sentence.markers)
        parts.append(
            f'<span class="sent s-{css}" title="{escape(hover or "no citation")}">'
            f"{escape(sentence.text)}</span>{marks}"
        )
    flag = ' <b class="muted">(declined)</b>' if turn.refused else ""
    return "<br>".join(parts) + flag


def _citations(turn: TurnRecord) -> str:
    if not turn.citations:
        return ""
    rows = "".join(
        f"<li>[{c.n}] <b>{escape(c.publisher)}</b> · {escape(c.title)} · "
        f"{escape(c.section)} · <code>{escape(c.doc_id)}</code>: “{escape(c.quote)}”</li>"
        for c in turn.citations
    )
    return f"<ol class='def' style='list-style:none'>{rows}</ol>"


def _passages(record: ItemRecord, spans: list[Span]) -> str:
    if not record.retrieved:
        return "<p class='muted'>No ranking recorded.</p>"
    rows = []
    for rank, c in enumerate(record.retrieved, start=1):
        holds = any(s.overlaps(c.doc_id, c.start, c.end) for s in spans)
        mark = "<b class='found'>gold</b>" if holds else ""
        score = "N/A" if c.score is None else f"{c.score:.3f}"
        rows.append(
            f"<tr class='{'gold' if holds else ''}'><td class='num'>{rank}</td>"
            f"<td class='num'>{score}</td><td>{escape(c.doc_id)} {mark}</td>"
            f"<td class='passage'>{escape(c.text[:320])}{'…' if len(c.text) > 320 else ''}"
            "</td></tr>"
        )
    return (
        "<table><tr><th>rank</th><th>score</th><th>document</th><th>passage</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _facts(item: Item, answer: str) -> str:
    if not item.key_facts:
        return "<p class='muted'>No key facts (unanswerable or injection item).</p>"
    rows = []
    for aliases in item.key_facts:
        hit = any_fact(answer, list(aliases))
        css, word = ("found", "✓ found") if hit else ("missing", "✗ missed")
        rows.append(f"<li class='{css}'>{word}: {escape(' / '.join(aliases))}</li>")
    return f"<ul>{''.join(rows)}</ul>"


def _answerability(turn: TurnRecord) -> str:
    ev = turn.evidence
    if not ev:
        return "<p class='muted'>N/A: the response carried no evidence object.</p>"
    keys = ("decision", "answer_type", "best", "threshold")
    head = " · ".join(f"{k} <b>{escape(str(ev.get(k)))}</b>" for k in keys if k in ev)
    rows = "".join(
        f"<li><code>{escape(str(s.get('doc_id')))}</code> p={escape(str(s.get('probability')))}"
        f" <span class='muted'>{escape(str(s.get('features', '')))}</span></li>"
        for s in ev.get("sentences", [])[:5]
    )
    return f"<p>{head}</p><ul class='def'>{rows}</ul>"


def _scores(row: dict[str, Any]) -> str:
    scores = row["scores"]
    parts = []
    for name, value in scores.items():
        if value is None:
            continue
        if name == "truthfulness":
            word = {1.0: "correct", 0.0: "declined", -1.0: "wrong"}.get(value, "")
            parts.append(f"{abbr(name)} = {word} ({value:+.0f})")
        else:
            parts.append(f"{abbr(name)} = {value:.2f}")
    return f"<p class='def'>{' · '.join(parts)} <span class='muted'>(others N/A)</span></p>"


def item_block(
    item: Item,
    row: dict[str, Any],
    record: ItemRecord | None,
    texts: dict[str, str],
    rank: int | None,
    change: str,
    other: ItemRecord | None,
) -> str:
    reasons = row.get("reasons", [])
    failed = row["verdict"] != "pass"
    status = "fail" if failed else "pass"
    badge = {"newly failing": "worse", "fixed": "better"}.get(change, "")
    head = (
        f"<summary>{f'#{rank} ' if rank else ''}<b>{escape(item.id)}</b> · {escape(item.kind)} · "
        f"{escape(item.report_corpus)} · "
        f'<span class="{"bad" if failed else "ok"}">{escape(row["verdict"])}</span>'
        + (f' · <span class="{badge}">{escape(change)}</span>' if badge else "")
        + f" · {escape(item.question)}</summary>"
    )
    data = (
        f'data-kind="{escape(item.kind)}" data-corpus="{escape(item.report_corpus)}" '
        f'data-status="{status}" data-reasons="{escape("|".join(reasons))}" '
        f'data-change="{escape(change)}"'
    )
    body = []
    if record is None or row.get("error"):
        body.append(f'<p class="bad">{escape(str(row.get("error") or "no record"))}</p>')
    else:
        for number, turn in enumerate(record.turns, start=1):
            body.append(f'<div class="user">Turn {number}: {escape(turn.message)}</div>')
            if turn.search_query and turn.search_query != turn.message:
                body.append(f"<div class='muted'>searched for: {escape(turn.search_query)}</div>")
            body.append(f'<div class="answer">{render_answer(turn, record)}</div>')
            body.append(_citations(turn))
    body.append(_scores(row))
    if failed and record is not None and record.turns:
        evidence = [(e.doc_id, e.quote) for e in item.gold_evidence]
        spans, _ = gold_spans(evidence, texts)
        gold = (
            "".join(f"<li><code>{escape(d)}</code>: “{escape(q)}”</li>" for d, q in evidence)
            or "<li class='muted'>None: the documents do not answer this.</li>"
        )
        body.append(f"<h4>Gold evidence</h4><ul>{gold}</ul>")
        body.append(f"<p class='muted'>Reference answer: {escape(item.reference_answer)}</p>")
        body.append("<h4>Key facts</h4>" + _facts(item, record.final.answer))
        body.append("<h4>Passages retrieved (last turn)</h4>" + _passages(record, spans))
        body.append("<h4>Answerability evidence</h4>" + _answerability(record.final))
    if other is not None and other.turns:
        body.append(
            f"<details><summary>{escape(other.system)} answer</summary>"
            f'<div class="answer muted">{escape(other.final.answer[:1500])}</div></details>'
        )
    opened = " open" if rank == 1 else ""
    return f'<details class="item {status}" {data}{opened}>{head}{"".join(body)}</details>'
