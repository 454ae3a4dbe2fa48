"""Mode nodes: thin adapters from graph state to the domain engines and back."""

from __future__ import annotations

import logging
from typing import Any, Callable

from langgraph.runtime import Runtime

from assistant.templates import ENGINE_FAILED, ENGINE_MISSING, MODE_DESCRIPTIONS, SWITCHED, WELCOME
from assistant.turns import TurnInput
from graphs.context import Context
from graphs.engines import ENGINES, EngineUnavailable, resolve
from graphs.history import recent_history
from graphs.nodes.guard import latest_user_text
from graphs.state import State

log = logging.getLogger(__name__)


def run_engine(key: str, state: State, context: Context) -> dict[str, Any]:
    """Call one engine with this turn and fold its result into a state update."""
    engine = ENGINES[key]
    memory = dict(state.get("memory") or {})
    mode = state.get("mode") or "education"
    turn = TurnInput(
        text=latest_user_text(state),
        mode=mode,
        intent=state.get("intent") or "question",
        settings=context,
        history=recent_history(state["messages"], context.history_token_budget),
        memory=dict(memory.get(key) or {}),
        safety=state.get("safety") or {},
        audience=state.get("audience") or context.audience,
        patient=dict(state.get("patient") or {}),
        engines_memory={name: value for name, value in memory.items() if name != key},
    )
    notices = list(state.get("notices") or [])
    try:
        result = resolve(key)(turn)
    except EngineUnavailable:
        return {"reply": ENGINE_MISSING.format(label=engine.label, mode=mode), "notices": notices}
    except Exception as err:  # an engine bug must not lose the turn or the thread
        log.exception("engine %s failed", key)
        reason = f"{type(err).__name__}: {err}"[:200]
        return {"reply": ENGINE_FAILED.format(label=engine.label, error=reason), "notices": notices}
    memory[key] = result.memory
    return {
        "reply": result.text,
        "artifacts": {**(state.get("artifacts") or {}), **result.artifacts},
        "tools": list(state.get("tools") or []) + result.tools,
        "notices": notices + result.notices,
        "memory": memory,
    }


def engine_node(key: str) -> Callable[[State, Runtime[Context]], dict[str, Any]]:
    def node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        return run_engine(key, state, runtime.context)

    node.__name__ = key
    node.__doc__ = f"Hand the turn to the {ENGINES[key].label}."
    return node


def switch_mode(state: State) -> dict[str, Any]:
    """Confirm a mode switch and say what the mode does."""
    mode = state.get("mode") or "education"
    return {"reply": SWITCHED.format(mode=mode, description=MODE_DESCRIPTIONS[mode])}


def welcome(state: State) -> dict[str, Any]:
    """Greeting or help: what the assistant can do, current mode first."""
    mode = state.get("mode")
    lead = f"You are in {mode} mode. {MODE_DESCRIPTIONS[mode]}\n\n" if mode else ""
    return {"reply": lead + WELCOME}
