"""Reference cases for the nearest-case rater (knowledge/triage/reference_cases.yaml).

Written separately from every evaluation set (a test checks that no text appears in both); vectors are computed
on first use with the assistant's embedder.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Sequence

import numpy as np

Embed = Callable[[Sequence[str]], np.ndarray]


class ReferenceCases:
    def __init__(self, data: dict[str, Any], embed: Embed) -> None:
        self.cases: list[dict[str, Any]] = list(data.get("cases") or [])
        self._embed = embed
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def vectors(self) -> np.ndarray:
        """Every case embedded (once, on first use: about a quarter of a second; serving warms it up front)."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    self._vectors = np.asarray(self._embed([case["text"] for case in self.cases]), dtype=np.float32)
        return self._vectors

    def nearest(self, text: str, k: int = 5) -> list[tuple[dict[str, Any], float]]:
        """The k closest cases with their cosine similarity, closest first."""
        if not self.cases or not text.strip():
            return []
        scores = self.vectors() @ np.asarray(self._embed([text]))[0]
        order = np.argsort(-scores)[:k]
        return [(self.cases[i], float(scores[i])) for i in order]
