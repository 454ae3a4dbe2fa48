"""Facts for a note from the conversation itself: the chat history read as a consultation (the assistant asked,
the user answered) plus the triage engine's intake, when the user asks for a note after a triage.
"""

from __future__ import annotations

from typing import Any

from assistant.notes.edits import merge_facts
from assistant.notes.extract import empty_facts, extract_facts
from assistant.notes.lexicons import label_of, symptom_data
from assistant.notes.transcript import from_history

_TRIAGE = "triage intake (earlier in this conversation)"


def facts_from_conversation(history: list[tuple[str, str]], triage_memory: dict[str, Any] | None,
                            patient: dict[str, Any] | None) -> dict[str, Any]:
    facts = extract_facts(from_history(history)) if history else empty_facts()
    intake = (triage_memory or {}).get("intake") or {}
    if not history and intake.get("texts"):
        facts = extract_facts(from_history([("user", t) for t in intake["texts"]]))
    facts = merge_facts(facts, _intake_facts(intake, facts))
    for key in ("age_years", "sex", "pregnant", "gestation_weeks", "postpartum"):
        value = (patient or {}).get(key)
        if value is not None and key not in facts["demographics"]:
            facts["demographics"][key] = value
            facts["demographics_evidence"][key] = "stated earlier in this conversation"
    flags = (triage_memory or {}).get("red_flags") or []
    if flags:
        facts["verify_extra"] = [
            "Red flags raised by the triage engine earlier in this conversation: "
            + "; ".join(f"{f.get('label')} ({f.get('level')}; {f.get('source')})" for f in flags) + "."
        ]
    return facts


def _intake_facts(intake: dict[str, Any], already: dict[str, Any]) -> dict[str, Any]:
    """What the triage intake holds that the history did not already give (only ids the note knows)."""
    extra = empty_facts()
    known = {s["id"] for s in already["symptoms_present"] + already["symptoms_absent"]}
    for concept in list(intake.get("complaints") or []) + list(intake.get("associated") or []):
        if concept in symptom_data() and concept not in known:
            extra["symptoms_present"].append({"id": concept, "label": label_of(concept), "evidence": _TRIAGE,
                                              "uncertain": False})
    for concept in intake.get("absent") or []:
        if concept in symptom_data() and concept not in known:
            extra["symptoms_absent"].append({"id": concept, "label": label_of(concept), "evidence": _TRIAGE})
    if intake.get("severity") is not None:
        extra["severity"] = f"{intake['severity']}/10"
    if intake.get("onset"):
        extra["onset"] = intake["onset"]
    for key, value in (intake.get("vitals") or {}).items():
        if key not in already["vitals"]:
            extra["vitals"][key] = value
            extra["vitals_evidence"][key] = f"{_TRIAGE} (reported by patient)"
    return extra
