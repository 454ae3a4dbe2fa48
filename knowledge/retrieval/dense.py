"""Dense retrieval over a Chroma collection: embedded persistent Chroma by default, a Chroma server when a URL
is configured. Vectors are computed by us (batched) and handed to Chroma, so it never embeds on its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlparse

import numpy as np

from knowledge.embeddings import Embedder

COLLECTION = "guidelines"
_ADD_BATCH = 1000


class VectorStoreUnavailable(RuntimeError):
    """The vector store cannot be opened or reached (message names the path or URL)."""


def _settings():
    from chromadb.config import Settings  # chromadb takes ~0.7 s to import: only when an index is opened

    return Settings(anonymized_telemetry=False, allow_reset=False)


def open_client(index_dir: Path, chroma_url: str | None = None):
    """A Chroma client: ``HttpClient`` for a server URL (checked with a heartbeat), else on-disk under index_dir."""
    import chromadb  # ~0.7 s to import: only when an index is opened, not whenever retrieval is imported

    if chroma_url:
        parsed = urlparse(chroma_url if "://" in chroma_url else f"http://{chroma_url}")
        if not parsed.hostname:
            raise VectorStoreUnavailable(f"Chroma server URL is not valid: {chroma_url!r}")
        ssl = parsed.scheme == "https"
        try:
            client = chromadb.HttpClient(host=parsed.hostname, port=parsed.port or (443 if ssl else 8000), ssl=ssl,
                                         settings=_settings())
            client.heartbeat()
        except Exception as exc:  # the client raises several transport-specific types
            raise VectorStoreUnavailable(
                f"Cannot reach the Chroma server at {chroma_url} ({exc.__class__.__name__}). Start the server or unset "
                "chroma_url to use the built-in index."
            ) from exc
        return client
    path = Path(index_dir) / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=_settings())
    except Exception as exc:
        raise VectorStoreUnavailable(f"Cannot open the vector index at {path}: {exc}") from exc


@dataclass
class DenseHit:
    chunk_id: str
    similarity: float  # cosine similarity, 1 = same direction


class DenseIndex:
    """Thin wrapper over one Chroma collection in cosine space; ``embedder`` backs Chroma's embedding adapter."""

    def __init__(self, client: Any, name: str = COLLECTION, embedder: Embedder | None = None):
        self.client = client
        self.name = name
        self.embedder = embedder
        self.collection = self._open_collection()

    def _open_collection(self) -> Any:
        # the adapter module imports chromadb (~0.7 s); it is needed only once a collection is opened
        from knowledge.retrieval.chroma_embedding import MiniLMEmbeddingFunction

        return self.client.get_or_create_collection(name=self.name,
                                                    embedding_function=MiniLMEmbeddingFunction(self.embedder))

    def count(self) -> int:
        return self.collection.count()

    def reset(self) -> None:
        """Drop every vector (used when the index is rebuilt from scratch)."""
        try:
            self.client.delete_collection(self.name)
        except Exception:  # already gone
            pass
        self.collection = self._open_collection()

    def upsert(self, ids: Sequence[str], vectors: np.ndarray, documents: Sequence[str],
               metadatas: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            end = start + _ADD_BATCH
            self.collection.upsert(ids=list(ids[start:end]), embeddings=np.asarray(vectors[start:end]),
                                   documents=list(documents[start:end]), metadatas=list(metadatas[start:end]))

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            self.collection.delete(ids=list(ids[start : start + _ADD_BATCH]))

    def query(self, vector: np.ndarray, k: int, doc_ids: Sequence[str] | None = None) -> list[DenseHit]:
        """Nearest chunks to a unit query vector, optionally only within the given documents."""
        total = self.count()
        if total == 0 or k <= 0 or (doc_ids is not None and not doc_ids):
            return []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        result = self.collection.query(query_embeddings=[np.asarray(vector, dtype=np.float32)],
                                       n_results=min(k, total), where=where, include=["distances"])
        ids, distances = result["ids"][0], result["distances"][0]
        return [DenseHit(i, 1.0 - float(d)) for i, d in zip(ids, distances)]
