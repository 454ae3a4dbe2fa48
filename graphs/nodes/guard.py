"""Guard: the safety screen, first on every turn in every mode."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from assistant.input_check import NON_ENGLISH_NOTICE, looks_non_english
from assistant.safety import screen
from graphs.context import Context
from graphs.state import State


def latest_user_text(state: State) -> str:
    message = state["messages"][-1]
    return message.content if isinstance(message.content, str) else str(message.content)


def guard(state: State, runtime: Runtime[Context]) -> Command[Literal["route", "check"]]:
    """Screen the turn for red flags, crisis language and injection before anything else runs.

    A crisis skips the mode engines entirely: the reply is the crisis message with contacts.
    """
    text = latest_user_text(state)
    result = screen(text, patient=state.get("patient") or {}, country=runtime.context.country)
    known = {flag["id"] for flag in state.get("thread_flags") or []}
    fired = result.to_dict()
    new_flags = [flag for flag in fired["red_flags"] if flag["id"] not in known]
    update = {
        "safety": fired,
        "patient": result.patient,
        "thread_flags": (state.get("thread_flags") or []) + new_flags,
        "reply": "",
        "artifacts": {},
        "tools": [],
        "notices": [NON_ENGLISH_NOTICE] if looks_non_english(text) else [],
    }
    if result.crisis is not None:
        update["reply"] = result.crisis.reply
        update["intent"] = "crisis"
        return Command(update=update, goto="check")
    return Command(update=update, goto="route")
