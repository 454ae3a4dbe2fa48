"""The contract between the dialogue graph and the domain engines.

Each mode engine is a plain function ``respond(turn: Turn) -> TurnResult``: it reads the turn's one parse
(``turn.findings``) and the assistant's built knowledge (``turn.knowledge``), never the raw text again, and can be
tested without LangGraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.artifacts import Artifacts, ToolRecord
from assistant.settings import Settings
from assistant.triage.case import Case
from assistant.understanding.findings import AskedQuestion, Findings

if TYPE_CHECKING:  # the Knowledge object imports the engines' libraries; engines only need its type
    from assistant.knowledge import Knowledge


@dataclass(frozen=True)
class Turn:
    """What an engine sees of one user turn."""

    findings: Findings
    knowledge: "Knowledge"
    settings: Settings
    mode: str = "education"
    intent: str = "question"
    memory: dict[str, Any] = field(default_factory=dict)  # this engine's per-thread memory (a copy; return it changed)
    history: tuple[tuple[str, str], ...] = ()  # recent (role, text), oldest first, within the token budget
    audience: str = "student"
    red_flags: tuple[dict[str, Any], ...] = ()  # the thread's red flags on record (the safety screen's)
    case: Case = field(default_factory=Case)  # what is known about the person so far, this turn included
    others: dict[str, Any] = field(default_factory=dict)  # read-only view of other engines' memory

    @property
    def text(self) -> str:
        return self.findings.text


@dataclass
class TurnResult:
    """What an engine gives back: grounded reply text, artifacts, its updated memory and the tools it used."""

    text: str
    artifacts: Artifacts = field(default_factory=dict)  # type: ignore[assignment]
    memory: dict[str, Any] = field(default_factory=dict)
    tools: list[ToolRecord] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    asked: AskedQuestion | None = None  # the question this reply asks, so the next answer is read against it
