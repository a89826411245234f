"""The answerability model: logistic regression over evidence features, read from model.json.

`calibrate` refits it on a dataset's dev items; the file records its version, feature order,
coefficients, operating threshold and what it was fitted on, so a decision can be audited.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("model.json")
FEATURES = (
    "dense",  # cosine similarity of question and sentence embeddings
    "coverage",  # IDF-weighted share of the question's focus terms in the sentence
    "context",  # the same over sentence, previous sentence, section path and source
    "entity_missing",  # 1 when a named entity of the question is absent from that context
    "rarest",  # 1 when the question's rarest focus term is in that context
    "type_match",  # context coverage if it holds the answer type's entity (or none is wanted)
    "list_item",  # the sentence is a list item or a list's lead-in
    "rank",  # 1 / (1 + rank of its passage)
    "source",  # +1 from a document the question names, -1 from another, 0 none named
    "unknown",  # IDF-weighted share of focus terms the collection never uses
    "polarity",  # 1 when exactly one of question and sentence is negated
)


@dataclass(frozen=True)
class AnswerModel:
    """Coefficients over `FEATURES` and the probability above which the engine answers."""

    version: str
    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float
    fitted_on: dict[str, Any] = field(default_factory=dict)

    def probability(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(
            w * values.get(name, 0.0)
            for name, w in zip(self.features, self.coefficients, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "features": list(self.features),
            "coefficients": [round(c, 6) for c in self.coefficients],
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 6),
            "fitted_on": self.fitted_on,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnswerModel:
        features = tuple(data["features"])
        unknown = set(features) - set(FEATURES)
        if unknown or len(data["coefficients"]) != len(features):
            raise ValueError(
                f"answer model does not match the engine's features: {sorted(unknown)}"
            )
        return cls(
            version=str(data["version"]),
            features=features,
            coefficients=tuple(float(c) for c in data["coefficients"]),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            fitted_on=dict(data.get("fitted_on", {})),
        )


def save_model(model: AnswerModel, path: Path = MODEL_FILE) -> None:
    path.write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")
    load_model.cache_clear()


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> AnswerModel:
    return AnswerModel.from_json(json.loads(path.read_text(encoding="utf-8")))
