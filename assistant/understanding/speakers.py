"""Speaker turns in a pasted consultation ("Doctor: ... Patient: ..."), one per labelled segment.

Labels may start a line or sit mid-line ("Doctor: any trouble breathing? Patient: No"). Roles are folded into
three: the clinician, the patient, and a carer speaking for the patient (parent, partner, relative).
"""

from __future__ import annotations

import re

from assistant.understanding.findings import SpeakerTurn

_CLINICIAN = ("doctor", "dr", "gp", "clinician", "physician", "nurse", "np", "paramedic", "midwife", "health visitor",
              "hv", "call handler", "handler", "triage nurse", "consultant", "registrar", "resident", "medic",
              "practitioner", "pharmacist", "clinician a", "doc", "provider", "examiner", "student", "interviewer", "q")
_PATIENT = ("patient", "pt", "caller", "client", "man", "woman", "a")
_CARER = ("parent", "mother", "mum", "mom", "father", "dad", "carer", "caregiver", "wife", "husband", "partner",
          "son", "daughter", "relative", "family", "grandmother", "grandma", "grandfather", "grandad", "friend",
          "guardian", "sister", "brother", "aunt", "uncle")
ROLES = {**{name: "clinician" for name in _CLINICIAN}, **{name: "patient" for name in _PATIENT},
         **{name: "carer" for name in _CARER}}
_LABEL = re.compile(r"(?:(?<=^)|(?<=[\n.?!]\s)|(?<=[\n.?!]))\s*(" + "|".join(sorted((re.escape(r) for r in ROLES), key=len, reverse=True))
                    + r")\s*(?:\([^)]{0,20}\))?\s*[:\-]\s", re.IGNORECASE)
_QUESTION = re.compile(r"\?\s*$|^\s*(?:any|anything|do|does|did|have|has|had|is|are|was|were|can|could|how|what|when|"
                       r"where|which|who|why|tell\s+me|describe|ok,?\s+and\s+any|and\s+any)\b", re.IGNORECASE)


def speaker_turns(text: str) -> list[SpeakerTurn]:
    """Labelled turns in order; fewer than two labels means the text is not a transcript (empty list)."""
    labels = list(_LABEL.finditer(text))
    if len(labels) < 2:
        return []
    turns = []
    for index, match in enumerate(labels):
        start = match.end()
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        body = text[start:end].strip()
        label = match.group(1)
        role = ROLES[label.lower()]
        body_start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        turns.append(SpeakerTurn(role=role, label=label, text=body, start=body_start, end=body_start + len(body),
                                 is_question=bool(_QUESTION.search(body)) and role == "clinician"))
    if not any(t.role == "clinician" for t in turns) and len({t.role for t in turns}) < 2:
        return []
    return turns
