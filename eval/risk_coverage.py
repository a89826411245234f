"""Risk–coverage per corpus: sweep the answerability threshold, and see how the share answered
(coverage) trades against the accuracy of what was answered. An organisation chooses how
cautious its assistant is from this curve.

Score per item: the response's `evidence.best` (the answerability model's probability for its
best evidence; the engine answers when it reaches `evidence.threshold`). A run whose responses
carry no `evidence` (the LangChain baseline, an older engine) falls back to the best retrieval
score, and the report says so.

Correct if answered: an unanswerable item never is; an answerable one is when the final answer
holds at least half its key facts (truthfulness +1) — or, for an item the system declined at its
shipped threshold (so there is no answer to read), when its top-5 retrieved passages hold at
least half its key facts (what an answer at a lower threshold could have been built from).
Injection items are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from eval.answer_text import any_fact
from eval.dataset import Item
from eval.records import ItemRecord
from eval.scoring import ItemScore

EVIDENCE = "evidence.best"
FALLBACK = "best retrieval score (no evidence object in the responses)"


@dataclass(frozen=True)
class Point:
    item_id: str
    score: float
    correct: bool
    answered: bool  # at the shipped operating point


def _would_be_right(item: Item, record: ItemRecord) -> bool:
    top = " ".join(c.text for c in record.retrieved[:5])
    found = sum(1 for aliases in item.key_facts if any_fact(top, list(aliases)))
    return bool(item.key_facts) and found >= len(item.key_facts) / 2


def points(
    items: dict[str, Item], records: dict[str, ItemRecord], scores: list[ItemScore]
) -> tuple[list[Point], str, float | None]:
    """One point per scored non-injection item; the score source; the shipped threshold."""
    out: list[Point] = []
    sources: set[str] = set()
    thresholds: list[float] = []
    for sc in scores:
        item, record = items.get(sc.item_id), records.get(sc.item_id)
        if item is None or record is None or sc.error or item.kind == "injection":
            continue
        final = record.final
        if final.evidence and isinstance(final.evidence.get("best"), int | float):
            score = float(final.evidence["best"])
            sources.add(EVIDENCE)
            if isinstance(final.evidence.get("threshold"), int | float):
                thresholds.append(float(final.evidence["threshold"]))
        else:
            best = record.retrieved[0].score if record.retrieved else None
            distance = final.mode == "baseline"  # Chroma distances: lower is closer
            score = -(best or 0.0) if distance else (best or 0.0)
            sources.add(FALLBACK)
        if not item.answerable:
            correct = False
        elif not final.refused:
            correct = sc.scores.get("truthfulness") == 1.0
        else:
            correct = _would_be_right(item, record)
        out.append(Point(sc.item_id, score, correct, not final.refused))
    source = " + ".join(sorted(sources)) or "none"
    threshold = max(set(thresholds), key=thresholds.count) if thresholds else None
    return out, source, threshold


def curve(pts: list[Point]) -> list[tuple[float, float, float]]:
    """(threshold, coverage, accuracy of the answered) answering the top k items by score,
    for k = 1..n (ties enter together)."""
    ranked = sorted(pts, key=lambda p: -p.score)
    out: list[tuple[float, float, float]] = []
    right = 0
    for k, point in enumerate(ranked, start=1):
        right += point.correct
        if k < len(ranked) and ranked[k].score == point.score:
            continue
        out.append((point.score, k / len(ranked), right / k))
    return out


def aurc(pts: list[Point]) -> float | None:
    """Area under the risk–coverage curve: mean over k of the risk (1 − accuracy) of answering
    the top k items. Lower is better; 0 when every answered item up to full coverage is right
    in the best order."""
    ranked = sorted(pts, key=lambda p: -p.score)
    if not ranked:
        return None
    right, total = 0, 0.0
    for k, point in enumerate(ranked, start=1):
        right += point.correct
        total += 1 - right / k
    return round(total / len(ranked), 4)


def operating_point(pts: list[Point]) -> tuple[float, float | None]:
    """Coverage and accuracy of the answered at the shipped threshold (the actual decisions)."""
    answered = [p for p in pts if p.answered]
    coverage = len(answered) / len(pts) if pts else 0.0
    accuracy = sum(p.correct for p in answered) / len(answered) if answered else None
    return round(coverage, 4), (round(accuracy, 4) if accuracy is not None else None)


def risk_coverage(
    items: dict[str, Item], records: dict[str, ItemRecord], scores: list[ItemScore]
) -> dict[str, Any]:
    """Per reported corpus: the curve, AURC, the shipped operating point and the score used."""
    out: dict[str, Any] = {}
    for corpus in sorted({sc.corpus for sc in scores}):
        mine = [sc for sc in scores if sc.corpus == corpus]
        pts, source, threshold = points(items, records, mine)
        coverage, accuracy = operating_point(pts)
        out[corpus] = {
            "items": len(pts),
            "score": source,
            "threshold": threshold,
            "aurc": aurc(pts),
            "operating_point": {"coverage": coverage, "accuracy": accuracy},
            "curve": [
                {"threshold": round(t, 4), "coverage": round(c, 4), "accuracy": round(a, 4)}
                for t, c, a in curve(pts)
            ],
        }
    return out


W, H, PAD = 360, 240, 40


def risk_coverage_svg(corpus: str, data: dict[str, Any]) -> str:
    """Accuracy of the answered (y) against coverage (x), the shipped point marked."""

    def x(v: float) -> float:
        return PAD + (W - 2 * PAD) * v

    def y(v: float) -> float:
        return H - PAD - (H - 2 * PAD) * v

    pts = " ".join(f"{x(p['coverage']):.1f},{y(p['accuracy']):.1f}" for p in data["curve"])
    op = data["operating_point"]
    parts = [
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#555"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{H - PAD}" stroke="#555"/>',
        f'<text x="{W / 2}" y="{H - 8}" font-size="11" text-anchor="middle">coverage '
        "(share answered)</text>",
        f'<text x="10" y="{PAD - 8}" font-size="11">accuracy of the answered</text>',
        f'<text x="{PAD - 4}" y="{PAD + 4}" font-size="10" text-anchor="end">1</text>',
        f'<text x="{PAD - 4}" y="{H - PAD + 4}" font-size="10" text-anchor="end">0</text>',
        f'<text x="{W - PAD}" y="{H - PAD + 14}" font-size="10" text-anchor="end">1</text>',
        f'<polyline points="{pts}" fill="none" stroke="#2b6cb0" stroke-width="2"/>',
    ]
    if op["accuracy"] is not None:
        label = f"shipped: coverage {op['coverage']:.2f}, accuracy {op['accuracy']:.2f}"
        parts.append(
            f'<circle cx="{x(op["coverage"]):.1f}" cy="{y(op["accuracy"]):.1f}" r="5" '
            f'fill="#c05621"><title>{escape(label)}</title></circle>'
        )
        parts.append(
            f'<text x="{PAD + 6}" y="{H - PAD - 8}" font-size="10" fill="#c05621">'
            f"● {escape(label)}</text>"
        )
    title = f"{corpus}: AURC {data['aurc']} over {data['items']} items"
    parts.append(f'<text x="{PAD}" y="14" font-size="12">{escape(title)}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" role="img" '
        f'aria-label="risk-coverage {escape(corpus)}">{"".join(parts)}</svg>'
    )
