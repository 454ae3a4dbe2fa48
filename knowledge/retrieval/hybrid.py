"""Hybrid search: BM25 and dense rankings fused by reciprocal rank (RRF, k=60), with document-level filters.

RRF needs no score calibration between the two retrievers; the fused score is rescaled so that a passage ranked
first by both gets 1.0. Relevance (for "I have no source for that") is judged separately from the dense cosine
similarity and the BM25 match, because a fused rank says nothing about absolute relevance.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Literal

import numpy as np
from wordfreq import zipf_frequency

from knowledge.chunks import Chunk
from knowledge.retrieval.bm25 import BM25Index, tokenize
from knowledge.retrieval.dense import DenseIndex

RRF_K = 60
CANDIDATES = 50
MAX_QUERY_CHARS = 4000  # longer queries are cut; the embedder sees 256 word-pieces anyway
MIN_SIMILARITY = 0.30  # dense cosine below which a passage is not considered a source for the question
SURE_SIMILARITY = 0.50  # above this the passage is a source even if the query's rare words are absent
RARE_ZIPF = 3.0  # wordfreq zipf below which a query word is distinctive (a disease, drug or test name)
Mode = Literal["hybrid", "bm25", "dense"]


@dataclass
class SearchFilters:
    specialty: str | None = None  # matches any of a document's specialties (case-insensitive, substring)
    source: str | None = None  # organisation name or doc-id prefix, e.g. "USPSTF", "nice"
    year_min: int | None = None
    year_max: int | None = None

    def active(self) -> bool:
        return any(v is not None and v != "" for v in (self.specialty, self.source, self.year_min, self.year_max))

    def accepts(self, doc_id: str, meta: dict[str, Any]) -> bool:
        if self.specialty:
            wanted = self.specialty.lower().replace(" ", "-")
            if not any(wanted in s.lower() for s in meta.get("specialty") or []):
                return False
        if self.source:
            wanted = self.source.lower()
            if wanted not in str(meta.get("organisation", "")).lower() and not doc_id.lower().startswith(wanted):
                return False
        year = meta.get("year") or 0
        if self.year_min and year < self.year_min:
            return False
        if self.year_max and (not year or year > self.year_max):
            return False
        return True


@dataclass
class Hit:
    chunk: Chunk
    score: float
    similarity: float | None  # dense cosine, when the chunk was among the dense candidates
    bm25: float
    relevant: bool

    def to_citation(self, snippet_chars: int = 320) -> dict[str, Any]:
        meta = self.chunk.metadata
        return {
            "doc_id": self.chunk.doc_id, "title": meta.get("title", self.chunk.doc_id), "section": self.chunk.section,
            "source": meta.get("organisation", ""), "year": meta.get("year") or "n.d.", "url": meta.get("url") or None,
            "snippet": make_snippet(self.chunk.text, snippet_chars), "score": round(self.score, 4),
        }


def make_snippet(text: str, limit: int = 320) -> str:
    """Plain-text excerpt: Markdown emphasis and bullets removed, cut at a word boundary."""
    plain = re.sub(r"\*\*|__|`|^#+\s*|^\s*[-*+]\s+", "", text, flags=re.MULTILINE)
    plain = re.sub(r"\s+", " ", plain).strip()
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0] + " …"


def clean_query(query: str) -> str:
    return re.sub(r"\s+", " ", (query or "")[:MAX_QUERY_CHARS]).strip()


class HybridRetriever:
    """Searches one set of chunks with BM25 and dense vectors and fuses the two rankings."""

    def __init__(self, chunks: list[Chunk], dense: DenseIndex, embed_query: Callable[[str], np.ndarray],
                 doc_meta: dict[str, dict[str, Any]], bm25: BM25Index | None = None):
        self.chunks = chunks
        self.position = {c.id: i for i, c in enumerate(chunks)}
        self.doc_of = np.array([c.doc_id for c in chunks], dtype=object)
        self.dense = dense
        self.embed_query = embed_query
        self.doc_meta = doc_meta
        self.bm25 = bm25 or BM25Index([c.search_text for c in chunks])

    def _allowed_docs(self, filters: SearchFilters | None) -> list[str] | None:
        if not filters or not filters.active():
            return None
        return [d for d, meta in self.doc_meta.items() if filters.accepts(d, meta)]

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None, mode: Mode = "hybrid",
               candidates: int = CANDIDATES, query_vector: np.ndarray | None = None) -> list[Hit]:
        """Top-k passages for a query; empty when the query has no searchable content or filters exclude all.

        The query is embedded at most once, for the dense side; a caller that already has its vector (to score
        sentences with it afterwards) passes it as ``query_vector`` and nothing is embedded here.
        """
        query = clean_query(query)
        if not query or k <= 0 or not self.chunks:
            return []
        allowed_docs = self._allowed_docs(filters)
        if allowed_docs is not None and not allowed_docs:
            return []
        depth = max(candidates, k)
        sparse: list[tuple[int, float]] = []
        if mode in ("hybrid", "bm25") and tokenize(query):
            mask = None if allowed_docs is None else np.isin(self.doc_of, allowed_docs)
            sparse = self.bm25.top(query, depth, mask)
        dense_hits = []
        if mode in ("hybrid", "dense"):
            vector = self.embed_query(query) if query_vector is None else query_vector
            dense_hits = [h for h in self.dense.query(vector, depth, allowed_docs)
                          if h.chunk_id in self.position]
        fused: dict[int, float] = {}
        for rank, (i, _) in enumerate(sparse):
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        similarity = {}
        for rank, hit in enumerate(dense_hits):
            i = self.position[hit.chunk_id]
            similarity[i] = hit.similarity
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + rank + 1)
        bm25 = dict(sparse)
        best_possible = (2.0 if mode == "hybrid" else 1.0) / (RRF_K + 1)
        ranked = sorted(fused.items(), key=lambda item: -item[1])[:k]
        rare = distinctive_words(query)
        return [Hit(self.chunks[i], min(1.0, s / best_possible), similarity.get(i), bm25.get(i, 0.0),
                    is_relevant(similarity.get(i, 0.0), rare, self.chunks[i].search_text)) for i, s in ranked]


def distinctive_words(query: str) -> list[str]:
    """Query words rare in everyday English (zipf < RARE_ZIPF): the names a source must actually mention."""
    words = re.findall(r"[a-z][a-z\-]{3,}", query.lower())
    return [w for w in dict.fromkeys(words) if zipf_frequency(w, "en") < RARE_ZIPF]


def is_relevant(similarity: float, rare_words: list[str], text: str) -> bool:
    """A passage is a source when it is close in meaning and, unless very close, names a distinctive query word.

    Without the second test a made-up or absent topic ("dragon pox", "chickenpox") borrows a loosely similar
    passage from another guideline and gets cited as if it were the answer.
    """
    if similarity >= SURE_SIMILARITY:
        return True
    if similarity < MIN_SIMILARITY:
        return False
    lowered = text.lower()
    return not rare_words or any(word[: max(5, len(word) - 2)] in lowered for word in rare_words)
