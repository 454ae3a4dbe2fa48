"""Route: pick the mode and the intent from the turn's Findings, then the node that handles the turn."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from assistant.modes import ANSWER, BY_NAME, DRUGS
from assistant.routing import route as decide
from graphs.context import Context
from graphs.state import State

Target = Literal["switch_mode", "welcome", "tutor", "triage", "document", "drug_info", "answer"]


def target_for(mode: str, intent: str) -> str:
    if intent == "mode_switch":
        return "switch_mode"
    if intent == "greeting":
        return "welcome"
    if intent == "drug_question":
        return DRUGS.name
    if mode != "education" and intent == "question":
        return ANSWER.name
    return BY_NAME[mode].engine.name


def route(state: State, runtime: Runtime[Context]) -> Command[Target]:
    findings = state["findings"]
    tutor = (state.get("memory") or {}).get("tutor") or {}
    decision = decide(findings, current_mode=state.get("mode"), mode_source=state.get("mode_source"),
                      requested_mode=state.get("requested_mode"), quiz_open=bool(tutor.get("quiz")),
                      case_open=bool(tutor.get("case")), nearest=runtime.context.knowledge.nearest_intent)
    update = {"mode": decision.mode, "mode_source": decision.mode_source, "intent": decision.intent,
              "requested_mode": None}
    if decision.switched and decision.intent != "mode_switch" and state.get("mode"):
        update["notices"] = [f"Switched to {decision.mode} mode."]
    return Command(update=update, goto=target_for(decision.mode, decision.intent))

