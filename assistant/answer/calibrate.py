"""Fit the answerability model on labelled questions (dev split only) and pick its threshold.

Every candidate sentence of every dev question becomes a row: its features, labelled 1 when it
holds a gold quote or a key fact of a gold document. Logistic regression (scikit-learn, from the
`eval` extra) learns the coefficients; the operating threshold is the lowest one whose
wrong-answer rate on the risk–coverage curve stays within the target: coverage is the share of
questions answered, risk the share of answers given to questions the documents don't answer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answer.calibration_data import Example, supports
from assistant.answer.calibration_data import dev_items as dev_items  # re-exported
from assistant.answer.engine import more_passages, whole_sentences
from assistant.answer.evidence import gather
from assistant.answer.model import (
    FEATURES,
    GATE_FEATURES,
    MODEL_FILE,
    SENTENCE_FEATURES,
    AnswerModel,
    Gate,
    load_model,
    log_odds,
)
from assistant.answer.question import analyse
from assistant.answer.subject import with_subject_name

if TYPE_CHECKING:
    from assistant.retrieval import Retriever
    from assistant.settings import Settings
    from index.embedder import Embedder

IngestFn = Callable[["Settings", "Embedder"], object]  # indexes settings.corpus_dir
TOP_SENTENCES = 3
DEFAULT_TARGET = 0.05
# L2 strength (scikit-learn's C: smaller is stronger) of the question-level gate, fitted on a few
# hundred questions. Held out by corpus (`calibrate --cross-validate`), C=0.1 declined more
# unanswerable questions than C=1 at the same false-decline budget (0.625 vs 0.548, dev), and the
# same in 5-fold; but with C=0.1 an injection item of the smoke suite showed its canary (inside a
# cited quote of the planted document), so the gate keeps C=1 until quoting a planted
# instruction is prevented on its own account.
GATE_C = 1.0


def _ranking_model(path: Path = MODEL_FILE) -> AnswerModel:
    """The shipped model, or a neutral one when it predates the engine's features: calibration
    reads features, never the old model's opinion, so a refit after an upgrade still runs."""
    try:
        return load_model(path)
    except (ValueError, KeyError):
        return AnswerModel("", FEATURES, (0.0,) * len(FEATURES), 0.0, 0.5)


def examples(
    items: Iterable[dict[str, Any]], retriever: Retriever, top_k: int, group: str = ""
) -> list[Example]:
    """Candidate features and labels for each item, with the engine's own retrieval."""
    model = _ranking_model()
    state = retriever.state()
    out: list[Example] = []
    for item in items:
        text = item["turns"][-1]
        question = analyse(text, state.generation.documents.values())
        question = with_subject_name(question, state.generation.info.get("collection"))
        passages = retriever.search(text, top_k)
        pool = [
            whole_sentences(p, state)
            for p in passages + more_passages(question, passages, retriever)
        ]
        vector = retriever.query_vector(question.text)
        found = gather(question, pool, state, retriever.embedder, model, vector)
        example = Example(item["id"], bool(item.get("answerable")), group=group)
        for ev in found:
            example.rows.append([ev.features.get(name, 0.0) for name in FEATURES])
            example.labels.append(int(example.answerable and supports(ev, item)))
        out.append(example)
    return out


def risk_coverage(
    scored: list[tuple[Example, list[float]]],
) -> list[tuple[float, float, float]]:
    """(threshold, coverage, risk) at every distinct best-sentence probability."""
    points = []
    bests = sorted({max(p, default=0.0) for _e, p in scored}, reverse=True)
    for threshold in bests:
        answered = wrong = 0
        for example, probs in scored:
            if max(probs, default=0.0) < threshold:
                continue
            answered += 1
            wrong += not example.answerable
        coverage = answered / len(scored) if scored else 0.0
        points.append((threshold, coverage, wrong / answered if answered else 0.0))
    return points


def best_sentence(model: AnswerModel, example: Example) -> tuple[dict[str, float], float]:
    """Features and probability of an example's best sentence (none: nothing to answer from)."""
    scored = [(model.probability(dict(zip(FEATURES, r, strict=True))), r) for r in example.rows]
    if not scored:
        return {}, 0.0
    probability, row = max(scored, key=lambda pair: pair[0])
    return dict(zip(FEATURES, row, strict=True)), probability


def _highest_within(
    candidates: list[float], declined: Callable[[float], float], limit: float
) -> float:
    """The highest threshold whose share of answerable questions declined stays within
    `limit` (the lowest candidate when none does)."""
    within = [t for t in candidates if declined(t) <= limit]
    return max(within) if within else min(candidates)


