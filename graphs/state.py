"""Graph state: the conversation, per-thread engine memory and this turn's artifacts."""

from __future__ import annotations

from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict


class InputState(TypedDict, total=False):
    """What a caller sends for one turn."""

    messages: Annotated[list[AnyMessage], add_messages]
    requested_mode: str | None  # explicit mode for this turn (UI selector / API argument)
    audience: str | None  # learner level chosen for this conversation


class State(InputState, total=False):
    # persistent per thread
    mode: str | None
    mode_source: str | None  # "user" | "inferred"
    patient: dict[str, Any]  # facts merged across turns: age, sex, pregnancy, vitals
    thread_flags: list[dict[str, Any]]  # every red flag fired in this thread
    memory: dict[str, dict[str, Any]]  # per-engine memory: {"triage": {...}, "tutor": {...}, "notes": {...}}
    # this turn
    intent: str
    safety: dict[str, Any]
    reply: str
    artifacts: dict[str, Any]  # triage, citations, drugs, note, quiz, vote
    tools: list[dict[str, Any]]
    notices: list[str]
