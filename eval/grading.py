"""Human grading: a sheet (CSV) where an expert scores each answer sentence 100 / 80 / 0
(correct / partly / wrong) and says whether each citation supports its sentence; read back, it
reports how far the automatic metrics agree with the expert.

Automatic counterparts: a sentence is 100 when its claim is verbatim in a quote it cites
(`support`), else 0; a citation `supports` when its quote contains the sentence's claim.
Agreement: share of rows where expert and automatic verdicts agree (a sentence graded 80 or 100
counts as correct), with Cohen's kappa (agreement beyond chance).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from eval.claims import claims
from eval.dataset import Item
from eval.evidence import contains
from eval.records import ItemRecord

COLUMNS = [
    "row",
    "item_id",
    "kind",
    "question",
    "sentence_no",
    "sentence",
    "citation",
    "quote",
    "auto",
    "grade",
    "comment",
]
SENTENCE_GRADES = {"100", "80", "0"}
CITATION_GRADES = {"supports", "doesn't"}


class GradingError(ValueError):
    """The sheet is malformed: names the line and what is wrong."""


def sheet_rows(records: Iterable[ItemRecord], items: dict[str, Item]) -> list[dict[str, str]]:
    """One row per cited sentence of each final answer, then one per citation it carries."""
    rows: list[dict[str, str]] = []
    for record in records:
        if not record.turns or record.error or record.final.refused:
            continue
        final = record.final
        quotes = {c.n: c.quote for c in final.citations}
        item = items.get(record.item_id)
        question = " / ".join(t.message for t in record.turns)
        for number, claim in enumerate(claims(final.answer), start=1):
            base = {
                "item_id": record.item_id,
                "kind": item.kind if item else "",
                "question": question,
                "sentence_no": str(number),
                "sentence": claim.text,
            }
            held = [contains(quotes.get(n, ""), claim.text) for n in claim.markers]
            auto = "100" if any(held) else "0"
            rows.append({**base, "row": "sentence", "auto": auto, "grade": "", "comment": ""})
            for n, ok in zip(claim.markers, held, strict=True):
                rows.append(
                    {
                        **base,
                        "row": "citation",
                        "citation": str(n),
                        "quote": quotes.get(n, "(no such citation)"),
                        "auto": "supports" if ok else "doesn't",
                        "grade": "",
                        "comment": "",
                    }
                )
    return rows


def write_sheet(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})


@dataclass(frozen=True)
class Agreement:
    """Expert against automatic verdicts for one kind of row."""

    graded: int
    agree: int
    kappa: float | None

    @property
    def rate(self) -> float | None:
        return self.agree / self.graded if self.graded else None


def _kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    p_expert = sum(a for a, _ in pairs) / n
    p_auto = sum(b for _, b in pairs) / n
    chance = p_expert * p_auto + (1 - p_expert) * (1 - p_auto)
    return None if chance == 1 else round((observed - chance) / (1 - chance), 4)


def read_grades(path: Path) -> dict[str, list[tuple[bool, bool]]]:
    """(expert, automatic) verdict pairs per row kind; ungraded rows are skipped."""
    pairs: dict[str, list[tuple[bool, bool]]] = {"sentence": [], "citation": []}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise GradingError(f"{path}: missing columns {sorted(missing)}")
        for line, row in enumerate(reader, start=2):
            grade = (row["grade"] or "").strip()
            if not grade:
                continue
            kind = row["row"]
            allowed = SENTENCE_GRADES if kind == "sentence" else CITATION_GRADES
            if kind not in pairs:
                raise GradingError(f"{path}:{line}: row must be sentence or citation")
            if grade not in allowed:
                choices = " / ".join(sorted(allowed))
                raise GradingError(f"{path}:{line}: grade {grade!r} for a {kind} (use {choices})")
            if kind == "sentence":
                pairs[kind].append((grade in {"100", "80"}, row["auto"] == "100"))
            else:
                pairs[kind].append((grade == "supports", row["auto"] == "supports"))
    return pairs


def agreement(path: Path) -> dict[str, Agreement]:
    """Agreement of the automatic verdicts with the expert's, per row kind."""
    return {
        kind: Agreement(len(p), sum(a == b for a, b in p), _kappa(p))
        for kind, p in read_grades(path).items()
    }
