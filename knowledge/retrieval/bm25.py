"""A small Okapi BM25 (k1=1.5, b=0.75) over chunk texts, with numpy postings; our own code, no extra package.

Terms are lower-cased word tokens with a light suffix strip, so "screening"/"screen" and "infants"/"infant"
meet; stop words are dropped. Scoring touches only the postings of the query terms, so it stays fast at 100k.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
STOP_WORDS = frozenset(
    "a an and are as at be by can do does for from has have how i if in is it its may me my of on or should that "
    "the their there these they this to was what when where which who why will with you your".split()
)
MAX_QUERY_TERMS = 64


def stem(word: str) -> str:
    """A deliberately light stemmer: plural and common verb endings only."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def tokenize(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


class BM25Index:
    """BM25 over a fixed list of texts; ``scores(query)`` gives one score per text."""

    def __init__(self, texts: list[str], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.size = len(texts)
        lengths = np.zeros(self.size, dtype=np.float32)
        postings: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for i, text in enumerate(texts):
            counts = Counter(tokenize(text))
            lengths[i] = sum(counts.values())
            for term, tf in counts.items():
                postings[term][0].append(i)
                postings[term][1].append(tf)
        avg = float(lengths.mean()) if self.size else 1.0
        self._norm = k1 * (1 - b + b * lengths / max(avg, 1e-9))
        self._postings = {t: (np.array(d, dtype=np.int64), np.array(f, dtype=np.float32)) for t, (d, f) in
                          postings.items()}

    def idf(self, term: str) -> float:
        df = len(self._postings[term][0]) if term in self._postings else 0
        return float(np.log(1 + (self.size - df + 0.5) / (df + 0.5)))

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        for term in dict.fromkeys(tokenize(query)[:MAX_QUERY_TERMS] if query else []):
            if term not in self._postings:
                continue
            docs, tf = self._postings[term]
            out[docs] += self.idf(term) * tf * (self.k1 + 1) / (tf + self._norm[docs])
        return out

    def top(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Indices and scores of the best k texts with a positive score (optionally within a boolean mask)."""
        scores = self.scores(query)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0)
        k = min(k, int((scores > 0).sum()))
        if k <= 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(int(i), float(scores[i])) for i in best]
