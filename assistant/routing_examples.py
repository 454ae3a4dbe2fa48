"""Example utterances per intent (knowledge/dialogue/intents.yaml) and the nearest one to a message by embedding
similarity - the router's last resort when commands and the parse do not settle the intent."""

from __future__ import annotations

import threading
from typing import Any, Callable, Sequence

import numpy as np

SIMILARITY_FLOOR = 0.45
Embed = Callable[[Sequence[str]], np.ndarray]


class IntentExamples:
    def __init__(self, data: dict[str, Any], embed: Embed) -> None:
        self.labels: list[str] = []
        self.texts: list[str] = []
        for intent, utterances in data.items():
            self.labels += [intent] * len(utterances)
            self.texts += [str(u) for u in utterances]
        self._embed = embed
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def vectors(self) -> np.ndarray:
        """Every example embedded (once, on first use; serving warms it up front)."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    self._vectors = np.asarray(self._embed(self.texts), dtype=np.float32)
        return self._vectors

    def nearest(self, text: str) -> str | None:
        """The intent of the most similar example, or None when nothing is close or the model is unavailable."""
        try:
            scores = self.vectors() @ np.asarray(self._embed([text[:2000]]))[0]
        except (ImportError, OSError, RuntimeError):
            return None
        best = int(scores.argmax())
        return self.labels[best] if float(scores[best]) >= SIMILARITY_FLOOR else None
