"""Compose: the language layer. The grounded reply as is, unless a language model is configured.

With a model, the grounded reply stays - its direct answer, citations and Sources - and the model may add a few
sentences that explain or connect it (through the tool-calling agent when the model can call tools); each
sentence is checked against the sources in the same roles and dropped with a note when it fails. A model that
cannot be loaded, is down, slow or returns junk leaves the grounded reply with a notice (assistant/llm/compose.py).
"""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from assistant.artifacts import most_urgent
from assistant.llm.agent import MAX_STEPS
from assistant.llm.budget import Budget
from assistant.llm.compose import FALLBACK, Request, compose_reply, should_compose
from assistant.llm.models import LLMUnavailable, first_token_budget, parse_spec
from graphs.context import Context
from graphs.history import recent_history
from graphs.nodes.guard import latest_user_text
from graphs.state import State


def _spec(settings: Any) -> Any:
    try:
        return parse_spec(settings.model)
    except ValueError:
        return None


def compose(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """With no model (the default) the engine's grounded reply is the reply."""
    knowledge, settings = runtime.context.knowledge, runtime.context.settings
    reply, artifacts = state.get("reply") or "", state.get("artifacts") or {}
    if not should_compose(reply, artifacts):
        return {}
    try:
        model = knowledge.language_model
    except LLMUnavailable as err:
        return {"notices": [FALLBACK.format(spec=settings.model, why=f"is not usable here ({err})")]}
    except Exception as err:  # noqa: BLE001 - a model that fails to load must not lose the turn
        return {"notices": [FALLBACK.format(spec=settings.model, why=f"failed to load ({type(err).__name__})")]}
    if model is None:
        return {}
    spec = _spec(settings)
    safety = state.get("safety")
    floor = most_urgent(*(flag["level"] for flag in (safety.red_flags if safety else [])),
                        (artifacts.get("triage") or {}).get("level"))
    request = Request(
        question=latest_user_text(state), grounded=reply, artifacts=artifacts,
        audience=state.get("audience") or settings.audience, mode=state.get("mode") or "education",
        history=tuple(recent_history(state["messages"], settings.history_token_budget, knowledge.count_tokens)),
        min_level=floor, agent=knowledge.agent_on, inline_tool_results=bool(spec and spec.inline_tool_results),
        first_tool=spec.options.get("first_tool") if spec else None,
        max_steps=int(spec.options.get("max_steps", MAX_STEPS)) if spec else MAX_STEPS,
        spec=spec.label if spec else settings.model)
    budget = Budget.start(first_token_budget(settings, spec) if spec else 4.0, settings.llm_timeout_s)
    composed = compose_reply(model, knowledge, request, budget)
    update: dict[str, Any] = {"reply": composed.text, "artifacts": composed.artifacts}
    if composed.tools:
        update["tools"] = composed.tools
    if composed.notices:
        update["notices"] = composed.notices
    return update
