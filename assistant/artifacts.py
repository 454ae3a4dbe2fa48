"""Shapes of the structured artifacts returned with every reply.

Artifacts are plain JSON-able dicts (so the checkpointer stores them and UIs and tests read them
without parsing prose). The TypedDicts document the keys; engines build them with ``to_dict()``.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

Level = Literal["emergency", "urgent", "routine", "self_care"]
LEVELS: tuple[Level, ...] = ("emergency", "urgent", "routine", "self_care")
ARTIFACT_KEYS = ("triage", "citations", "drugs", "note", "quiz", "vote")

LEVEL_ADVICE: dict[str, str] = {
    "emergency": "Call emergency services or go to the emergency department now.",
    "urgent": "See a clinician today: same-day appointment, urgent care or an out-of-hours service.",
    "routine": "Book a routine appointment with a clinician in the coming days to weeks.",
    "self_care": "This can usually be managed at home; seek help if it gets worse or new symptoms appear.",
}


def level_rank(level: str | None) -> int:
    """0 is most urgent; unknown or missing levels rank below every real level."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def most_urgent(*levels: str | None) -> str | None:
    """The most urgent of the given levels (red flags use this: they can raise, never lower)."""
    real = [lvl for lvl in levels if lvl in LEVELS]
    return min(real, key=level_rank) if real else None


class Citation(TypedDict, total=False):
    doc_id: str
    title: str
    section: str
    source: str
    year: int | str
    url: str | None
    snippet: str
    score: float


class RedFlagDict(TypedDict):
    id: str
    label: str
    level: Level
    rule: str
    source: str
    evidence: str


class TriageDict(TypedDict, total=False):
    level: Level
    red_flags: list[RedFlagDict]
    rationale: str
    missing: list[str]
    next_questions: list[str]
    safety_net: list[str]
    citations: list[Citation]
    vote: dict[str, Any] | None
    complete: bool


class InteractionDict(TypedDict, total=False):
    a: str
    b: str
    severity: Literal["contraindicated", "major", "moderate", "minor", "none"]
    mechanism: str
    management: str
    source: str


class UncheckedDict(TypedDict):
    name: str
    reason: str
    suggestions: list[str]


class DrugsDict(TypedDict, total=False):
    drugs: list[dict[str, Any]]
    interactions: list[InteractionDict]
    unchecked: list[UncheckedDict]
    doses: list[dict[str, Any]]


class NoteDict(TypedDict, total=False):
    sections: dict[str, str]
    codes: list[dict[str, Any]]
    verify: list[str]
    markdown: str
    fhir: dict[str, Any]


class QuizDict(TypedDict, total=False):
    id: str
    topic: str
    question: str
    options: list[dict[str, str]]
    answer: str | None
    explanation: str | None
    citation: Citation
    status: Literal["open", "graded"]
    result: str | None
    progress: dict[str, Any]


class VoteDict(TypedDict, total=False):
    question: str
    samples: list[dict[str, Any]]
    distribution: dict[str, float]
    winner: str
    agreement: float


class ToolRecord(TypedDict, total=False):
    """One tool call, as the UI shows it (Gradio ChatMessage metadata) and tests assert on it."""

    name: str
    title: str
    status: Literal["pending", "done", "error"]
    summary: str
    duration_s: float


class Artifacts(TypedDict, total=False):
    """The structured result of a turn: the one model the graph state, the Reply and the UI share."""

    triage: TriageDict
    citations: list[Citation]
    drugs: DrugsDict
    note: NoteDict
    quiz: QuizDict
    vote: VoteDict
