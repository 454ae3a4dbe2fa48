"""Compose: the language layer. Grounded text as is, unless an LLM backend is configured.

With an LLM, the grounded reply is rephrased (assistant.llm.compose); any failure or any lost fact keeps the
grounded reply and adds a notice. Tokens stream to the UI as custom events while the model writes.
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from graphs.context import Context
from graphs.state import State


def compose(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """With no LLM (the default) the engine's grounded reply is the reply; nothing to do."""
    reply = state.get("reply") or ""
    if runtime.context.model in ("", "none") or not reply:
        return {}
    from assistant.artifacts import most_urgent
    from assistant.llm.backends import LLMError, get_backend
    from assistant.llm.compose import FALLBACK, rephrase, should_rephrase
    from graphs.nodes.agent import token_sink

    artifacts = state.get("artifacts") or {}
    notices = list(state.get("notices") or [])
    if not should_rephrase(reply, artifacts):
        return {}
    try:
        backend = get_backend(runtime.context)
    except (LLMError, ValueError) as err:
        return {"notices": notices + [FALLBACK.format(spec=runtime.context.model, why=f"is not usable ({err})")]}
    flags = [flag.get("level") for flag in ((state.get("safety") or {}).get("red_flags") or [])
             + (state.get("thread_flags") or [])]
    floor = most_urgent(*flags, (artifacts.get("triage") or {}).get("level"))
    citations = artifacts.get("citations") or (artifacts.get("triage") or {}).get("citations") or []
    composed = rephrase(reply, backend, audience=state.get("audience") or runtime.context.audience,
                        evidence=[c.get("snippet") or "" for c in citations], min_level=floor,
                        patient=state.get("patient") or {}, on_token=token_sink())
    return {"reply": composed.text, "notices": notices + composed.notices}
