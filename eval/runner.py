"""Run a suite against a system, store every answer in a run directory, then score and report.
Re-scoring a stored run (`rescore`) never calls the system again."""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from assistant.settings import PROJECT_ROOT, Settings
from eval.baseline import BaselineSystem
from eval.corpora import CORPUS_DIRS
from eval.dataset import Item, load_items, select_items, select_suite
from eval.records import META_FILE, ItemRecord, write_records, write_texts
from eval.systems import PipelineSystem, ServerSystem, System
from index.embedder import Embedder

FIXTURE_CORPUS = CORPUS_DIRS["injection_fixture"]
SYSTEMS = ("extractive", "llm", "baseline")


@dataclass
class RunConfig:
    """What to run: suite, system, optional server URL, where to write."""

    suite: str
    system: str
    out_dir: Path
    url: str | None = None
    item_ids: list[str] | None = None  # a named subset instead of the suite's items
    corpus: str = "all"  # main, corpus-2 or all
    split: str = "all"  # dev, test or all (published runs use test)


def default_run_dir(settings: Settings, system: str, suite: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return settings.data_dir / "eval-runs" / f"{stamp}-{suite}-{system}"


def file_hashes(paths: list[Path], root: Path) -> dict[str, str]:
    """sha256 of each file, keyed by its path relative to `root`."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths)
        if p.is_file()
    }


def combined_hash(hashes: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True
        )
    except OSError:
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def run_metadata(config: RunConfig, settings: Settings, items: list[Item]) -> dict[str, Any]:
    """Everything needed to tell two runs apart: corpus, configuration, prompts, code."""
    corpora = {
        name: combined_hash(file_hashes(list(path.iterdir()), path))
        for name, path in CORPUS_DIRS.items()
        if any(item.corpus == name for item in items)
    }
    corpus = file_hashes(list(settings.corpus_dir.iterdir()), settings.corpus_dir)
    prompts = file_hashes(list(settings.prompts_dir.glob("*")), settings.prompts_dir)
    keys = ("chunk_tokens", "chunk_overlap", "top_k", "max_per_document", "min_relevance")
    config_view: dict[str, Any] = {k: getattr(settings, k) for k in keys}
    config_view.update(
        answer_sentences=settings.answer_sentences,
        llm_model=settings.llm_model if config.system == "llm" else None,
        llm_temperature=settings.llm_temperature if config.system == "llm" else None,
        url=config.url,
    )
    return {
        "system": config.system if not config.url else f"server:{config.system}",
        "suite": "custom" if config.item_ids else config.suite,
        "corpus_selection": config.corpus,
        "split": config.split,
        "corpora": corpora,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "items": [i.id for i in items],
        "corpus": {"files": corpus, "hash": combined_hash(corpus)},
        "fixture_corpus_hash": combined_hash(
            file_hashes(list(FIXTURE_CORPUS.iterdir()), FIXTURE_CORPUS)
        ),
        "prompts": {"files": prompts, "hash": combined_hash(prompts)},
        "config": config_view,
        "git_commit": git_commit(),
    }


def build_systems(
    config: RunConfig, settings: Settings, embedder: Embedder, corpora: set[str]
) -> dict[str, System | None]:
    """One system per corpus the items need, each over its own index built in the run
    directory (`index-<corpus>/`). A remote server answers from its own corpus only: it takes
    the items of the one corpus selected (`main` when all are), the rest are skipped."""
    if config.url:
        served = "main" if config.corpus == "all" else config.corpus
        return {name: ServerSystem(config.url) if name == served else None for name in corpora}
    if config.system == "baseline":
        return {
            name: BaselineSystem(CORPUS_DIRS[name], embedder, f"baseline-{name}")
            for name in corpora
        }
    if config.system == "llm" and not settings.llm_enabled:
        raise ValueError("--system llm needs LLM_BASE_URL and LLM_MODEL")
    if config.system == "extractive":
        settings = settings.model_copy(update={"llm_base_url": None, "llm_model": None})
    db = config.out_dir / "conversations.db"
    systems: dict[str, System | None] = {}
    for name in sorted(corpora):
        own = settings.model_copy(
            update={"data_dir": config.out_dir / f"index-{name}", "corpus_dir": CORPUS_DIRS[name]}
        )
        systems[name] = PipelineSystem.build(config.system, own, embedder, db)
    return systems


def chosen_items(config: RunConfig) -> list[Item]:
    """The suite's items of the selected corpus and split, or the named items."""
    everything = load_items()
    if config.item_ids:
        by_id = {item.id: item for item in everything}
        unknown = [i for i in config.item_ids if i not in by_id]
        if unknown:
            raise ValueError(f"unknown item ids: {unknown}")
        return [by_id[i] for i in config.item_ids]
    chosen = select_items(select_suite(everything, config.suite), config.corpus, config.split)
    if not chosen:
        raise ValueError(f"no {config.suite} items on corpus {config.corpus}, split {config.split}")
    return chosen


def run_suite(config: RunConfig, settings: Settings, show_progress: bool = True) -> Path:
    """Answer every item of the suite, store the answers, and return the run directory."""
    items = chosen_items(config)
    config.out_dir.mkdir(parents=True, exist_ok=True)
    meta = run_metadata(config, settings, items)
    embedder = Embedder(batch_size=settings.embed_batch_size).load()
    systems = build_systems(config, settings, embedder, {item.corpus for item in items})
    try:
        run_items(items, systems, config.out_dir, meta, show_progress)
    finally:
        for system in systems.values():
            if isinstance(system, ServerSystem):
                system.close()
    return config.out_dir


def run_items(
    items: list[Item],
    systems: dict[str, System | None],
    out_dir: Path,
    meta: dict[str, Any],
    show_progress: bool = True,
) -> None:
    """Answer each item with the system for its corpus; write answers, texts and run.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    records: list[ItemRecord] = []
    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        "[progress.description]{task.description}", *columns, disable=not show_progress
    ) as progress:
        task = progress.add_task(f"{meta['system']} · {meta['suite']}", total=len(items))
        for item in items:
            system = systems.get(item.corpus)
            if system is None:
                reason = f"no system answers from corpus {item.corpus} in this run"
                records.append(
                    ItemRecord(
                        item_id=item.id, system=meta["system"], corpus=item.corpus, skipped=reason
                    )
                )
            else:
                records.append(system.run_item(item))
            progress.advance(task)
    write_records(records, out_dir)
    write_texts({name: s.texts() for name, s in systems.items() if s is not None}, out_dir)
    meta["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
