"""Scores: precision, recall and F1 over label sets, exact match over single values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SetScore:
    """Micro-averaged precision/recall/F1 over label sets, with the labels missed and invented."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: Counter[str] = field(default_factory=Counter)
    false_finds: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, doc_id: str, gold: set[str], pred: set[str]) -> None:
        """Count one document's gold and predicted labels."""
        self.tp += len(gold & pred)
        for label in sorted(gold - pred):
            self.fn += 1
            self.misses[label] += 1
            self.examples.setdefault("miss:" + label, []).append(doc_id)
        for label in sorted(pred - gold):
            self.fp += 1
            self.false_finds[label] += 1
            self.examples.setdefault("false:" + label, []).append(doc_id)

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted and nothing was expected."""
        d = self.tp + self.fp
        return self.tp / d if d else (1.0 if self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there was nothing to find."""
        d = self.tp + self.fn
        return self.tp / d if d else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self, worst: int = 5) -> dict[str, Any]:
        """Scores, counts and the worst misses and false finds, for JSON."""
        return {
            "kind": "set",
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "score": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "worst_misses": [
                {"label": k, "count": n, "docs": self.examples.get("miss:" + k, [])[:5]}
                for k, n in self.misses.most_common(worst)
            ],
            "worst_false_finds": [
                {"label": k, "count": n, "docs": self.examples.get("false:" + k, [])[:5]}
                for k, n in self.false_finds.most_common(worst)
            ],
        }


@dataclass
class ExactScore:
    """Exact-match accuracy of a single value per document (``None`` == ``None`` counts)."""

    right: int = 0
    total: int = 0
    wrong: list[dict[str, Any]] = field(default_factory=list)

    def add(self, doc_id: str, gold: Any, pred: Any) -> None:
        """Count one document."""
        self.total += 1
        if gold == pred:
            self.right += 1
        else:
            self.wrong.append({"doc": doc_id, "gold": gold, "predicted": pred})

    @property
    def accuracy(self) -> float:
        """Share of documents whose value matches exactly."""
        return self.right / self.total if self.total else 1.0

    def as_dict(self, worst: int = 5) -> dict[str, Any]:
        """Accuracy, counts and some wrong answers, for JSON."""
        return {
            "kind": "exact",
            "accuracy": round(self.accuracy, 4),
            "score": round(self.accuracy, 4),
            "right": self.right,
            "total": self.total,
            "wrong": self.wrong[:worst],
        }
