"""The contract between the dialogue graph and the domain engines.

Each mode engine is a plain function ``respond(turn: TurnInput) -> TurnResult``: it can be tested
without LangGraph, and the graph's nodes stay thin adapters around it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.settings import Settings


@dataclass
class TurnInput:
    """What an engine sees of one user turn."""

    text: str
    mode: str  # education | triage | documentation
    intent: str  # see assistant.routing.INTENTS
    settings: Settings
    history: list[tuple[str, str]] = field(default_factory=list)  # recent (role, text), oldest first, within budget
    memory: dict[str, Any] = field(default_factory=dict)  # this engine's per-thread memory (a copy; return it changed)
    safety: dict[str, Any] = field(default_factory=dict)  # the guard's screen of this turn (SafetyScreen.to_dict())
    audience: str = "student"  # learner level for explanations
    patient: dict[str, Any] = field(default_factory=dict)  # facts merged across turns (age, sex, pregnancy, vitals)
    engines_memory: dict[str, Any] = field(default_factory=dict)  # read-only view of other engines' memory


@dataclass
class TurnResult:
    """What an engine gives back: grounded reply text, artifacts, its updated memory, tools it used."""

    text: str
    artifacts: dict[str, Any] = field(default_factory=dict)  # keys from assistant.artifacts.ARTIFACT_KEYS
    memory: dict[str, Any] = field(default_factory=dict)
    tools: list[dict[str, Any]] = field(default_factory=list)  # ToolCallDict records, in call order
    notices: list[str] = field(default_factory=list)  # short user-visible notices (e.g. "index rebuilt")
