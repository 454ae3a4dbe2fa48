"""Model files kept with the project (see ``minilm/README.md`` for where each comes from and its licence)."""

from __future__ import annotations

import json
from pathlib import Path

MINILM_TOKENIZER = Path(__file__).parent / "minilm" / "tokenizer.json"


def wordpiece_vocabulary(path: Path = MINILM_TOKENIZER) -> list[str]:
    """The entries of the MiniLM tokenizer's WordPiece vocabulary (whole words and ``##`` pieces)."""
    return list(json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"])
