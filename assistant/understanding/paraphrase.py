"""Embedding fallback for wordings the lexicon lacks ("heavy weight pressing on my breastbone").

Each clause with no concept found is compared (MiniLM cosine) with every lay phrase of the lexicon and with a set
of sentences that are not symptoms; the nearest phrase counts only above a threshold calibrated on held-out
paraphrases and off-topic sentences (tests/unit/test_paraphrase.py measures both sides), and only when another of
the nearest few phrases names the same concept (a k-nearest-neighbour vote): one look-alike phrase sharing a single
word ("I dribble at the end" next to "dribbling out of one side", "muffled" next to "muffled voice") is not enough. Phrase vectors are
computed once and kept in the data folder's cache, keyed by the lexicon's content.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

NOT_A_SYMPTOM = "_not_a_symptom"
NEIGHBOURS = 3  # the nearest phrase's concept must hold at least one more of the nearest NEIGHBOURS phrases
Embed = Callable[[Sequence[str]], np.ndarray]


class ParaphraseIndex:
    """Unit vectors of the lexicon's lay phrases, built on first use."""

    def __init__(self, embed: Embed, phrases: dict[str, list[str]], non_symptoms: Sequence[str],
                 cache_dir: Path | None = None) -> None:
        self._embed = embed
        self.labels: list[str] = [NOT_A_SYMPTOM] * len(non_symptoms)
        self.phrases: list[str] = list(non_symptoms)
        for concept, texts in sorted(phrases.items()):
            for text in texts:
                self.labels.append(concept)
                self.phrases.append(text)
        self._cache_dir = cache_dir
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    @property
    def vectors(self) -> np.ndarray:
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    self._vectors = self._load_or_build()
        return self._vectors

    def _load_or_build(self) -> np.ndarray:
        key = hashlib.sha256(json.dumps(self.phrases).encode("utf-8")).hexdigest()[:16]
        path = self._cache_dir / f"paraphrase-{key}.npy" if self._cache_dir else None
        if path is not None and path.is_file():
            try:
                vectors = np.load(path)
                if vectors.shape[0] == len(self.phrases):
                    return vectors
            except (OSError, ValueError):
                pass
        vectors = np.asarray(self._embed(self.phrases), dtype=np.float32)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(".tmp.npy")
                np.save(temporary, vectors)
                temporary.replace(path)
            except OSError:
                pass  # a read-only data folder only costs the rebuild next time
        return vectors

    def match(self, clauses: list[str]) -> list[tuple[str, str, float]]:
        """(clause, concept or "", cosine) of the nearest phrase for each clause; "" when nearest is not a symptom."""
        if not clauses:
            return []
        scores = np.asarray(self._embed(clauses)) @ self.vectors.T
        out = []
        for i, clause in enumerate(clauses):
            nearest = np.argsort(-scores[i])[:NEIGHBOURS]
            label = self.labels[int(nearest[0])]
            agreed = sum(self.labels[int(j)] == label for j in nearest) >= min(2, NEIGHBOURS)
            out.append((clause, "" if label == NOT_A_SYMPTOM or not agreed else label, float(scores[i, int(nearest[0])])))
        return out
