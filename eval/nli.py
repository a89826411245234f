"""Optional tier 2: an NLI cross-encoder from a local directory (EVAL_NLI_MODEL_DIR holding
`model.onnx`, `tokenizer.json` and a Hugging Face style `config.json` with `id2label`). Each cited
answer sentence is the hypothesis; the quotes it cites are the premise."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from eval.answer_text import sentences

REQUIRED = ("model.onnx", "tokenizer.json", "config.json")
MAX_TOKENS = 512


class NLIModelError(RuntimeError):
    """The NLI model directory is incomplete or its labels are not NLI labels."""


def model_dir_from_env() -> Path | None:
    value = os.environ.get("EVAL_NLI_MODEL_DIR")
    return Path(value) if value else None


class NLIModel:
    """Entailment probabilities from an ONNX sequence-pair classifier."""

    def __init__(self, directory: Path) -> None:
        missing = [name for name in REQUIRED if not (directory / name).exists()]
        if missing:
            raise NLIModelError(f"{directory} lacks {', '.join(missing)}")
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        labels = {int(k): str(v).lower() for k, v in config.get("id2label", {}).items()}
        entail = [i for i, label in labels.items() if label.startswith("entail")]
        if not entail:
            raise NLIModelError(f"{directory}/config.json has no entailment label: {labels}")
        self.entailment = entail[0]
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.session = ort.InferenceSession(
            str(directory / "model.onnx"), providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}

    def entailment_probability(self, premise: str, hypothesis: str) -> float:
        encoded = self.tokenizer.encode(premise, hypothesis)
        feed = {
            "input_ids": np.array([encoded.ids], dtype=np.int64),
            "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([encoded.type_ids], dtype=np.int64),
        }
        logits = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0][0]
        exp = np.exp(logits - logits.max())
        return float(exp[self.entailment] / exp.sum())

    def entailed_share(self, answer: str, quotes: dict[int, str]) -> float | None:
        """Share of cited sentences whose cited quotes entail them (probability > 0.5)."""
        cited = [s for s in sentences(answer) if s.markers]
        if not cited:
            return None
        entailed = 0
        for sentence in cited:
            premise = " ".join(quotes.get(n, "") for n in sentence.markers)
            if self.entailment_probability(premise, sentence.text) > 0.5:
                entailed += 1
        return entailed / len(cited)
