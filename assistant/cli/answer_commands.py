"""Commands over the answer pipeline: `ask` (measured cold: its heavy imports are made inside
it, beside the model loads), `search` (what retrieval finds) and `calibrate` (the answerability
model, fitted on dev items)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from pydantic import ValidationError

from assistant.cli.messages import console, fail, load_settings
from assistant.schemas import ChatRequest
from assistant.settings import Settings
from index.store import IndexMismatchError, IndexNotReady

if TYPE_CHECKING:
    from collections.abc import Callable


def _meanwhile(name: str, work: Callable[[], object]) -> Callable[[], None]:
    """Run `work` on a side thread; returns a wait for it. A failure is left for the main
    thread's own call of the same loader to report (nothing is cached by a failed load)."""
    import threading

    def run() -> None:
        try:
            work()
        except Exception:
            return

    thread = threading.Thread(target=run, name=name)
    thread.start()  # joined before the process ends, normally or in `_end_now`: no abort mid-load
    return thread.join


def ask(
    question: Annotated[str, typer.Argument(help="Your question.")],
    as_json: Annotated[
        bool, typer.Option("--json/--no-json", help="Print the full JSON response.")
    ] = False,
    conversation: Annotated[
        str | None, typer.Option("--conversation", help="Continue this conversation id.")
    ] = None,
) -> None:
    """Answer a question from the documents, with citations."""
    if not question.strip():
        raise fail("the question is blank: type a question after `ask`")
    try:
        request = ChatRequest(message=question, conversation_id=conversation)
    except ValidationError as exc:
        raise fail(exc.errors()[0]["msg"]) from exc
    settings = load_settings()
    # The spaCy pipeline and the embedder load on side threads while this thread imports the
    # answer pipeline and opens Chroma and the database. ONNX Runtime builds its session without
    # holding the GIL, so that part runs beside the imports on a second core; the question is
    # parsed only after retrieval, and `get_nlp()` waits for a load under way.
    from nlp.spacy_pipeline import get_nlp

    _meanwhile("spacy-load", get_nlp)
    from assistant.runtime import build_collaborators, query_embedder

    embedder = query_embedder(settings)
    embedder_ready = _meanwhile("embedder-load", embedder.load)
    from assistant.conversations import CLI_CHANNEL, ConversationNotFound
    from assistant.pipeline import answer
    from assistant.terminal import print_answer

    collab = build_collaborators(settings, embedder=embedder)  # loaded by the side thread
    embedder_ready()  # before the first query is embedded
    try:
        response = answer(request, collab, channel=CLI_CHANNEL)
    except ConversationNotFound as exc:
        raise fail(str(exc)) from exc
    finally:
        collab.conversations.engine.dispose()  # closed cleanly: `main` skips the teardown
    if as_json:
        sys.stdout.write(json.dumps(response.model_dump(mode="json"), indent=2) + "\n")
        return
    print_answer(response, console)


def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    k: Annotated[int, typer.Option(min=1, max=50, help="How many passages.")] = 6,
) -> None:
    """Show the passages retrieval finds for a query."""
    from assistant.runtime import build_collaborators

    collab = build_collaborators(load_settings())
    try:
        passages = collab.retriever.search(query, k)
    except (IndexNotReady, IndexMismatchError) as exc:
        raise fail(str(exc)) from exc
    for p in passages:
        console.print(f"[bold]{p.chunk_id}[/bold] {p.title} — {p.section} (score {p.score:.4f})")
        console.print(f"  {' '.join(p.text.split())[:300]}")


def calibrate(
    datasets: Annotated[list[Path], typer.Argument(help="JSONL datasets (dev split is used).")],
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="Corpus folder for each dataset, in order (default: CORPUS_DIR)."),
    ] = None,
    target_risk: Annotated[
        float, typer.Option(help="Highest wrong-answer rate allowed at the operating point.")
    ] = 0.05,
    output: Annotated[
        Path | None, typer.Option(help="Where to write the model (default: the shipped one).")
    ] = None,
    work_dir: Annotated[
        Path | None, typer.Option(help="Keep the calibration indexes here (default: temporary).")
    ] = None,
    max_false_declines: Annotated[
        float | None,
        typer.Option(
            help="Instead of --target-risk: the share of answerable dev questions the model may "
            "decline; also fits the question-level gate."
        ),
    ] = None,
    cross_validate: Annotated[
        bool,
        typer.Option(
            help="Also print held-out decline rates (leave-one-corpus-out and 5-fold) at "
            "--max-false-declines (default 0.05), of the gate and of the engine that answers "
            "with the held-out model; the fitted model is the same."
        ),
    ] = False,
    cross_fit: Annotated[
        bool,
        typer.Option(
            "--cross-fit/--in-sample",
            help="Pick the operating point on cross-fitted scores (each dev question scored by "
            "models that did not see it; the default) or on the final model's own scores.",
        ),
    ] = True,
) -> None:
    """Fit the answerability model on the dev items of labelled questions; never test items."""
    from assistant.answer.calibrate import fit
    from assistant.answer.calibration_collections import calibration_collections
    from assistant.answer.cross_validate import held_out_report
    from assistant.answer.model import MODEL_FILE, save_model
    from index.embedder import Embedder
    from ingest.pipeline import run_ingest

    settings = load_settings()
    folders = corpus or [settings.corpus_dir] * len(datasets)
    if len(folders) != len(datasets):
        raise fail("give one --corpus per dataset")
    for path in [*datasets, *folders]:
        if not path.exists():
            raise fail(f"{path} does not exist")

    def index(local: Settings, embedder: Embedder) -> None:
        run_ingest(None, local, embedder=embedder)

    pairs = list(zip(datasets, folders, strict=True))
    try:
        with calibration_collections(pairs, settings, index, work_dir) as gathered:
            found, described, engine = gathered
            model, curve = fit(found, target_risk, described, max_false_declines, cross_fit)
            budget = max_false_declines or 0.05
            held = held_out_report(found, budget, engine, cross_fit) if cross_validate else []
    except ValueError as exc:
        raise fail(str(exc)) from exc
    for threshold, coverage, risk in curve[:: max(1, len(curve) // 12)]:
        console.print(f"threshold {threshold:.3f}  coverage {coverage:.2f}  risk {risk:.2f}")
    save_model(model, output or MODEL_FILE)
    console.print(f"Model {model.version}: threshold {model.threshold:.3f}; {model.fitted_on}")
    for line in held:
        console.print(line)