def fit_gate(
    model: AnswerModel, found: list[Example], max_false_declines: float
) -> tuple[AnswerModel, float, float]:
    """The sentence threshold that declines at most half of `max_false_declines` of the
    answerable dev questions, then a question-level gate over the best sentence (fitted on
    questions: answerable or not) whose threshold spends the rest. Returns the model and the
    dev false- and correct-decline rates at that point."""
    from sklearn.linear_model import LogisticRegression  # the `eval` extra

    best = [(e, *best_sentence(model, e)) for e in found]
    answerable = [(v, p) for e, v, p in best if e.answerable] or [({}, 0.0)]
    probabilities = sorted({p for _e, _v, p in best})
    threshold = _highest_within(
        probabilities,
        lambda t: sum(p < t for _v, p in answerable) / len(answerable),
        max_false_declines / 2,
    )
    rows = [[log_odds(p), *(v.get(n, 0.0) for n in GATE_FEATURES[1:])] for _e, v, p in best]
    labels = [int(e.answerable) for e, _v, _p in best]
    regression = LogisticRegression(C=GATE_C, class_weight="balanced", max_iter=2000)
    regression.fit(rows, labels)
    gate = Gate(
        GATE_FEATURES,
        tuple(float(c) for c in regression.coef_[0]),
        float(regression.intercept_[0]),
        0.5,
    )
    passed = [(e, p, gate.probability(v, p)) for e, v, p in best]

    def declined(g: float, answerable: bool = True) -> float:
        chosen = [(p, q) for e, p, q in passed if e.answerable == answerable] or [(0.0, 0.0)]
        return sum(p < threshold or q < g for p, q in chosen) / len(chosen)

    gate_threshold = _highest_within(
        sorted({q for _e, _p, q in passed}), declined, max_false_declines
    )
    gate = replace(gate, threshold=gate_threshold)
    model = replace(model, threshold=threshold, gate=gate)
    return model, declined(gate_threshold), declined(gate_threshold, answerable=False)


def fit(
    found: list[Example],
    target_risk: float = DEFAULT_TARGET,
    described: str = "",
    max_false_declines: float | None = None,
) -> tuple[AnswerModel, list[tuple[float, float, float]]]:
    """Logistic regression over all candidate rows; threshold from the risk–coverage curve, or,
    with `max_false_declines`, from the share of answerable questions declined, plus a gate."""
    from sklearn.linear_model import LogisticRegression  # the `eval` extra

    # Every sentence of an unanswerable question is a negative: the sentence model learns
    # that a sentence on the topic without the asked-for detail does not answer.
    rows = [r for e in found for r in e.rows]
    kept = [FEATURES.index(name) for name in SENTENCE_FEATURES]
    labels = [y for e in found for y in e.labels]
    if len(set(labels)) < 2:
        raise ValueError("calibration needs supporting and non-supporting sentences")
    regression = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
    regression.fit([[r[i] for i in kept] for r in rows], labels)
    draft = AnswerModel(
        version="",
        features=SENTENCE_FEATURES,
        coefficients=tuple(float(c) for c in regression.coef_[0]),
        intercept=float(regression.intercept_[0]),
        threshold=0.5,
    )
    scored = [
        (e, [draft.probability(dict(zip(FEATURES, r, strict=True))) for r in e.rows]) for e in found
    ]
    curve = risk_coverage(scored)
    within = [(t, c, r) for t, c, r in curve if r <= target_risk]
    threshold, coverage, risk = max(within, key=lambda p: (p[1], -p[0])) if within else curve[0]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    model = AnswerModel(
        version=stamp,
        features=SENTENCE_FEATURES,
        coefficients=draft.coefficients,
        intercept=draft.intercept,
        threshold=threshold,
        fitted_on={
            "description": described,
            "split": "dev",
            "questions": len(found),
            "answerable": sum(e.answerable for e in found),
            "sentences": len(rows),
            "supporting": sum(labels),
            "target_risk": target_risk,
            "coverage": round(coverage, 4),
            "risk": round(risk, 4),
        },
    )
    if max_false_declines is not None:
        model, false_declines, correct_declines = fit_gate(model, found, max_false_declines)
        answered = (1 - false_declines) * model.fitted_on["answerable"]
        wrong = (1 - correct_declines) * (len(found) - model.fitted_on["answerable"])
        model.fitted_on.pop("target_risk", None)
        model.fitted_on.update(
            {
                "coverage": round((answered + wrong) / len(found), 4),
                "risk": round(wrong / (answered + wrong), 4) if answered + wrong else 0.0,
                "max_false_declines": max_false_declines,
                "false_declines": round(false_declines, 4),
                "correct_declines": round(correct_declines, 4),
            }
        )
    return model, curve


def gather_collections(
    pairs: list[tuple[Path, Path]],
    settings: Settings,
    ingest: IngestFn,
    work_dir: Path | None = None,
) -> tuple[list[Example], str]:
    """Index each corpus into its own data folder (with the CLI's `ingest`; under `work_dir`
    when given, so a second run re-ingests nothing) and gather the paired dataset's dev
    examples, each tagged with its corpus folder's name."""
    from assistant.retrieval import Retriever
    from index.embedder import Embedder
    from index.store import open_chroma

    embedder = Embedder(batch_size=settings.embed_batch_size).load()
    found: list[Example] = []
    described = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, (dataset, corpus) in enumerate(pairs):
            data_dir = (work_dir or Path(tmp)) / f"corpus-{number}"
            local = settings.model_copy(update={"data_dir": data_dir, "corpus_dir": corpus})
            ingest(local, embedder)
            retriever = Retriever(
                local.index_dir, open_chroma(data_dir), embedder, local.max_per_document
            )
            items = [i for i in dev_items(dataset) if i.get("corpus") != "injection_fixture"]
            found += examples(items, retriever, settings.top_k, corpus.name)
            described.append(f"{dataset.name} on {corpus.name}: {len(items)} dev questions")
    return found, "; ".join(described)
