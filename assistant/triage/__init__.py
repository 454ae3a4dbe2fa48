"""Triage: structured intake over several turns, level rules, red-flag veto and grounded voting.

Public entry points: ``respond`` (the dialogue engine), ``triage_text`` (one-turn assessment),
``assess`` (assessment of an intake) and ``Intake``/``update_intake``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Intake", "TriageAssessment", "assess", "respond", "triage_text", "update_intake"]


def __getattr__(name: str) -> Any:
    """Lazy exports, so importing a submodule does not load the whole engine (or the voting graph)."""
    if name in ("Intake", "update_intake"):
        from assistant.triage import intake

        return getattr(intake, name)
    if name in ("TriageAssessment", "assess"):
        from assistant.triage import assessment

        return getattr(assessment, name)
    if name == "respond":
        from assistant.triage.dialogue import respond

        return respond
    if name == "triage_text":
        from assistant.triage.one_turn import triage_text

        return triage_text
    raise AttributeError(name)
