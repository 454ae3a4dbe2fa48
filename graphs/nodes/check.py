"""Check: the last word on every reply - red flags raise the level (never lower it), a banner for flags raised by
this turn only, the other-language notice, citations that resolve, and the disclaimer."""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from assistant.artifacts import LEVEL_ADVICE, level_rank, most_urgent
from assistant.safety.crisis import crisis_reminder
from assistant.templates import BANNER, DISCLAIMER, TRANSCRIPT_FLAGS
from assistant.triage.case import Case
from graphs.context import Context
from graphs.state import State

_MARKER = re.compile(r"\[(\d{1,2})\]")


def raise_triage(triage: dict[str, Any] | None, flags: list[dict[str, Any]]) -> dict[str, Any]:
    """The triage artifact with every firing flag on it and its level at least theirs; never lowered."""
    triage = dict(triage or {"provisional": True, "complete": False, "missing": [], "next_questions": []})
    seen = {flag["id"] for flag in triage.get("red_flags") or []}
    triage["red_flags"] = list(triage.get("red_flags") or []) + [f for f in flags if f["id"] not in seen]
    triage["level"] = most_urgent(triage.get("level"), *(f["level"] for f in triage["red_flags"])) or "routine"
    if not triage.get("rationale"):
        triage["rationale"] = "Warning sign: " + "; ".join(f"{f['label']} ({f['source']})" for f in triage["red_flags"]) + "."
    return triage


def banner(flags: list[dict[str, Any]]) -> str:
    worst = min((flag["level"] for flag in flags), key=level_rank)
    if worst not in BANNER:
        return ""
    labels = "; ".join(dict.fromkeys(flag["label"] for flag in flags if flag["level"] == worst))
    return BANNER[worst].format(labels=labels, advice=LEVEL_ADVICE[worst])


def resolve_markers(reply: str, citations: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """Drop citation markers that point at no citation, so nothing looks sourced that is not."""
    checked = _MARKER.sub(lambda m: m.group(0) if 1 <= int(m.group(1)) <= len(citations) else "", reply)
    return checked, (["A citation marker with no matching source was removed from the reply."] if checked != reply else [])


def _still_in_crisis(state: State) -> bool:
    """Thoughts of suicide or self-harm are still part of the case (not taken back: "I'm safe now, I won't")."""
    case = Case.from_dict(state.get("case"))
    return bool(case.concept("suicidal_thoughts") or case.concept("self_harm"))


def check(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    safety = state.get("safety")
    artifacts = dict(state.get("artifacts") or {})
    reply = state.get("reply") or ""
    turn = state.get("turn") or 0
    findings = state.get("findings")
    firing = list(safety.red_flags) if safety else []
    raised_now = [f for f in (state.get("red_flags") or {}).values() if f.get("turn") == turn]
    transcript = bool(findings and findings.is_transcript)
    if firing and not transcript:  # a flag stays on every reply, in every mode, until the case no longer has it
        on_record = state.get("red_flags") or {}
        earlier = [{**flag, "earlier": True} if on_record.get(flag["id"], {}).get("turn", turn) < turn else flag
                   for flag in firing]  # kept on the card and in the level; the banner is for new flags only
        artifacts["triage"] = raise_triage(artifacts.get("triage"), earlier)
    if raised_now and not (safety and safety.crisis):
        if transcript:
            reply = f"{TRANSCRIPT_FLAGS.format(labels='; '.join(f['label'] for f in raised_now))}\n\n{reply}".strip()
        elif not reply.startswith("**Urgency:") and not reply.startswith("So far:"):
            text = banner(raised_now)  # the triage reply already leads with the level; say it once
            if text and text not in reply:
                reply = f"{text}\n\n{reply}".strip()
    on_record = [f for f in (state.get("red_flags") or {}).values() if f.get("kind") == "crisis" and f.get("turn") != turn]
    if on_record and not (safety and safety.crisis) and not transcript and _still_in_crisis(state):
        reminder = crisis_reminder(runtime.context.knowledge.safety, on_record[-1]["id"].removeprefix("crisis_"),
                                   runtime.context.settings.country)
        reply = f"{reminder}\n\n{reply}".strip()
    if safety and safety.language_reply:
        reply = f"{safety.language_reply}\n\n{reply}".strip()
    citations = artifacts.get("citations") or (artifacts.get("triage") or {}).get("citations") or []
    reply, notices = resolve_markers(reply, citations)
    if any(key in artifacts for key in ("triage", "drugs", "note")) and DISCLAIMER not in reply:
        reply = f"{reply}\n\n_{DISCLAIMER}_"
    message = AIMessage(content=reply, additional_kwargs={
        "artifacts": artifacts, "tools": state.get("tools") or [], "notices": (state.get("notices") or []) + notices,
        "mode": state.get("mode"), "turn": turn, "flags_raised": [f["id"] for f in raised_now]})
    return {"reply": reply, "artifacts": artifacts, "notices": notices, "messages": [message]}
