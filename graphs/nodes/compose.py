"""Compose: the language layer. The grounded reply as is, unless a language model is configured.

With a model, the grounded reply may be rephrased (assistant/llm); the grounded direct answer and its citations stay,
and any failure keeps the grounded reply with a notice.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.context import Context
from graphs.state import State


def compose(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """With no model (the default) the engine's grounded reply is the reply."""
    language = runtime.context.knowledge.language_model
    if language is None or not state.get("reply"):
        return {}
    return language.compose(state)
