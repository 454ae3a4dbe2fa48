"""Guard: the one parse of the message and the safety screen - first on every turn, in every mode."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from assistant.safety.screen import screen
from assistant.triage.case import Case
from assistant.understanding.findings import AskedQuestion
from graphs.context import Context
from graphs.state import NewTurn, State


def latest_user_text(state: State) -> str:
    message = state["messages"][-1]
    return message.content if isinstance(message.content, str) else str(message.content)


def _asked(state: State) -> AskedQuestion | None:
    data = state.get("asked")
    if not data:
        return None
    return AskedQuestion(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


def guard(state: State, runtime: Runtime[Context]) -> Command[Literal["route", "check"]]:
    """Parse the message once, fold it into the case, and screen it before anything else runs.

    A pasted consultation describes someone else: it is screened on its own, not merged into the case. A crisis
    skips the mode engines entirely: the reply is the crisis message with contacts.
    """
    knowledge, settings = runtime.context.knowledge, runtime.context.settings
    findings = knowledge.parse(latest_user_text(state), _asked(state))
    number = int(state.get("turn") or 0) + 1
    case = Case.from_dict(state.get("case"))
    update: dict[str, Any] = {"findings": findings, "turn": number, "asked": None, "reply": "", "artifacts": {},
                              "notices": NewTurn(), "tools": NewTurn()}
    if findings.is_transcript:
        screened_case = Case.of(findings)
    else:
        case.add(findings)
        screened_case = case
        update["case"] = case.to_dict()
    safety = screen(findings, screened_case, knowledge.triage_model, knowledge.safety, knowledge.lexicon.packs,
                    country=settings.country)
    known = state.get("red_flags") or {}
    raised = {flag["id"]: {**flag, "turn": number, "transcript": findings.is_transcript}
              for flag in safety.red_flags if flag["id"] not in known}
    update.update({"safety": safety, "notices": NewTurn(safety.notices)})
    if raised:
        update["red_flags"] = raised
    if safety.crisis is not None:
        return Command(update={**update, "reply": safety.crisis.reply, "intent": "crisis"}, goto="check")
    return Command(update=update, goto="route")

