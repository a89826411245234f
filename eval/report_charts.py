"""Inline SVG charts for the HTML report: a metric per kind (ours beside the comparison run), and
sorted per-turn latencies. Plain SVG, so the report opens offline with no scripts."""

from __future__ import annotations

from html import escape
from typing import Any

COLOURS = ("#2b6cb0", "#c05621")
WIDTH, HEIGHT, PAD = 520, 220, 40


def _series(report: dict[str, Any], metric: str, kinds: list[str]) -> list[float | None]:
    per_kind = report["summary"]["per_kind"]
    return [per_kind.get(kind, {}).get(metric) for kind in kinds]


def bar_chart(report: dict[str, Any], compare: dict[str, Any] | None, metric: str) -> str:
    """Grouped bars of `metric`'s mean per item kind; truthfulness spans -1..1, others 0..1."""
    kinds = sorted(report["summary"]["per_kind"])
    runs = [report] + ([compare] if compare else [])
    low = -1.0 if metric == "truthfulness" else 0.0
    plot_h = HEIGHT - 2 * PAD
    zero_y = PAD + plot_h * (1.0 / (1.0 - low)) if low < 0 else PAD + plot_h

    def y(value: float) -> float:
        return PAD + plot_h * (1.0 - (value - low) / (1.0 - low))

    slot = (WIDTH - 2 * PAD) / max(1, len(kinds))
    bar_w = slot * 0.8 / len(runs)
    parts = [
        f'<line x1="{PAD}" y1="{zero_y:.1f}" x2="{WIDTH - PAD}" y2="{zero_y:.1f}" stroke="#555"/>',
        f'<text x="4" y="{PAD + 4}" font-size="10">1</text>',
        f'<text x="4" y="{HEIGHT - PAD + 4}" font-size="10">{low:g}</text>',
    ]
    for r, run in enumerate(runs):
        for k, value in enumerate(_series(run, metric, kinds)):
            if value is None:
                continue
            x = PAD + k * slot + slot * 0.1 + r * bar_w
            top, bottom = sorted((y(value), zero_y))
            label = f"{run['run']['system']} · {kinds[k]}: {value:.3f}"
            parts.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
                f'height="{max(bottom - top, 0.5):.1f}" fill="{COLOURS[r]}">'
                f"<title>{escape(label)}</title></rect>"
            )
    for k, kind in enumerate(kinds):
        x = PAD + k * slot + slot / 2
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD + 14}" font-size="10" '
            f'text-anchor="middle">{escape(kind)}</text>'
        )
    legend = "".join(
        f'<tspan fill="{COLOURS[r]}">■ {escape(run["run"]["system"])} </tspan>'
        for r, run in enumerate(runs)
    )
    parts.append(f'<text x="{PAD}" y="16" font-size="12">{escape(metric)} per kind {legend}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="{escape(metric)} per kind">{"".join(parts)}</svg>'
    )


def latency_chart(report: dict[str, Any], compare: dict[str, Any] | None) -> str:
    """Per-turn latencies sorted ascending (a quantile plot), log-free, with p50/p95 marks."""
    runs = [report] + ([compare] if compare else [])
    values = [
        sorted(ms for row in run["items"] if not row["error"] for ms in row["latencies_ms"])
        for run in runs
    ]
    top = max((max(v) for v in values if v), default=1.0) or 1.0
    plot_w, plot_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    parts = [
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'stroke="#555"/>',
        f'<text x="4" y="{PAD + 4}" font-size="10">{top:.0f} ms</text>',
        f'<text x="{PAD}" y="{HEIGHT - PAD + 14}" font-size="10">fastest</text>',
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - PAD + 14}" font-size="10" '
        'text-anchor="end">slowest</text>',
    ]
    for r, series in enumerate(values):
        if not series:
            continue
        step = plot_w / max(1, len(series) - 1)
        points = " ".join(
            f"{PAD + i * step:.1f},{HEIGHT - PAD - plot_h * ms / top:.1f}"
            for i, ms in enumerate(series)
        )
        lat = runs[r]["summary"]["latency_ms"]
        label = f"{runs[r]['run']['system']}: p50 {lat['p50']} ms, p95 {lat['p95']} ms"
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{COLOURS[r]}" stroke-width="2">'
            f"<title>{escape(label)}</title></polyline>"
        )
        parts.append(
            f'<text x="{PAD + 4}" y="{16 + 14 * r}" font-size="12" fill="{COLOURS[r]}">'
            f"{escape(label)}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-label="latency per turn">{"".join(parts)}</svg>'
    )
