"""One self-contained HTML report, read at a glance: a headline (split, items, pass/fail, gate),
each metric against its target with its 95% interval, coloured, beside the baseline and the
previous run; risk–coverage per corpus; then the items, failures first (worst first), filterable
by kind, corpus, reason and change. Each failure shows its question (all turns), the answer
with its citations, the gold evidence, the passages retrieved (rank, score, whether they hold
gold evidence), the key facts found and missed, and the answerability evidence."""

from __future__ import annotations

from html import escape
from typing import Any

from eval.answer_text import any_fact, numbers, sentences
from eval.dataset import Item
from eval.definitions import THRESHOLDS, define, judge, severity
from eval.evidence import Span, gold_spans
from eval.records import ItemRecord, TurnRecord
from eval.report_charts import bar_chart, latency_chart
from eval.risk_coverage import risk_coverage_svg
from eval.scoring import GROUPS, LOWER_IS_BETTER, cited_view

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1500px;color:#1d2733}
#metrics{font-size:.85em}
h1{margin:.2rem 0}h2{margin-top:1.6rem}table{border-collapse:collapse;margin:.4rem 0}
td,th{border:1px solid #ccd3db;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#eef2f6}.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.headline{font-size:1.35rem;font-weight:700;padding:.5rem .8rem;border-radius:6px}
.h-ok{background:#dff3e4;color:#0a4f22}.h-bad{background:#ffe1de;color:#7c0f13}
.met{background:#dff3e4}.unsure{background:#fff1c2}.missed{background:#ffd9d6}.na{color:#5b6773}
.ok{color:#0a6b2d}.bad{color:#a3161b;font-weight:600}.muted{color:#5b6773}.def{font-size:.8em}
.better{color:#0a6b2d}.worse{color:#a3161b;font-weight:600}
.s-supported{background:#dff3e4}.s-partial{background:#fff1c2}
.s-invalid{background:#ffd9d6}.s-uncited{background:#f1d9ff}
.sent{border-radius:3px;padding:0 2px}.marker{font-size:.75em;color:#345;vertical-align:super}
details.item{border:1px solid #dde3ea;border-radius:4px;margin:.3rem 0;padding:.25rem .6rem}
details.fail{border-left:5px solid #a3161b}details.pass{border-left:5px solid #0a6b2d}
summary{cursor:pointer}.user{font-weight:600;margin-top:.4rem}.answer{white-space:pre-wrap}
.found{color:#0a6b2d}.missing{color:#a3161b;font-weight:600}.gold{background:#e6f0ff}
.filters{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid #ccd3db}
.filters label{margin-right:.8rem}.charts svg{margin:.3rem}.passage{font-size:.85em}
"""

SCRIPT = """
const sel=[...document.querySelectorAll('.filters select')];
function apply(){const v=Object.fromEntries(sel.map(s=>[s.name,s.value]));let n=0;
for(const e of document.querySelectorAll('details.item')){const d=e.dataset;
const ok=(!v.kind||d.kind===v.kind)&&(!v.corpus||d.corpus===v.corpus)&&
(!v.reason||d.reasons.split('|').includes(v.reason))&&(!v.status||d.status===v.status)&&
(!v.change||d.change===v.change);e.hidden=!ok;n+=ok;}
document.getElementById('shown').textContent=n;}
sel.forEach(s=>s.addEventListener('change',apply));apply();
"""


def _fmt(value: float | None, digits: int = 3) -> str:
    return "N/A" if value is None else f"{value:.{digits}f}"


def _abbr(metric: str) -> str:
    return f'<abbr title="{escape(define(metric))}">{escape(metric)}</abbr>'


def _cell(metric: str, cell: dict[str, Any] | None, colour: bool = True) -> str:
    if not cell or cell.get("mean") is None:
        return '<td class="num na" title="does not apply to any item here">N/A</td>'
    css = judge(metric, cell) if colour else ""
    return (
        f'<td class="num {css}">{_fmt(cell["mean"])} <span class="muted">'
        f"[{_fmt(cell['low'])}, {_fmt(cell['high'])}] n={cell['n']}</span></td>"
    )


def _delta(metric: str, ours: dict[str, Any] | None, theirs: dict[str, Any] | None) -> str:
    if not ours or not theirs or ours.get("mean") is None or theirs.get("mean") is None:
        return '<td class="num na">N/A</td>'
    diff = ours["mean"] - theirs["mean"]
    good = -diff if metric in LOWER_IS_BETTER else diff
    word = "better" if good > 1e-9 else ("worse" if good < -1e-9 else "same")
    return f'<td class="num {word}">{diff:+.3f} {word}</td>'


def headline(report: dict[str, Any]) -> str:
    """The one line an evaluator reads first."""
    rows = report["items"]
    failed = sum(1 for r in rows if r["verdict"] != "pass")
    gate = report.get("gate")
    gate_text = "gate not run" if not gate else ("gate passed" if gate["passed"] else "gate FAILED")
    split = report["run"].get("split", "all")
    ok = failed == 0 and (gate is None or gate["passed"])
    text = (
        f"{split} split: {len(rows)} items, {len(rows) - failed} pass, {failed} fail; {gate_text}"
    )
    return f'<p id="headline" class="headline {"h-ok" if ok else "h-bad"}">{escape(text)}</p>'


def sizes_line(report: dict[str, Any]) -> str:
    parts = []
    for split, corpora in sorted(report["summary"].get("sizes", {}).items()):
        for corpus, kinds in sorted(corpora.items()):
            total = sum(kinds.values())
            detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
            parts.append(f"<li>{escape(split)} · {escape(corpus)}: {total} ({escape(detail)})</li>")
    return f"<ul class='muted'>{''.join(parts)}</ul>"


def metric_table(
    report: dict[str, Any], baseline: dict[str, Any] | None, previous: dict[str, Any] | None
) -> str:
    """Every metric: target, this run (coloured against the target), per corpus, baseline and
    previous run with the change."""
    ours = report["summary"]["metrics"]
    corpora = sorted(report["summary"].get("per_corpus", {}))
    head = "<th>metric (hover or read the definition)</th><th>target</th><th>this run</th>"
    head += "".join(f"<th>{escape(c)}</th>" for c in corpora)
    if baseline:
        head += f"<th>baseline ({escape(baseline['run']['system'])})</th><th>vs baseline</th>"
    if previous:
        head += f"<th>previous run ({escape(previous['created'])})</th><th>vs previous</th>"
    rows = []
    order = list(THRESHOLDS) + [m for g in GROUPS.values() for m in g if m not in THRESHOLDS]
    for name in order:
        target = THRESHOLDS.get(name)
        want = f"{'≥' if target[0] == '>=' else '≤'} {target[1]:g}" if target else "–"
        arrow = "lower is better" if name in LOWER_IS_BETTER else "higher is better"
        cells = _cell(name, ours.get(name))
        cells += "".join(_cell(name, report["summary"]["per_corpus"][c].get(name)) for c in corpora)
        for other in (baseline, previous):
            if other:
                theirs = other["summary"]["metrics"].get(name)
                cells += _cell(name, theirs, colour=False) + _delta(name, ours.get(name), theirs)
        rows.append(
            f'<tr data-metric="{escape(name)}"><td>{_abbr(name)} <span class="muted">({arrow})'
            f'</span><div class="def muted">{escape(define(name))}</div></td>'
            f'<td class="num">{escape(want)}</td>{cells}</tr>'
        )
    legend = (
        "<p class='muted'>Colours: <span class='met'>meets target</span> "
        "<span class='unsure'>95% interval straddles target</span> "
        "<span class='missed'>misses target</span>; N/A = no item to which the metric applies. "
        "Intervals: percentile bootstrap 95% of the item mean.</p>"
    )
    return f"{legend}<table id='metrics'><tr>{head}</tr>{''.join(rows)}</table>"


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
            parts.append(f"{_abbr(name)} = {word} ({value:+.0f})")
        else:
            parts.append(f"{_abbr(name)} = {value:.2f}")
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


def _changes(report: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, str]:
    if not previous:
        return {}
    before = {r["item_id"]: r["verdict"] == "pass" for r in previous["items"]}
    out = {}
    for row in report["items"]:
        was = before.get(row["item_id"])
        now = row["verdict"] == "pass"
        if was is None:
            out[row["item_id"]] = "new item"
        elif was and not now:
            out[row["item_id"]] = "newly failing"
        elif now and not was:
            out[row["item_id"]] = "fixed"
    return out


def _select(name: str, label: str, values: list[str]) -> str:
    options = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
    return (
        f'<label>{label} <select name="{name}"><option value="">all</option>{options}'
        "</select></label>"
    )


def render_html(
    report: dict[str, Any],
    records: dict[str, ItemRecord],
    items: dict[str, Item],
    compare: dict[str, Any] | None = None,
    compare_records: dict[str, ItemRecord] | None = None,
    previous: dict[str, Any] | None = None,
    texts: dict[str, dict[str, str]] | None = None,
) -> str:
    run = report["run"]
    title = f"Evaluation: {run['system']} on {run['suite']}"
    rows = [r for r in report["items"] if r["item_id"] in items]
    failures = sorted(
        (r for r in rows if r["verdict"] != "pass"),
        key=lambda r: severity(r.get("reasons", []), r["scores"]),
    )
    passes = [r for r in rows if r["verdict"] == "pass"]
    changes = _changes(report, previous)
    blocks = []
    for position, row in enumerate(failures + passes, start=1):
        item = items[row["item_id"]]
        record = records.get(row["item_id"])
        corpus_texts = (texts or {}).get(record.corpus if record else item.corpus, {})
        blocks.append(
            item_block(
                item,
                row,
                record,
                corpus_texts,
                position if row["verdict"] != "pass" else None,
                changes.get(row["item_id"], ""),
                (compare_records or {}).get(row["item_id"]),
            )
        )
    reasons = sorted({r for row in rows for r in row.get("reasons", [])})
    filters = (
        '<div class="filters">'
        + _select("status", "status", ["fail", "pass"])
        + _select("kind", "kind", sorted({items[r["item_id"]].kind for r in rows}))
        + _select("corpus", "corpus", sorted({items[r["item_id"]].report_corpus for r in rows}))
        + _select("reason", "failure reason", reasons)
        + _select("change", "vs previous run", ["newly failing", "fixed", "new item"])
        + ' <span class="muted"><span id="shown"></span> shown</span></div>'
    )
    gate = report.get("gate")
    gate_html = ""
    if gate:
        gate_rows = "".join(
            f"<tr><td class='{'ok' if c['passed'] else 'bad'}'>{'pass' if c['passed'] else 'FAIL'}"
            f"</td><td>{escape(c['name'])}</td><td>{escape(c['detail'])}</td></tr>"
            for c in gate["checks"]
        )
        gate_html = (
            f"<details{' open' if not gate['passed'] else ''}><summary>Gate checks against "
            f"{escape(str(gate.get('baseline')))}</summary><table>{gate_rows}</table></details>"
        )
    rc = report.get("risk_coverage", {})
    rc_html = "".join(risk_coverage_svg(c, d) for c, d in sorted(rc.items()))
    rc_notes = "".join(
        f"<li>{escape(c)}: AURC {d['aurc']} (lower is better) over {d['items']} items; score "
        f"{escape(d['score'])}; shipped threshold {escape(str(d['threshold']))}: coverage "
        f"{d['operating_point']['coverage']}, accuracy of the answered "
        f"{d['operating_point']['accuracy']}</li>"
        for c, d in sorted(rc.items())
    )
    charts = bar_chart(report, compare, "truthfulness") + latency_chart(report, compare)
    tiers = ", ".join(f"{escape(k)}: {escape(str(v))}" for k, v in report["tiers"].items())
    meta = (
        f"<p class='muted'>Run {escape(run['started'])} · commit "
        f"{escape(str(run.get('git_commit')))} · corpus selection "
        f"{escape(str(run.get('corpus_selection', 'main')))} · prompts "
        f"{escape(run['prompts']['hash'][:12])} · errors {report['summary']['errors']} · "
        f"tiers: {tiers}</p>"
    )
    how = (
        "<p class='muted'>Failures come first, the most serious first (injection, answering an "
        "unanswerable question, a false fact, missed key facts, a broken citation, a wrong "
        "decline); #1 is open. Each shows the turns, the answer with its citations, the gold "
        "evidence, the key facts found and missed, the passages retrieved (gold ones "
        "highlighted) and why the engine answered or declined.</p>"
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title><style>{CSS}</style></head><body><h1>{escape(title)}</h1>{headline(report)}"
        f"{meta}{sizes_line(report)}{gate_html}<h2>Metrics against targets</h2>"
        f"{metric_table(report, compare, previous)}"
        f"<h2>Risk–coverage per corpus</h2><div class='charts'>{rc_html}</div><ul>{rc_notes}</ul>"
        f"<h2>Items</h2>{how}{filters}<div id='items'>{''.join(blocks)}</div>"
        f"<h2>Charts</h2><div class='charts'>{charts}</div>"
        f"<script>{SCRIPT}</script></body></html>"
    )
