"""Cited guideline search over a given ``GuidelineIndex``, and opening that index for a ``Settings``.

Nothing is cached here: the assistant opens the index once (``assistant.knowledge.Knowledge.guidelines``), a CLI
command once per run (``open_index``), and every function below is handed the index it searches.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from knowledge.embeddings import Embedder
from knowledge.ingest.pipeline import Progress
from knowledge.retrieval.hybrid import Hit, Mode, SearchFilters
from knowledge.retrieval.library import GuidelineIndex
from knowledge.tokens import TokenCounter

from assistant.settings import Settings


def open_index(settings: Settings, *, embedder: Embedder | None = None, tokens: TokenCounter | None = None,
               progress: Progress | None = None) -> GuidelineIndex:
    """The index these settings point at, built (with progress) when missing; loads an embedder if none is given.

    Raises VectorStoreUnavailable (unreachable Chroma server) or EmbeddingModelMissing.
    """
    return GuidelineIndex.open(settings.index_dir, embedder or Embedder.load(), chroma_url=settings.chroma_url,
                               tokens=tokens, progress=progress)


def take_notices(index: GuidelineIndex) -> list[str]:
    """Messages about index work done since the last call (e.g. "Built the guideline index ...")."""
    return index.take_notices()


def search_hits(index: GuidelineIndex, query: str, k: int = 5, *, specialty: str | None = None,
                source: str | None = None, year_min: int | None = None, year_max: int | None = None,
                mode: Mode = "hybrid", query_vector: np.ndarray | None = None) -> list[Hit]:
    """Ranked passages with their relevance flags (for answers that must decide whether they have a source).

    ``query_vector`` (from ``index.embed_query``) lets a caller that scores sentences against the query embed
    it only once.
    """
    filters = SearchFilters(specialty=specialty, source=source, year_min=year_min, year_max=year_max)
    return index.search(query, k, mode=mode, filters=filters, query_vector=query_vector)


def search(index: GuidelineIndex, query: str, k: int = 5, *, specialty: str | None = None, source: str | None = None,
           year_min: int | None = None, year_max: int | None = None) -> list[dict[str, Any]]:
    """Top-k citations ``{doc_id, title, section, source, year, url, snippet, score}``, best first."""
    hits = search_hits(index, query, k, specialty=specialty, source=source, year_min=year_min, year_max=year_max)
    return [hit.to_citation() for hit in hits]
