"""The Chroma adapter for the MiniLM embedder (kept apart so importing embeddings needs no chromadb)."""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from knowledge.embeddings import DIMENSION, MODEL_ID, Embedder


class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma adapter around an embedder (the collection stores unit vectors; cosine space).

    We hand Chroma our own vectors, so it calls this only if asked to embed by itself; an adapter that Chroma
    rebuilds from its stored config has no embedder yet and loads one on its first call.
    """

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        if self._embedder is None:
            self._embedder = Embedder.load()
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "clinical-assistant-minilm-int8"

    def default_space(self) -> Any:
        return "cosine"

    def supported_spaces(self) -> Any:
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_ID, "dimension": DIMENSION}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MiniLMEmbeddingFunction":
        return MiniLMEmbeddingFunction()
