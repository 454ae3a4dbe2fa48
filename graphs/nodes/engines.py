"""Engine nodes: one thin adapter per engine of the Mode table, from graph state to ``Turn`` and back."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any, Callable

from langgraph.runtime import Runtime

from assistant.modes import BY_NAME, MODES, Engine
from assistant.privacy import failure_summary
from assistant.templates import ENGINE_FAILED, SWITCHED, WELCOME
from assistant.triage.case import Case
from assistant.turns import Turn, TurnResult
from graphs.context import Context
from graphs.history import recent_history
from graphs.state import State

log = logging.getLogger(__name__)


def turn_for(engine: Engine, state: State, context: Context) -> Turn:
    """The engine's view of this turn: the one parse, the case, its own memory, the thread's flags."""
    memory = state.get("memory") or {}
    return Turn(
        findings=state["findings"], knowledge=context.knowledge, settings=context.settings,
        mode=state.get("mode") or "education", intent=state.get("intent") or "question",
        memory=dict(memory.get(engine.name) or {}),
        history=tuple(recent_history(state["messages"], context.settings.history_token_budget,
                                    context.knowledge.count_tokens)),
        audience=state.get("audience") or context.settings.audience,
        red_flags=tuple((state.get("red_flags") or {}).values()), case=Case.from_dict(state.get("case")),
        others={name: value for name, value in memory.items() if name != engine.name},
    )


def fold(engine: Engine, result: TurnResult) -> dict[str, Any]:
    """The state update for an engine's result (nodes return only what they change)."""
    return {"reply": result.text, "artifacts": result.artifacts, "tools": result.tools, "notices": result.notices,
            "memory": {engine.name: result.memory}, "asked": asdict(result.asked) if result.asked else None}


def run_engine(engine: Engine, state: State, context: Context) -> dict[str, Any]:
    try:
        return fold(engine, engine.respond(turn_for(engine, state, context)))
    except Exception as error:  # an engine bug must not lose the turn or the thread
        log.error("engine %s failed: %s", engine.name, failure_summary(error))  # never the message text
        return {"reply": ENGINE_FAILED.format(label=engine.label, error=type(error).__name__)}


def engine_node(engine: Engine) -> Callable[[State, Runtime[Context]], dict[str, Any]]:
    def node(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
        return run_engine(engine, state, runtime.context)

    node.__name__ = engine.name
    node.__doc__ = f"Hand the turn to the {engine.label}."
    return node


def switch_mode(state: State) -> dict[str, Any]:
    """Confirm a mode switch and say what the mode does."""
    mode = BY_NAME[state.get("mode") or "education"]
    return {"reply": SWITCHED.format(mode=mode.name, description=mode.description)}


def welcome(state: State) -> dict[str, Any]:
    """Greeting or help: what the assistant can do, current mode first."""
    mode = BY_NAME.get(state.get("mode") or "")
    lead = f"You are in {mode.name} mode. {mode.description}\n\n" if mode else ""
    return {"reply": lead + WELCOME + "\n\n" + "\n\n".join(f"- {m.description}" for m in MODES)}
