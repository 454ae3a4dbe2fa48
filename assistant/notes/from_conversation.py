"""A note draft from the conversation itself (the user asks for a note after a triage intake): what the case holds
- every turn's parse folded together - with the person's own message as the source of each statement."""

from __future__ import annotations

from typing import Any, Iterable

from assistant.notes.draft import NoteDraft
from assistant.notes.from_findings import duration_words, vital_text
from assistant.notes.needs import NoteKnowledge
from assistant.triage.case import Case

SAID = "said during this conversation"
ANSWERED = "answered during this conversation"


def _quote(words: str, messages: list[str]) -> str:
    """The person's message holding these words, quoted; else a plain note of where it was said."""
    needle = words.strip().lower()
    if needle:
        for message in messages:
            if needle in message.lower():
                return f"Patient: {message.strip()}"
    return SAID


def read_conversation(case: Case, history: Iterable[tuple[str, str]], knowledge: NoteKnowledge) -> NoteDraft:
    messages = [text for role, text in history if role in ("user", "human") and text]
    labels, concepts = knowledge.lexicon_labels, knowledge.lexicon.concepts
    demographics = {k: getattr(case, k) for k in ("age_years", "sex", "pregnant", "gestation_weeks", "postpartum")
                    if getattr(case, k) is not None}
    draft = NoteDraft(origin="conversation", demographics=demographics)

    def label(concept: str) -> str:
        return labels.get(concept, concept.replace("_", " "))

    order = list(case.order) + [c for c in case.present if c not in case.order]
    for number, concept in enumerate(c for c in order if c in case.present):
        kind = concepts.get(concept, {}).get("kind", "symptom")
        detail = duration_words(case.duration_days) if number == 0 and case.duration_days else ""
        group = "history" if kind == "condition" else "reported"
        draft.add_finding({"concept": concept, "label": label(concept), "group": group,
                           "assertion": "possible" if concept in case.possible else "present",
                           "source": _quote(case.present[concept], messages), "speaker": "user", "detail": detail,
                           "verify": False})
    for concept, words in case.settled.items():
        draft.add_finding({"concept": concept, "label": label(concept), "group": "reported", "assertion": "present",
                           "source": _quote(words, messages), "speaker": "user", "detail": "settled now",
                           "verify": False})
    for concept in case.absent:
        draft.add_finding({"concept": concept, "label": label(concept), "group": "denied", "assertion": "absent",
                           "source": ANSWERED, "speaker": "user", "detail": "", "verify": False})
    for concept in case.history:
        draft.add_finding({"concept": concept, "label": label(concept), "group": "history", "assertion": "historical",
                           "source": SAID, "speaker": "user", "detail": "", "verify": False})
    for kind, reading in case.vitals.items():
        draft.add_vital(_vital(kind, reading, messages))
    for name in case.medicines:
        draft.add_medicine({"name": name, "dose": None, "unit": None, "route": None, "frequency": None,
                            "status": "current", "course": None, "source": _quote(name, messages),
                            "section": "subjective", "verify": False})
    if case.severity is not None:
        draft.notes.append({"text": f"Severity: {case.severity:g}/10", "source": SAID, "verify": False})
    if case.onset:
        draft.notes.append({"text": f"Onset: {case.onset}", "source": SAID, "verify": False})
    return draft


def _vital(kind: str, reading: dict[str, Any], messages: list[str]) -> dict[str, Any]:
    surface = str(reading.get("surface") or "")
    return {"kind": kind, "value": reading.get("value"), "unit": reading.get("unit"),
            "diastolic": reading.get("diastolic"), "written_value": None, "written_unit": None,
            "on_oxygen": reading.get("on_oxygen"),
            "text": vital_text(kind, reading.get("value"), reading.get("unit"), reading.get("diastolic"),
                               reading.get("on_oxygen")),
            "source": _quote(surface, messages), "reported": True}
