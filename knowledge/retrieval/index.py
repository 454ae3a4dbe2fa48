"""Open, build and keep up to date the guideline index in a given folder (and optional Chroma server).

Opening an index whose manifest or vectors are missing rebuilds it from the starter corpus (plus any user files
still on disk), reporting progress; an existing index is brought in line with the starter folder incrementally,
so a changed guideline file is re-embedded and nothing else is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from knowledge import tokens
from knowledge.corpus import STARTER_DIR, GuidelineDoc, starter_files
from knowledge.embeddings import MODEL_ID, get_embedder
from knowledge.ingest.manifest import IndexManifest
from knowledge.ingest.pipeline import IngestReport, Progress, ingest_paths
from knowledge.retrieval.dense import DenseIndex, open_client
from knowledge.retrieval.hybrid import Hit, HybridRetriever, Mode, SearchFilters


class GuidelineIndex:
    """The searchable guideline library: manifest + Chroma vectors + BM25, behind one object."""

    def __init__(self, index_dir: str | Path, chroma_url: str | None = None, starter_dir: Path | None = None):
        self.index_dir = Path(index_dir).expanduser()
        self.chroma_url = chroma_url
        self.starter_dir = starter_dir or STARTER_DIR
        self.manifest = IndexManifest(self.index_dir, MODEL_ID)
        self.dense = DenseIndex(open_client(self.index_dir, chroma_url))
        self.notices: list[str] = []
        self._retriever: HybridRetriever | None = None
        tokens.encoding(cache_dir=self.index_dir / "tiktoken")

    @classmethod
    def open(cls, index_dir: str | Path, chroma_url: str | None = None, progress: Progress | None = None,
             starter_dir: Path | None = None, sync_starter: bool = True) -> "GuidelineIndex":
        """Open (building or refreshing as needed) the index; ``notices`` says what was done."""
        index = cls(index_dir, chroma_url, starter_dir)
        if not index.is_complete():
            index.rebuild(progress)
        elif sync_starter:
            index.sync_starter(progress)
        return index

    def is_complete(self) -> bool:
        """True when the manifest loads and the vector store holds exactly its chunks."""
        if not self.manifest.load() or not self.manifest.docs:
            return False
        expected = sum(len(entry["chunk_ids"]) for entry in self.manifest.docs.values())
        return self.dense.count() == expected

    def rebuild(self, progress: Progress | None = None) -> IngestReport:
        """Start again from the starter corpus plus the user files that still exist."""
        user_files = [e["path"] for e in self.manifest.docs.values() if e.get("origin") == "user" and e.get("path")]
        self.manifest.clear()
        self.dense.reset()
        report = self._ingest(starter_files(self.starter_dir), progress, origin="starter")
        existing = [p for p in user_files if Path(p).is_file()]
        if existing:
            report.outcomes += self._ingest(existing, progress, origin="user").outcomes
        self.notices.append(f"Built the guideline index: {len(self.manifest.docs)} documents ({report.summary()}).")
        return report

    def sync_starter(self, progress: Progress | None = None) -> IngestReport | None:
        """Re-embed changed or new starter files and drop starter documents whose file is gone."""
        files = starter_files(self.starter_dir)
        present = {str(p.resolve()) for p in files}
        gone = [d for d, e in self.manifest.docs.items() if e.get("origin") == "starter" and e["path"] not in present]
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
        report = ingest_paths(paths, self.manifest, self.dense, get_embedder().embed, progress, origin)
        if report.embedded:
            self._retriever = None
        return report

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            self._retriever = HybridRetriever(self.manifest.all_chunks(), self.dense, get_embedder().embed_one,
                                              self.manifest.docs)
        return self._retriever

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None, mode: Mode = "hybrid") -> list[Hit]:
        return self.retriever.search(query, k, filters, mode)

    def topics(self) -> list[dict[str, Any]]:
        """One entry per document: id, title, organisation, year, specialties and section headings."""
        return [{"doc_id": d, "title": e["title"], "source": e["organisation"], "year": e["year"] or "n.d.",
                 "url": e.get("url"), "specialty": e.get("specialty", []), "sections": e["sections"],
                 "origin": e.get("origin", "starter")} for d, e in sorted(self.manifest.docs.items())]

    def document(self, doc_id: str) -> GuidelineDoc | None:
        loaded = self.manifest.load_doc(doc_id)
        return loaded[0] if loaded else None
