"""Ingest files into the index, one file at a time and all-or-nothing per file.

A file is parsed, chunked and embedded completely before anything is written; only then are its vectors
upserted, its stale vectors deleted and the manifest saved. So a corrupt or unsupported file is reported and
leaves the index exactly as it was. Unchanged files (same content hash at the same path) are skipped without
re-embedding, and a file whose content is already indexed under another path is reported as a duplicate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Protocol, Sequence

import numpy as np

from knowledge.ingest.chunking import chunk_document
from knowledge.ingest.loaders import SUPPORTED_SUFFIXES, IngestError, load_document
from knowledge.ingest.manifest import IndexManifest
from knowledge.tokens import TokenCounter

Progress = Callable[[int, int, str], None]  # (files done, files total, current file name)
Embed = Callable[[list[str]], np.ndarray]
Status = Literal["added", "updated", "unchanged", "duplicate", "failed"]


class VectorStore(Protocol):
    """Where chunk vectors go (the retrieval side's ``DenseIndex``); ingest needs only these two calls."""

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, documents: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...


@dataclass
class FileOutcome:
    path: str
    status: Status
    doc_id: str | None = None
    chunks: int = 0
    message: str = ""


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def by_status(self, status: Status) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def embedded(self) -> int:
        """Files whose chunks were (re-)embedded in this run."""
        return len(self.by_status("added")) + len(self.by_status("updated"))

    @property
    def failed(self) -> list[FileOutcome]:
        return self.by_status("failed")

    def summary(self) -> str:
        counts = {s: len(self.by_status(s)) for s in ("added", "updated", "unchanged", "duplicate", "failed")}
        return ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "nothing to do"


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, plus supported files found (recursively) inside given folders."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                              and p.name.lower() != "readme.md"))
        else:
            out.append(path)
    return out


def ingest_file(path: Path, manifest: IndexManifest, dense: VectorStore, embed: Embed, tokens: TokenCounter,
                origin: str = "user") -> FileOutcome:
    """Ingest one file; raises IngestError (index untouched) when the file cannot be used."""
    key = str(path.resolve())
    doc, data = load_document(path)
    file_hash = hashlib.sha256(data).hexdigest()
    previous_id = manifest.doc_for_path(key)
    if previous_id and manifest.docs[previous_id]["file_hash"] == file_hash:
        return FileOutcome(key, "unchanged", previous_id, len(manifest.docs[previous_id]["chunk_ids"]))
    duplicate_of = manifest.doc_for_hash(file_hash)
    if duplicate_of and duplicate_of != previous_id:
        return FileOutcome(key, "duplicate", duplicate_of, 0, f"same content as {duplicate_of}")
    doc.origin, doc.path = origin, key
    if doc.id in manifest.docs and doc.id != previous_id:  # another file already uses this id
        doc.id = f"{doc.id}-{file_hash[:8]}"
    chunks = chunk_document(doc, tokens)
    if not chunks:
        raise IngestError(f"{path.name}: no text to index")
    vectors = embed([c.search_text for c in chunks])
    old_ids = set(manifest.docs[previous_id]["chunk_ids"]) if previous_id else set()
    new_ids = [c.id for c in chunks]
    try:
        dense.upsert(new_ids, vectors, [c.text for c in chunks], [c.metadata for c in chunks])
    except Exception as exc:
        dense.delete([i for i in new_ids if i not in old_ids])
        raise IngestError(f"{path.name}: the vector store rejected the document ({exc})") from exc
    if previous_id and previous_id != doc.id:
        manifest.remove(previous_id)
    dense.delete(sorted(old_ids - set(new_ids)))
    manifest.put(doc, chunks, file_hash)
    manifest.save()
    return FileOutcome(key, "updated" if previous_id else "added", doc.id, len(chunks))


def ingest_paths(paths: Iterable[str | Path], manifest: IndexManifest, dense: VectorStore, embed: Embed,
                 tokens: TokenCounter, progress: Progress | None = None, origin: str = "user") -> IngestReport:
    """Ingest many files; each failure is recorded in the report and the rest carry on."""
    files = expand_paths(paths)
    report = IngestReport()
    for n, path in enumerate(files):
        if progress:
            progress(n, len(files), path.name)
        try:
            report.outcomes.append(ingest_file(path, manifest, dense, embed, tokens, origin))
        except (IngestError, OSError) as exc:
            report.outcomes.append(FileOutcome(str(path), "failed", message=str(exc)))
        except Exception as exc:  # an unexpected failure in one file must not stop the others
            report.outcomes.append(FileOutcome(str(path), "failed", message=f"{path.name}: {exc!r}"))
    if progress:
        progress(len(files), len(files), "")
    return report
