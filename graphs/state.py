"""Graph state: the conversation and its thread-level facts (checkpointed), and this turn's working values
(never checkpointed: they reach the caller in the run's output and live on in the reply message).

Reducers make nodes return only what they change: per-turn lists append within a turn and start empty on the next
(the guard opens each turn with ``NewTurn``); red flags are one record keyed by id with the turn that raised them;
engine memory merges by engine name.
"""

from __future__ import annotations

from typing import Annotated, Any

from langchain_core.messages import AnyMessage
from langgraph.channels import UntrackedValue
from langgraph.graph.message import add_messages
from typing_extensions import TypedDict

from assistant.artifacts import Artifacts, ToolRecord
from assistant.safety.screen import SafetyScreen
from assistant.understanding.findings import Findings


class NewTurn(list):
    """A list that replaces the channel's value instead of extending it (the first write of a turn)."""


def turn_list(old: list | None, new: list | None) -> list:
    if isinstance(new, NewTurn):
        return list(new)
    return list(old or []) + list(new or [])


def merge_flags(old: dict[str, dict] | None, new: dict[str, dict] | None) -> dict[str, dict]:
    """Thread red flags keyed by id: the first turn that raised a flag stays; later sightings update the rest."""
    merged = dict(old or {})
    for flag_id, record in (new or {}).items():
        merged[flag_id] = {**record, "turn": merged[flag_id].get("turn", record.get("turn"))} if flag_id in merged else record
    return merged


def merge_memory(old: dict[str, dict] | None, new: dict[str, dict] | None) -> dict[str, dict]:
    """Per-engine memory: an engine's update replaces only its own entry."""
    return {**(old or {}), **(new or {})}


class InputState(TypedDict, total=False):
    """What a caller sends for one turn."""

    messages: Annotated[list[AnyMessage], add_messages]
    requested_mode: str | None  # explicit mode for this turn (UI selector / API argument)
    audience: str | None  # learner level chosen for this conversation
    memory: Annotated[dict[str, dict[str, Any]], merge_memory]  # per-engine memory ("learner" seeds a new thread)


class State(InputState, total=False):
    # -- the thread (checkpointed) ----------------------------------------------------------------------------
    mode: str | None
    mode_source: str | None  # "user" | "inferred"
    turn: int  # number of the current turn in the thread
    case: dict[str, Any]  # what is known about the person (assistant.triage.case.Case as data)
    red_flags: Annotated[dict[str, dict[str, Any]], merge_flags]  # every flag raised in the thread, by id
    asked: dict[str, Any] | None  # the question the last reply asked (AskedQuestion as data)
    notices: Annotated[list[str], turn_list]
    tools: Annotated[list[ToolRecord], turn_list]
    # -- this turn (not checkpointed) -------------------------------------------------------------------------
    findings: Annotated[Findings, UntrackedValue(Findings)]
    safety: Annotated[SafetyScreen, UntrackedValue(SafetyScreen)]
    intent: Annotated[str, UntrackedValue(str)]
    reply: Annotated[str, UntrackedValue(str)]
    artifacts: Annotated[Artifacts, UntrackedValue(dict)]
