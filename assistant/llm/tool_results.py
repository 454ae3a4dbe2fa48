"""What the model reads of a tool result: lean, whole JSON that fits its context window.

The reply keeps the full result (citations, drug tables); the model gets only the fields it can use, so a small
model's 4k context holds two tool calls and the server never refuses a turn for its length.
"""

from __future__ import annotations

import json
from typing import Any

NOT_FOR_MODEL = frozenset({"url", "score", "doc_id", "chunk_id", "id"})  # bookkeeping the reply keeps, not the model


def for_model(result: Any, limit: int) -> str:
    """A tool result as JSON the model can read within ``limit`` characters: bookkeeping fields dropped, then the
    last items of the longest list, then long strings shortened - always whole, valid JSON (a result cut mid-way
    reads as junk, and one larger than the model's context window makes the server refuse the turn)."""
    def lean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: lean(v) for k, v in value.items() if k not in NOT_FOR_MODEL and v not in (None, "", [], {})}
        if isinstance(value, list):
            return [lean(v) for v in value]
        return value

    def lists(value: Any) -> list[list[Any]]:
        found = [value] if isinstance(value, list) and len(value) > 1 else []
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        return found + [inner for child in children for inner in lists(child)]

    def shortened(value: Any, size: int) -> Any:
        if isinstance(value, str) and len(value) > size:
            return value[:size].rsplit(" ", 1)[0] + " ..."
        if isinstance(value, dict):
            return {k: shortened(v, size) for k, v in value.items()}
        if isinstance(value, list):
            return [shortened(v, size) for v in value]
        return value

    data = lean(result)
    text = json.dumps(data, ensure_ascii=False, default=str)
    while len(text) > limit and lists(data):
        max(lists(data), key=lambda items: len(json.dumps(items, default=str))).pop()
        text = json.dumps(data, ensure_ascii=False, default=str)
    size = 400
    while len(text) > limit and size > 20:
        text, size = json.dumps(shortened(data, size), ensure_ascii=False, default=str), size // 2
    return text
