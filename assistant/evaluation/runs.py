"""The shipped product as each evaluation sees it: one function per figure, built on one ``Knowledge``.

Evaluations score what a user gets - the parse with its embedding fallback, triage with its vote, the safety screen
with every rule that can raise an emergency, the note artifact - never a reduced pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.evaluation.understanding import Detect, Reader
from assistant.notes.build import read_note
from assistant.safety.screen import screen
from assistant.triage.case import Case
from assistant.triage.one_turn import triage_text
from assistant.understanding.findings import Findings
from assistant.understanding.parse import question_asked

if TYPE_CHECKING:
    from assistant.knowledge import Knowledge


def triage_rater(knowledge: "Knowledge"):
    """text -> the one-turn triage result, as ``clinical-assistant triage TEXT --json`` gives it (no citations)."""
    def rate(text: str) -> dict[str, Any]:
        return triage_text(text, knowledge)
    return rate


def understanding_reader(knowledge: "Knowledge") -> Reader:
    """(message, the question it answers) -> the turn's one parse."""
    def read(text: str, question: str | None) -> Findings:
        asked = question_asked(question, knowledge.lexicon) if question else None
        return knowledge.parse(text, asked)
    return read


def emergency_detector(knowledge: "Knowledge") -> Detect:
    """message -> (the emergencies the safety screen raises, the language identified)."""
    def detect(text: str) -> tuple[set[str], str]:
        findings = knowledge.parse(text)
        safety = screen(findings, Case.of(findings), knowledge.triage_model, knowledge.safety,
                        knowledge.lexicon.packs)
        return {flag["id"] for flag in safety.red_flags if flag.get("level") == "emergency"}, findings.language
    return detect


def note_reader(knowledge: "Knowledge"):
    """consultation text -> the note artifact documentation mode builds."""
    def read(text: str) -> dict[str, Any]:
        return read_note(text, knowledge)
    return read
