"""The dev/test split: assigned once per item, stratified by corpus and kind (about 40/60).

Calibration, thresholds and any tuning read `dev` only; published figures and the CI gate read
`test`. An item keeps its split forever once recorded in the dataset file; `assign_splits` only
fills in items that have none, so adding items never moves an old one across the line.

    python -m eval.split          # give every new item of both dataset files its split
    python -m eval.split --smoke  # ... and redraw eval/dataset/smoke.txt from the test split
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from eval.dataset import DATASET_FILES, Item, load_items, write_items

SEED = "review-assistant-split-2026"
DEV_SHARE = 0.4


def _rank(item_id: str) -> str:
    """A stable pseudo-random order of items within a stratum (seeded hash of the id)."""
    return hashlib.sha256(f"{SEED}:{item_id}".encode()).hexdigest()


def original_of(item: Item) -> str | None:
    """The item a paraphrase rewords (its `of:<id>` tag)."""
    return next((t[3:] for t in item.tags if t.startswith("of:")), None)


def assign_splits(items: list[Item]) -> list[Item]:
    """Fill in the split of every item that has none, in place; returns the items changed.

    Per stratum (reported corpus, kind) the dev count is brought to round(40%) of the stratum by
    giving `dev` to the new items first in the seeded order, `test` to the rest. A paraphrase
    takes its original's split, so a reworded dev question never leaks into test.
    """
    by_id = {item.id: item for item in items}
    strata: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        if item.kind != "paraphrase":
            strata[(item.report_corpus, item.kind)].append(item)
    changed: list[Item] = []
    for members in strata.values():
        target = round(DEV_SHARE * len(members))
        dev = sum(1 for m in members if m.split == "dev")
        for item in sorted((m for m in members if m.split is None), key=lambda m: _rank(m.id)):
            item.split = "dev" if dev < target else "test"
            dev += item.split == "dev"
            changed.append(item)
    for item in items:
        if item.kind == "paraphrase" and item.split is None:
            original = by_id.get(original_of(item) or "")
            item.split = original.split if original is not None else "test"
            changed.append(item)
    return changed


def assign_files(paths: tuple[Path, ...] = DATASET_FILES) -> int:
    """Assign splits across both dataset files (strata span files) and rewrite the files whose
    items changed; returns how many items got a split."""
    per_file = {path: load_items(path) for path in paths}
    everything = [item for items in per_file.values() for item in items]
    changed = {item.id for item in assign_splits(everything)}
    for path, items in per_file.items():
        if any(item.id in changed for item in items):
            write_items(items, path)
    return len(changed)


SMOKE_QUOTA = {"main": 4, "corpus-2": 2}
SMOKE_EXTRA = {"injection": 2, "unanswerable": 1}  # more of the kinds with floors to hold


def draw_smoke(items: list[Item], keep: list[str]) -> list[str]:
    """The smoke suite drawn from the *test* split: per (corpus, kind) its quota of items, the
    ones already in the suite (`keep`) first, then in the seeded order; the injection quota
    mixes the items on the main corpus with those on the injection fixture."""
    chosen: list[str] = []
    strata: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in items:
        if item.split == "test":
            strata[(item.report_corpus, item.kind)].append(item)
    for (corpus, kind), members in sorted(strata.items()):
        quota = SMOKE_QUOTA[corpus] + SMOKE_EXTRA.get(kind, 0)
        order = sorted(members, key=lambda m: (m.id not in keep, _rank(m.id)))
        if kind == "injection":  # alternate between the corpora the attacks come through
            by_corpus: dict[str, list[Item]] = defaultdict(list)
            for m in order:
                by_corpus[m.corpus].append(m)
            queues = list(by_corpus.values())
            order = [q[i] for i in range(len(order)) for q in queues if i < len(q)]
        chosen += [m.id for m in order[:quota]]
    return chosen


def main(argv: list[str]) -> None:
    print(f"{assign_files()} item(s) given a split")
    if "--smoke" in argv:
        from eval.dataset import SMOKE_PATH, smoke_ids

        drawn = draw_smoke(load_items(), smoke_ids())
        header = [ln for ln in SMOKE_PATH.read_text(encoding="utf-8").splitlines() if ln[:1] == "#"]
        SMOKE_PATH.write_text("\n".join(header + drawn) + "\n", encoding="utf-8")
        print(f"smoke suite: {len(drawn)} test-split items -> {SMOKE_PATH}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
