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
from rapidfuzz import fuzz, process
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
TOPIC_ZIPF = 3.5  # below this a query word can name the topic ("gout" is 3.1, "glaucoma" 3.0, "lice" 3.2)
TYPO_RATIO = 85  # rapidfuzz ratio at which an unknown distinctive word is read as the library's word
FOREIGN_MIN_LETTERS = 6  # shorter unknown words are mostly abbreviations ("nebs", "outpt"), not topics
SUBJECT_MENTIONS = 2  # a guideline is about a word it names in its title or a heading, or uses at least this often
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
        self._doc_text: dict[str, str] = {}
        for chunk in chunks:
            self._doc_text[chunk.doc_id] = self._doc_text.get(chunk.doc_id, "") + " " + chunk.search_text.lower()
        self._undashed = {doc: text.replace("-", "") for doc, text in self._doc_text.items()}
        self._vocabulary = sorted({w for text in self._doc_text.values() for w in re.findall(r"[a-z][a-z\-]{5,}", text)})

    def is_about(self, doc_id: str, section: str | None, stem: str) -> bool:
        """Whether a guideline is about a word, not merely mentions it: named in its title or the passage's heading,
        or used at least SUBJECT_MENTIONS times (the cellulitis guideline names gout once, as a mimic)."""
        heading = f"{self.doc_meta.get(doc_id, {}).get('title', '')} {section or ''}".lower()
        return stem in heading or self._doc_text.get(doc_id, "").count(stem) >= SUBJECT_MENTIONS

    def uses(self, word: str) -> bool:
        """Whether any guideline uses the word (a distinctive word no guideline uses names a topic it lacks)."""
        stem = _stem(word.replace("-", ""))
        return any(stem in text for text in self._undashed.values())

    def spelled(self, words: list[str]) -> list[str]:
        """A distinctive word the library never uses, read as the library word it is a misspelling of
        ("pnuemonia" -> "pneumonia"); a word with no close match stays as typed (a topic the library lacks)."""
        fixed = []
        for word in words:
            if len(word) >= 6 and "-" not in word and not self.uses(word):
                match = process.extractOne(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_RATIO)
                word = match[0] if match else word
            fixed.append(word)
        return fixed

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
        topic = self.topic_word(query)
        return [Hit(self.chunks[i], min(1.0, s / best_possible), similarity.get(i), bm25.get(i, 0.0),
                    is_relevant(similarity.get(i, 0.0), [topic] if topic else [], self.chunks[i].search_text,
                                lambda stem, c=self.chunks[i]: self.is_about(c.doc_id, c.section, stem)))
                for i, s in ranked]

    def topic_word(self, query: str) -> str | None:
        """The question's rarest distinctive word - what a source must be about - read through misspelling; a short
        word no guideline uses is an abbreviation ("nebs", "npep"), not a topic, and is passed over."""
        words = [w for w in self.spelled(distinctive_words(query, TOPIC_ZIPF))
                 if len(w) >= FOREIGN_MIN_LETTERS or self.uses(w)]
        return min(words, key=lambda w: zipf_frequency(w, "en")) if words else None


def distinctive_words(query: str, below: float = RARE_ZIPF) -> list[str]:
    """Query words rare in everyday English (zipf < ``below``): the names a source must actually mention."""
    words = re.findall(r"[a-z][a-z\-]{3,}", query.lower())
    return [w for w in dict.fromkeys(words) if zipf_frequency(w, "en") < below]


def is_relevant(similarity: float, rare_words: list[str], text: str, about: Callable[[str], bool] | None = None) -> bool:
    """A passage is a source when it is close in meaning and, unless very close, names a distinctive query word
    that its guideline is about (``about``), not one it mentions in passing.

    Without these tests a made-up or absent topic ("dragon pox", "gout flare") borrows a loosely similar passage
    from another guideline and gets cited as if it were the answer.
    """
    if similarity >= SURE_SIMILARITY:
        return True
    if similarity < MIN_SIMILARITY:
        return False
    lowered = text.lower()
    return not rare_words or any((stem := _stem(word)) in lowered and (about is None or about(stem))
                                 for word in rare_words)


def _stem(word: str) -> str:
    return word[: max(5, len(word) - 2)]
