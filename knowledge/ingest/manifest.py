"""The on-disk record of what is indexed: file content hashes (for incremental, de-duplicated ingest) and the
parsed documents with their chunks (for BM25, section lookup and citations).

Layout under ``index_dir``: ``manifest.json`` (doc_id -> summary + file hash + chunk ids) and
``docs/<doc_id>.json`` (full sections and chunks). Every write goes to a temp file and is renamed into place,
so a crash never leaves a half-written manifest.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from knowledge.chunks import Chunk
from knowledge.corpus import GuidelineDoc

MANIFEST_VERSION = 2


def _write_atomic(path: Path, payload: Any) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


class IndexManifest:
    """Documents and chunks known to the index, keyed by doc id."""

    def __init__(self, index_dir: Path, model_id: str):
        self.index_dir = Path(index_dir)
        self.model_id = model_id
        self.path = self.index_dir / "manifest.json"
        self.docs_dir = self.index_dir / "docs"
        self.docs: dict[str, dict[str, Any]] = {}
        self._cache: dict[str, tuple[GuidelineDoc, list[Chunk]]] = {}

    def exists(self) -> bool:
        return self.path.is_file()

    def load(self) -> bool:
        """Read the manifest; False (and empty) if missing, unreadable or built with another model."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.docs = {}
            return False
        if data.get("version") != MANIFEST_VERSION or data.get("model") != self.model_id:
            self.docs = {}
            return False
        self.docs = data.get("docs", {})
        return True

    def save(self) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.path, {"version": MANIFEST_VERSION, "model": self.model_id, "docs": self.docs})

    def doc_for_hash(self, file_hash: str) -> str | None:
        return next((doc_id for doc_id, entry in self.docs.items() if entry["file_hash"] == file_hash), None)

    def doc_for_path(self, path: str) -> str | None:
        return next((doc_id for doc_id, entry in self.docs.items() if entry.get("path") == path), None)

    def put(self, doc: GuidelineDoc, chunks: list[Chunk], file_hash: str) -> None:
        """Record a document (its JSON file first, then the manifest entry in memory; call save())."""
        self.docs_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.docs_dir / f"{doc.id}.json",
                      {"doc": doc.to_dict(), "chunks": [asdict(c) for c in chunks]})
        self.docs[doc.id] = {
            "title": doc.title, "organisation": doc.organisation, "year": doc.year, "url": doc.url,
            "specialty": doc.specialty, "audience": doc.audience, "origin": doc.origin, "path": doc.path,
            "file_hash": file_hash, "sections": [s.heading for s in doc.sections],
            "chunk_ids": [c.id for c in chunks],
        }
        self._cache[doc.id] = (doc, chunks)

    def remove(self, doc_id: str) -> list[str]:
        """Forget a document; returns its chunk ids so the vector store can drop them too."""
        entry = self.docs.pop(doc_id, None)
        self._cache.pop(doc_id, None)
        (self.docs_dir / f"{doc_id}.json").unlink(missing_ok=True)
        return entry["chunk_ids"] if entry else []

    def clear(self) -> None:
        for doc_id in list(self.docs):
            self.remove(doc_id)
        self.save()

    def load_doc(self, doc_id: str) -> tuple[GuidelineDoc, list[Chunk]] | None:
        if doc_id not in self.docs:
            return None
        if doc_id not in self._cache:
            try:
                data = json.loads((self.docs_dir / f"{doc_id}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            self._cache[doc_id] = (GuidelineDoc.from_dict(data["doc"]), [Chunk(**c) for c in data["chunks"]])
        return self._cache[doc_id]

    def all_chunks(self) -> list[Chunk]:
        out: list[Chunk] = []
        for doc_id in sorted(self.docs):
            loaded = self.load_doc(doc_id)
            if loaded:
                out.extend(loaded[1])
        return out
