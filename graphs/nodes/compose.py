"""Compose: the language layer. Grounded text as is, unless an LLM backend is configured."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.context import Context
from graphs.state import State


def compose(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """With no LLM (the default) the engine's grounded reply is the reply; nothing to do."""
    if runtime.context.model in ("", "none") or not state.get("reply"):
        return {}
    notices = list(state.get("notices") or [])
    notices.append(
        f"The language model backend {runtime.context.model!r} is not available in this installation; "
        "showing the grounded reply."
    )
    return {"notices": notices}
