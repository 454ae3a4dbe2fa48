"""Route: pick the mode and the intent, then the node that handles the turn."""

from __future__ import annotations

from typing import Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from assistant.routing import route as decide
from graphs.context import Context
from graphs.nodes.guard import latest_user_text
from graphs.state import State

Target = Literal["switch_mode", "welcome", "triage", "tutor", "document", "drug_info", "answer", "agent"]
AGENT_INTENTS = ("question", "drug_question")  # what a tool-capable LLM answers through the agent


def _mentions_drug(text: str) -> bool:
    from knowledge.drugs.names import find_mentions  # lazy: the name tables load on first use

    return bool(find_mentions(text[:5000]))


def target_for(mode: str, intent: str) -> Target:
    if intent == "mode_switch":
        return "switch_mode"
    if intent == "greeting":
        return "welcome"
    if intent == "drug_question":
        return "drug_info"
    if mode == "triage":
        return "answer" if intent == "question" else "triage"
    if mode == "documentation":
        return "answer" if intent == "question" else "document"
    return "tutor"


def route(state: State, runtime: Runtime[Context]) -> Command[Target]:
    text = latest_user_text(state)
    tutor = (state.get("memory") or {}).get("tutor") or {}
    decision = decide(
        text,
        current_mode=state.get("mode"),
        mode_source=state.get("mode_source"),
        requested_mode=state.get("requested_mode"),
        quiz_open=bool(tutor.get("quiz")),
        case_open=bool(tutor.get("case")),
        mentions_drug=_mentions_drug(text),
    )
    update = {
        "mode": decision.mode,
        "mode_source": decision.mode_source,
        "intent": decision.intent,
        "requested_mode": None,
    }
    notices = list(state.get("notices") or [])
    if decision.switched and decision.intent != "mode_switch" and state.get("mode"):
        notices.append(f"Switched to {decision.mode} mode.")
    update["notices"] = notices
    target = target_for(decision.mode, decision.intent)
    if decision.intent in AGENT_INTENTS and target in ("tutor", "drug_info", "answer") and _agent_on(runtime.context):
        target = "agent"
    return Command(update=update, goto=target)


def _agent_on(context: Context) -> bool:
    from assistant.llm.backends import tool_capable  # lazy: only specs are parsed, no model is loaded

    return tool_capable(context)
