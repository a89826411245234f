"""One self-contained HTML report, read at a glance: a headline (split, items, pass/fail, gate),
each metric against its target with its 95% interval, coloured, beside the baseline and the
previous run; risk–coverage per corpus; then the items, failures first (worst first), filterable
by kind, corpus, reason and change. Each failure shows its question (all turns), the answer
with its citations, the gold evidence, the passages retrieved (rank, score, whether they hold
gold evidence), the key facts found and missed, and the answerability evidence."""

from __future__ import annotations

from html import escape
from typing import Any

from eval.dataset import Item
from eval.definitions import THRESHOLDS, define, judge, severity
from eval.records import ItemRecord
from eval.report_charts import bar_chart, latency_chart
from eval.report_items import abbr, item_block
from eval.risk_coverage import risk_coverage_svg
from eval.scoring import GROUPS, LOWER_IS_BETTER

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
            f'<tr data-metric="{escape(name)}"><td>{abbr(name)} <span class="muted">({arrow})'
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
