"""One self-contained HTML report (no scripts, no external files): summary with 95% intervals,
inline SVG charts, the baseline side by side, and every answer coloured by citation support."""

from __future__ import annotations

from html import escape
from typing import Any

from eval.answer_text import numbers, sentences
from eval.dataset import Item
from eval.records import ItemRecord, TurnRecord
from eval.report_charts import bar_chart, latency_chart
from eval.scoring import GROUPS, LOWER_IS_BETTER, cited_view

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2733}
h1,h2{margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}
td,th{border:1px solid #ccd3db;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{color:#0a6b2d}.bad{color:#a3161b;font-weight:600}
.s-supported{background:#dff3e4}.s-partial{background:#fff1c2}
.s-invalid{background:#ffd9d6}.s-uncited{background:#f1d9ff}
.sent{border-radius:3px;padding:0 2px}.marker{font-size:.75em;color:#345;vertical-align:super}
details{border:1px solid #dde3ea;border-radius:4px;margin:.35rem 0;padding:.3rem .6rem}
summary{cursor:pointer}.user{font-weight:600;margin-top:.5rem}.muted{color:#5b6773}
.baseline{white-space:pre-wrap;font-size:.9em;background:#f6f7f9;padding:.4rem}
.legend span{margin-right:.8rem;padding:0 .3rem}
"""


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _estimate(cell: dict[str, Any] | None) -> str:
    if not cell or cell.get("mean") is None:
        return '<td class="num muted">n/a</td>'
    return (
        f'<td class="num">{_fmt(cell["mean"])} '
        f'<span class="muted">[{_fmt(cell["low"])}, {_fmt(cell["high"])}] n={cell["n"]}</span></td>'
    )


def summary_table(report: dict[str, Any], compare: dict[str, Any] | None) -> str:
    ours = report["summary"]["metrics"]
    theirs = compare["summary"]["metrics"] if compare else {}
    other = escape(compare["run"]["system"]) if compare else ""
    head = f"<th>{escape(report['run']['system'])} mean [95% CI]</th>"
    head += f"<th>{other} mean [95% CI]</th>" if compare else ""
    rows = []
    for group, names in GROUPS.items():
        for name in names:
            arrow = "↓ better" if name in LOWER_IS_BETTER else "↑ better"
            cells = _estimate(ours.get(name)) + (_estimate(theirs.get(name)) if compare else "")
            rows.append(
                f"<tr><td>{escape(group)}</td><td>{escape(name)} "
                f'<span class="muted">{arrow}</span></td>{cells}</tr>'
            )
    lat = report["summary"]["latency_ms"]
    extra = ""
    if compare:
        other_lat = compare["summary"]["latency_ms"]
        extra = f"<td class='num'>{_fmt(other_lat['p50'], 1)} / {_fmt(other_lat['p95'], 1)}</td>"
    rows.append(
        f"<tr><td>latency</td><td>p50 / p95 ms per turn</td><td class='num'>{_fmt(lat['p50'], 1)}"
        f" / {_fmt(lat['p95'], 1)}</td>{extra}</tr>"
    )
    return f"<table><tr><th>group</th><th>metric</th>{head}</tr>{''.join(rows)}</table>"


def sentence_class(markers: tuple[int, ...], text: str, cited: dict[int, Any]) -> str:
    """supported / partial (a number the citation lacks) / invalid (bad marker) / uncited."""
    if not markers:
        return "uncited"
    if any(n not in cited or cited[n].passage is None for n in markers):
        return "invalid"
    available = numbers(" ".join(f"{cited[n].quote} {cited[n].label}" for n in markers))
    return "supported" if numbers(text) <= available else "partial"


def render_answer(turn: TurnRecord, fallback: ItemRecord) -> str:
    """The answer sentence by sentence; hovering shows what each sentence cites."""
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
    flag = ' <span class="muted">(declined)</span>' if turn.refused else ""
    return " ".join(parts) + flag


def item_block(
    item: Item, row: dict[str, Any], record: ItemRecord | None, other: ItemRecord | None
) -> str:
    verdict = row.get("verdict", "")
    css = "ok" if verdict.startswith("pass") else "bad"
    head = (
        f"<summary><b>{escape(item.id)}</b> · {escape(item.kind)} · "
        f'<span class="{css}">{escape(verdict)}</span> · {escape(item.question)}</summary>'
    )
    body = []
    if record is None or row.get("error"):
        body.append(f'<p class="bad">{escape(str(row.get("error") or "no record"))}</p>')
    else:
        for turn in record.turns:
            body.append(f'<div class="user">Q: {escape(turn.message)}</div>')
            body.append(f"<div>{render_answer(turn, record)}</div>")
    scores = ", ".join(
        f"{escape(k)}={_fmt(v, 2)}" for k, v in row["scores"].items() if v is not None
    )
    body.append(f'<p class="muted">{scores}</p>')
    body.append(f'<p class="muted">Reference: {escape(item.reference_answer)}</p>')
    if other is not None and other.turns:
        body.append(
            f"<details><summary>{escape(other.system)} answer</summary>"
            f'<div class="baseline">{escape(other.final.answer[:1500])}</div></details>'
        )
    return f"<details>{head}{''.join(body)}</details>"


def render_html(
    report: dict[str, Any],
    records: dict[str, ItemRecord],
    items: dict[str, Item],
    compare: dict[str, Any] | None = None,
    compare_records: dict[str, ItemRecord] | None = None,
) -> str:
    run = report["run"]
    title = f"Evaluation: {run['system']} on {run['suite']}"
    tiers = ", ".join(f"{escape(k)}: {escape(str(v))}" for k, v in report["tiers"].items())
    gate = report.get("gate")
    gate_html = ""
    if gate:
        rows = "".join(
            f"<tr><td class='{'ok' if c['passed'] else 'bad'}'>{'pass' if c['passed'] else 'FAIL'}"
            f"</td><td>{escape(c['name'])}</td><td>{escape(c['detail'])}</td></tr>"
            for c in gate["checks"]
        )
        state = "passed" if gate["passed"] else "FAILED"
        gate_html = f"<h2>Gate: {state}</h2><table>{rows}</table>"
    charts = [
        bar_chart(report, compare, metric)
        for metric in ("truthfulness", "key_fact_recall", "recall@5", "sentence_coverage")
    ]
    charts.append(latency_chart(report, compare))
    legend = (
        '<p class="legend"><span class="s-supported">cited, numbers supported</span>'
        '<span class="s-partial">cited, a number not in the citation</span>'
        '<span class="s-invalid">marker does not resolve</span>'
        '<span class="s-uncited">no citation</span> (hover a sentence for its cited quote)</p>'
    )
    blocks = "".join(
        item_block(
            items[row["item_id"]],
            row,
            records.get(row["item_id"]),
            (compare_records or {}).get(row["item_id"]),
        )
        for row in report["items"]
        if row["item_id"] in items
    )
    meta = (
        f"<p class='muted'>Run {escape(run['started'])} · "
        f"commit {escape(str(run.get('git_commit')))}"
        f" · corpus {escape(run['corpus']['hash'][:12])} · prompts "
        f"{escape(run['prompts']['hash'][:12])} · items {report['summary']['items']}"
        f" · errors {report['summary']['errors']}</p><p>Tiers: {tiers}</p>"
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}"
        f"</title><style>{CSS}</style></head><body><h1>{escape(title)}</h1>{meta}{gate_html}"
        f"<h2>Summary</h2>{summary_table(report, compare)}<h2>Charts</h2>{''.join(charts)}"
        f"<h2>Items</h2>{legend}{blocks}</body></html>"
    )
