"""Agent: with a tool-capable LLM, questions and drug questions go through the tool-calling agent.

The grounded engine still runs first (its reply is the model's context and the fallback), the model then picks
tools, and the check node after it keeps the red-flag banner and citation rules as for every other reply.
"""

from __future__ import annotations

from typing import Any

from langgraph.config import get_stream_writer
from langgraph.runtime import Runtime

from assistant.turns import TurnInput, TurnResult
from graphs.context import Context
from graphs.history import recent_history
from graphs.nodes.guard import latest_user_text
from graphs.nodes.modes import run_engine
from graphs.state import State


def grounded_target(state: State) -> str:
    from graphs.nodes.route import target_for

    return target_for(state.get("mode") or "education", state.get("intent") or "question")


def token_sink() -> Any:
    """Forward model tokens as custom stream events ({"token": text}); a no-op outside streaming."""
    writer = get_stream_writer()
    return lambda piece: writer({"token": piece})


def _with_thread_flags(state: State) -> dict[str, Any]:
    """This turn's screen plus the flags still on record in the thread: the floor the model cannot go below."""
    safety = dict(state.get("safety") or {})
    turn = list(safety.get("red_flags") or [])
    safety["red_flags"] = turn + [f for f in state.get("thread_flags") or [] if f not in turn]
    return safety


def agent(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    from assistant.llm.agent import run_agent
    from assistant.llm.backends import LLMError, get_backend
    from assistant.llm.compose import FALLBACK

    key = grounded_target(state)
    update = run_engine(key, state, runtime.context)
    memory = update.get("memory") or state.get("memory") or {}
    grounded = TurnResult(text=update.get("reply") or "", artifacts=update.get("artifacts") or {},
                          memory=memory.get(key) or {}, tools=update.get("tools") or [],
                          notices=update.get("notices") or [])
    try:
        backend = get_backend(runtime.context)
    except (LLMError, ValueError) as err:
        return {**update, "notices": grounded.notices + [FALLBACK.format(spec=runtime.context.model,
                                                                         why=f"is not usable ({err})")]}
    turn = TurnInput(
        text=latest_user_text(state), mode=state.get("mode") or "education",
        intent=state.get("intent") or "question", settings=runtime.context,
        history=recent_history(state["messages"], runtime.context.history_token_budget),
        safety=_with_thread_flags(state), audience=state.get("audience") or runtime.context.audience,
        patient=dict(state.get("patient") or {}),
    )
    result = run_agent(turn, grounded, backend, on_token=token_sink())
    return {**update, "reply": result.text, "artifacts": result.artifacts, "tools": result.tools,
            "notices": result.notices}
