"""The guideline library: one opened index (manifest + Chroma vectors + BM25) to search, read sections from and
add user files to.

``GuidelineIndex.open()`` does the IO. An index whose manifest or vectors are missing is rebuilt from the starter
corpus (plus any user files still on disk), reporting progress; an existing index is brought in line with the
starter folder incrementally, so a changed guideline file is re-embedded and nothing else is. The opened object is
then shared read-mostly (searches may run concurrently; ingest and the lazily built BM25 side take a lock).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from knowledge.corpus import STARTER_DIR, GuidelineDoc, starter_files
from knowledge.embeddings import MODEL_ID, Embedder
from knowledge.ingest.manifest import IndexManifest
from knowledge.ingest.pipeline import IngestReport, Progress, ingest_paths
from knowledge.retrieval.sentences import SentenceVectors
from knowledge.retrieval.dense import DenseIndex, open_client
from knowledge.retrieval.hybrid import Hit, HybridRetriever, Mode, SearchFilters, clean_query
from knowledge.tokens import TokenCounter

log = logging.getLogger(__name__)


def log_progress(done: int, total: int, name: str) -> None:
    """Default progress for builds nobody watches: a log line every ten files."""
    if total and (done == total or done % 10 == 0):
        log.info("Indexing guidelines: %d/%d %s", done, total, name)


class GuidelineIndex:
    """The searchable guideline library behind one object; build it with ``open()`` (or ``connect()``)."""

    def __init__(self, index_dir: Path, embedder: Embedder, tokens: TokenCounter, manifest: IndexManifest,
                 dense: DenseIndex, *, chroma_url: str | None = None, starter_dir: Path | None = None):
        self.index_dir = index_dir
        self.embedder = embedder
        self.tokens = tokens
        self.manifest = manifest
        self.dense = dense
        self.chroma_url = chroma_url
        self.starter_dir = starter_dir or STARTER_DIR
        self.notices: list[str] = []
        self._retriever: HybridRetriever | None = None
        self._lock = threading.RLock()
        self.sentences = SentenceVectors(index_dir / "sentences", embedder.embed)

    @classmethod
    def connect(cls, index_dir: str | Path, embedder: Embedder, *, chroma_url: str | None = None,
                tokens: TokenCounter | None = None, starter_dir: Path | None = None) -> "GuidelineIndex":
        """The index as it is on disk (or on the Chroma server), neither built nor synced.

        Raises VectorStoreUnavailable when the store cannot be opened. Without ``tokens`` a counter is loaded
        with its offline BPE file cached under ``index_dir``.
        """
        index_dir = Path(index_dir).expanduser()
        dense = DenseIndex(open_client(index_dir, chroma_url), embedder=embedder)
        tokens = tokens or TokenCounter.load(cache_dir=index_dir / "tiktoken")
        return cls(index_dir, embedder, tokens, IndexManifest(index_dir, MODEL_ID), dense, chroma_url=chroma_url,
                   starter_dir=starter_dir)

    @classmethod
    def open(cls, index_dir: str | Path, embedder: Embedder, *, chroma_url: str | None = None,
             tokens: TokenCounter | None = None, progress: Progress | None = None, starter_dir: Path | None = None,
             sync_starter: bool = True) -> "GuidelineIndex":
        """Open the index, building it when missing or refreshing it from the starter folder; ``notices`` says
        what was done. ``progress`` (default: a log line every ten files) hears about every file embedded."""
        index = cls.connect(index_dir, embedder, chroma_url=chroma_url, tokens=tokens, starter_dir=starter_dir)
        progress = progress or log_progress
        if not index.is_complete():
            index.rebuild(progress)
        elif sync_starter:
            index.sync_starter(progress)
        return index

    # -- keeping the index whole ---------------------------------------------------------------------------------
    def is_complete(self) -> bool:
        """True when the manifest loads and the vector store holds exactly its chunks."""
        if not self.manifest.load() or not self.manifest.docs:
            return False
        expected = sum(len(entry["chunk_ids"]) for entry in self.manifest.docs.values())
        return self.dense.count() == expected

    def rebuild(self, progress: Progress | None = None) -> IngestReport:
        """Start again from the starter corpus plus the user files that still exist."""
        with self._lock:
            user_files = [e["path"] for e in self.manifest.docs.values()
                          if e.get("origin") == "user" and e.get("path")]
            self.manifest.clear()
            self.dense.reset()
            report = self._ingest(starter_files(self.starter_dir), progress, origin="starter")
            existing = [p for p in user_files if Path(p).is_file()]
            if existing:
                report.outcomes += self._ingest(existing, progress, origin="user").outcomes
            self.notices.append(f"Built the guideline index: {len(self.manifest.docs)} documents "
                                f"({report.summary()}).")
            return report

    def sync_starter(self, progress: Progress | None = None) -> IngestReport:
        """Re-embed changed or new starter files and drop starter documents whose file is gone."""
        with self._lock:
            files = starter_files(self.starter_dir)
            present = {str(p.resolve()) for p in files}
            gone = [d for d, e in self.manifest.docs.items()
                    if e.get("origin") == "starter" and e["path"] not in present]
            for doc_id in gone:
                self.dense.delete(self.manifest.remove(doc_id))
            if gone:
                self.manifest.save()
                self._retriever = None
            report = self._ingest(files, progress if self._has_changes(files) else None, origin="starter")
            if report.embedded or gone:
                self.notices.append(f"Updated the guideline index ({report.summary()}).")
            return report

    def _has_changes(self, files: list[Path]) -> bool:
        known = {e["path"] for e in self.manifest.docs.values()}
        return any(str(p.resolve()) not in known for p in files) or len(files) != len(known)

    def ingest(self, paths: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Add or update user guideline files (Markdown, text, HTML, PDF)."""
        return self._ingest(paths, progress, origin="user")

    def _ingest(self, paths: Iterable[str | Path], progress: Progress | None, origin: str) -> IngestReport:
        with self._lock:
            report = ingest_paths(paths, self.manifest, self.dense, self.embedder.embed, self.tokens, progress,
                                  origin)
            if report.embedded:
                self._retriever = None
            if report.embedded or not len(self.sentences):
                self.sentences.ensure(self.manifest.all_chunks())  # quoted sentences' vectors, once, at index time
            return report

    def take_notices(self) -> list[str]:
        """Messages about index work done since the last call (e.g. "Built the guideline index ...")."""
        with self._lock:
            notices, self.notices = self.notices, []
            return notices

    def chunk_count(self) -> int:
        return self.dense.count()

    # -- searching -----------------------------------------------------------------------------------------------
    @property
    def retriever(self) -> HybridRetriever:
        """BM25 over every chunk plus the dense store, built on first search and after each change."""
        with self._lock:
            if self._retriever is None:
                self._retriever = HybridRetriever(self.manifest.all_chunks(), self.dense, self.embedder.embed_one,
                                                  self.manifest.docs)
            return self._retriever

    def embed_query(self, query: str) -> np.ndarray:
        """The vector ``search`` would compute for this query; pass it back as ``query_vector`` to embed once."""
        return self.embedder.embed_one(clean_query(query))

    def search(self, query: str, k: int = 5, *, mode: Mode = "hybrid", filters: SearchFilters | None = None,
               query_vector: np.ndarray | None = None) -> list[Hit]:
        """Top-k passages, best first, each with its relevance flag (see ``knowledge.retrieval.hybrid``)."""
        return self.retriever.search(query, k, filters, mode, query_vector=query_vector)

    # -- reading -------------------------------------------------------------------------------------------------
    def list_topics(self) -> list[dict[str, Any]]:
        """One entry per document: ``{doc_id, title, source, year, url, specialty, sections, origin}``."""
        return [{"doc_id": d, "title": e["title"], "source": e["organisation"], "year": e["year"] or "n.d.",
                 "url": e.get("url"), "specialty": e.get("specialty", []), "sections": e["sections"],
                 "origin": e.get("origin", "starter")} for d, e in sorted(self.manifest.docs.items())]

    def document(self, doc_id: str) -> GuidelineDoc | None:
        loaded = self.manifest.load_doc(doc_id)
        return loaded[0] if loaded else None

    def documents(self) -> list[GuidelineDoc]:
        """Every indexed document (starter and user), sorted by id."""
        return [doc for doc in map(self.document, sorted(self.manifest.docs)) if doc is not None]

    def get_section(self, doc_id: str, section: str | None = None) -> dict[str, Any] | None:
        """The full text of one section (or the whole document when ``section`` is None) as a citation-shaped dict.

        Returns None when the document or section does not exist; matching ignores case.
        """
        doc = self.document(doc_id)
        if doc is None:
            return None
        if section:
            found = doc.section(section)
            if found is None:
                return None
            parts = [found]
        else:
            parts = doc.sections
        text = "\n\n".join(f"## {s.heading}\n{s.text}" if not section else s.text for s in parts)
        recommendations = [r for r in doc.recommendations
                           if not section or str(r.get("section", "")).lower() == section.strip().lower()]
        return {
            "doc_id": doc.id, "title": doc.title, "section": parts[0].heading if section else None,
            "source": doc.organisation, "source_title": doc.source_title, "year": doc.year or "n.d.",
            "url": doc.url, "text": text, "snippet": text[:320], "sections": [s.heading for s in doc.sections],
            "recommendations": recommendations, "licence_note": doc.licence_note,
        }
