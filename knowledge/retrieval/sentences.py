"""Readable sentences of each indexed passage and their vectors, computed once when the passage is indexed.

A cited answer quotes the sentences of the retrieved passages that best match the question; scoring them needs
a vector per sentence, with its guideline title and section as context ("Amoxicillin: 50 mg/kg" means something
only inside its guideline). Computing those on every turn cost seconds, so they are computed at index time and
kept beside the index (``sentences.npy`` + ``sentences.json``); a sentence not found there (a file added by
another process since start-up) is embedded once and kept in memory.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Iterable, Protocol, Sequence

import numpy as np

from knowledge.ingest.chunking import split_sentences, text_blocks

_MARKDOWN = re.compile(r"\*\*|__|`|^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)


class Embed(Protocol):
    def __call__(self, texts: Sequence[str]) -> np.ndarray: ...


class Passage(Protocol):
    text: str
    section: str
    metadata: dict


def passage_sentences(text: str) -> list[str]:
    """Readable sentences of a passage: bullets become sentences; headings, table rows and fragments are dropped."""
    out = []
    for block in text_blocks(text):
        if block.lstrip().startswith(("#", "|")):
            continue
        for sentence in split_sentences(" ".join(_MARKDOWN.sub("", block).split())):
            if len(sentence) >= 30 and len(sentence.split()) >= 5 and not sentence.endswith(":"):
                out.append(sentence if sentence[-1] in ".!?)" else sentence + ".")
    return out


_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def list_after(text: str, sentence: str, limit: int = 12) -> list[str]:
    """The list a sentence introduces, as its items (sub-labels such as "High risk:" kept as items): a criteria
    rule quoted without its criteria is not an answer. Empty when no list follows the sentence's block."""
    lines = [line for block in text_blocks(text) for line in block.splitlines() if line.strip()]
    clean = [" ".join(_MARKDOWN.sub("", line).split()) for line in lines]
    start = next((i for i, line in enumerate(clean) if sentence.rstrip(".") in line), None)
    if start is None or _BULLET.match(lines[start]):
        return []  # an item of a list introduces nothing
    items: list[str] = []
    for raw, line in zip(lines[start + 1:], clean[start + 1:]):
        if not (_BULLET.match(raw) or (line.endswith(":") and len(line) < 120)):
            break
        items.append(line)
        if len(items) == limit:
            break
    return items if any(_BULLET.match(raw) for raw in lines[start + 1:start + 1 + len(items)]) else []


def in_context(passage: Passage, sentence: str) -> str:
    """A sentence as it is scored: with its guideline title and section."""
    return f"{passage.metadata.get('title', '')} — {passage.section}: {sentence}"


class SentenceVectors:
    """Vectors of every passage sentence in context, keyed by that text."""

    def __init__(self, folder: Path, embed: Embed) -> None:
        self._folder = folder
        self._embed = embed
        self._lock = threading.Lock()
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._extra: dict[str, np.ndarray] = {}
        try:
            keys = json.loads((folder / "sentences.json").read_text(encoding="utf-8"))
            matrix = np.load(folder / "sentences.npy")
            if len(keys) == matrix.shape[0]:
                self._rows, self._matrix = {key: i for i, key in enumerate(keys)}, matrix
        except (OSError, ValueError):
            pass  # no stored vectors yet: ``ensure`` builds them, ``vectors`` fills gaps

    def __len__(self) -> int:
        return len(self._rows)

    def ensure(self, passages: Iterable[Passage]) -> int:
        """Store vectors for every sentence of these passages that has none yet; how many were added."""
        wanted = list(dict.fromkeys(in_context(p, s) for p in passages for s in passage_sentences(p.text)))
        with self._lock:
            missing = [text for text in wanted if text not in self._rows]
            kept = [text for text in wanted if text in self._rows]
            if not missing and len(kept) == len(self._rows):
                return 0
            new = np.asarray(self._embed(missing), dtype=np.float32) if missing else None
            rows = [self._matrix[self._rows[text]] for text in kept]
            matrix = np.vstack(rows + ([new] if new is not None else [])) if rows or new is not None else self._matrix
            keys = kept + missing
            self._folder.mkdir(parents=True, exist_ok=True)
            np.save(self._folder / "sentences.tmp.npy", matrix)
            (self._folder / "sentences.tmp.json").write_text(json.dumps(keys), encoding="utf-8")
            (self._folder / "sentences.tmp.npy").replace(self._folder / "sentences.npy")
            (self._folder / "sentences.tmp.json").replace(self._folder / "sentences.json")
            self._rows, self._matrix = {key: i for i, key in enumerate(keys)}, matrix
            return len(missing)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text (sentences in context); texts never stored are embedded once per process."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._rows and t not in self._extra]
        if missing:
            computed = np.asarray(self._embed(missing), dtype=np.float32)
            with self._lock:
                self._extra.update(zip(missing, computed))
        with self._lock:
            return np.vstack([self._matrix[self._rows[t]] if t in self._rows else self._extra[t] for t in texts])
