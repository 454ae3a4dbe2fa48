"""Cited guideline search with one opened index per (index_dir, chroma_url), shared by the whole process.

The first search builds the index (with progress) when it is missing; later searches reuse it. Opening also
picks up changed starter files, so what the index holds matches the shipped corpus.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from knowledge.ingest.pipeline import Progress
from knowledge.retrieval.hybrid import Hit, Mode, SearchFilters
from knowledge.retrieval.index import GuidelineIndex

from assistant.settings import Settings

log = logging.getLogger(__name__)
_INDEXES: dict[tuple[str, str | None], GuidelineIndex] = {}
_LOCK = threading.Lock()


def _log_progress(done: int, total: int, name: str) -> None:
    if total and (done == total or done % 10 == 0):
        log.info("Indexing guidelines: %d/%d %s", done, total, name)


def open_index(settings: Settings, progress: Progress | None = None) -> GuidelineIndex:
    """The shared index for these settings, built on first use (raises VectorStoreUnavailable if unreachable)."""
    key = (str(settings.index_dir.resolve()), settings.chroma_url)
    with _LOCK:
        if key not in _INDEXES:
            _INDEXES[key] = GuidelineIndex.open(settings.index_dir, settings.chroma_url, progress or _log_progress)
        return _INDEXES[key]


def ensure_index(settings: Settings, show_progress: bool = False, progress: Progress | None = None) -> int:
    """Open (building if missing) the index, optionally with a progress bar on stderr; returns its chunk count."""
    if show_progress and progress is None:
        from assistant.guidelines.progress import RichProgress

        with RichProgress() as bar:
            index = open_index(settings, bar)
    else:
        index = open_index(settings, progress)
    return index.dense.count()


def forget_indexes() -> None:
    """Drop cached indexes (tests, or after the index folder was deleted)."""
    with _LOCK:
        _INDEXES.clear()


def take_notices(settings: Settings) -> list[str]:
    """Messages about index work done since the last call (e.g. "Built the guideline index ...")."""
    index = open_index(settings)
    notices, index.notices = index.notices, []
    return notices


def search_hits(query: str, settings: Settings, k: int = 5, specialty: str | None = None, source: str | None = None,
                year_min: int | None = None, year_max: int | None = None, mode: Mode = "hybrid") -> list[Hit]:
    """Ranked passages with their relevance flags (for answers that must decide whether they have a source)."""
    filters = SearchFilters(specialty=specialty, source=source, year_min=year_min, year_max=year_max)
    return open_index(settings).search(query, k, filters, mode)


def search(query: str, settings: Settings, k: int = 5, specialty: str | None = None, source: str | None = None,
           year_min: int | None = None, year_max: int | None = None) -> list[dict[str, Any]]:
    """Top-k citations ``{doc_id, title, section, source, year, url, snippet, score}``, best first."""
    hits = search_hits(query, settings, k, specialty, source, year_min, year_max)
    return [hit.to_citation() for hit in hits]
