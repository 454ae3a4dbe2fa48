"""Check: the last word on every reply - red flags win, citations resolve, disclaimer added."""

from __future__ import annotations

import re
from typing import Any

from langchain_core.messages import AIMessage
from langgraph.runtime import Runtime

from assistant.artifacts import LEVEL_ADVICE, level_rank, most_urgent
from assistant.templates import BANNER, DISCLAIMER
from graphs.context import Context
from graphs.state import State

_MARKER = re.compile(r"\[(\d{1,2})\]")


def _merge_flags(triage: dict[str, Any] | None, flags: list[dict[str, Any]]) -> dict[str, Any]:
    """Raise the triage artifact to at least every fired flag's level; never lower it."""
    triage = dict(triage or {})
    seen = {flag["id"] for flag in triage.get("red_flags") or []}
    triage["red_flags"] = list(triage.get("red_flags") or []) + [f for f in flags if f["id"] not in seen]
    levels = [flag["level"] for flag in triage["red_flags"]]
    triage["level"] = most_urgent(triage.get("level"), *levels)
    if not triage.get("rationale"):
        triage["rationale"] = "Red flag: " + "; ".join(flag["label"] for flag in triage["red_flags"]) + "."
    for key, empty in (("missing", []), ("next_questions", []), ("safety_net", []), ("citations", [])):
        triage.setdefault(key, empty)
    triage.setdefault("complete", False)
    return triage


def _crisis_flag(safety: dict[str, Any]) -> list[dict[str, Any]]:
    crisis = safety.get("crisis")
    if not crisis:
        return []
    return [{
        "id": f"crisis-{crisis['kind']}",
        "label": f"Crisis language ({crisis['kind'].replace('_', ' ')})",
        "level": "emergency",
        "rule": "Crisis language in the message triggers the crisis reply with emergency and crisis-line contacts.",
        "source": "Safety layer crisis rules (knowledge/safety/crisis.yaml)",
        "evidence": crisis.get("evidence", ""),
    }]


def _banner(flags: list[dict[str, Any]]) -> str:
    worst = min((flag["level"] for flag in flags), key=level_rank)
    if worst not in BANNER:
        return ""
    labels = "; ".join(dict.fromkeys(flag["label"] for flag in flags if flag["level"] == worst))
    return BANNER[worst].format(labels=labels, advice=LEVEL_ADVICE[worst])


def _resolve_markers(reply: str, citations: list[dict[str, Any]], notices: list[str]) -> str:
    """Drop citation markers that point at no citation, so nothing looks sourced that is not."""
    def keep(match: re.Match[str]) -> str:
        return match.group(0) if 1 <= int(match.group(1)) <= len(citations) else ""

    checked = _MARKER.sub(keep, reply)
    if checked != reply:
        notices.append("A citation marker with no matching source was removed from the reply.")
    return checked


def check(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    safety = state.get("safety") or {}
    artifacts = dict(state.get("artifacts") or {})
    notices = list(state.get("notices") or [])
    turn_flags = list(safety.get("red_flags") or []) + _crisis_flag(safety)
    flags = turn_flags
    if state.get("mode") == "triage" and "triage" in artifacts:
        flags = turn_flags + [f for f in state.get("thread_flags") or [] if f not in turn_flags]
    if flags:
        artifacts["triage"] = _merge_flags(artifacts.get("triage"), flags)
    reply = state.get("reply") or ""
    if turn_flags and not safety.get("crisis"):
        banner = _banner(turn_flags)
        if banner and banner not in reply:
            reply = f"{banner}\n\n{reply}".strip()
    citations = artifacts.get("citations") or (artifacts.get("triage") or {}).get("citations") or []
    reply = _resolve_markers(reply, citations, notices)
    if any(key in artifacts for key in ("triage", "drugs", "note")) and DISCLAIMER not in reply:
        reply = f"{reply}\n\n_{DISCLAIMER}_"
    message = AIMessage(
        content=reply,
        additional_kwargs={
            "artifacts": artifacts,
            "tools": state.get("tools") or [],
            "notices": notices,
            "mode": state.get("mode"),
        },
    )
    return {"reply": reply, "artifacts": artifacts, "notices": notices, "messages": [message]}
