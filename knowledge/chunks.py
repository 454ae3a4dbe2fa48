"""The ``Chunk``: one retrievable passage with the metadata its citation needs.

It lives apart from both ``knowledge.ingest`` (which makes chunks) and ``knowledge.retrieval`` (which searches
them), so neither package has to import the other for the type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Chunk:
    """One retrievable passage with the metadata its citation needs."""

    id: str
    doc_id: str
    section: str
    position: int
    text: str
    tokens: int
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def search_text(self) -> str:
        """What is embedded and BM25-indexed: the passage with its document title and section as context."""
        return f"{self.metadata.get('title', '')} — {self.section}\n{self.text}"
