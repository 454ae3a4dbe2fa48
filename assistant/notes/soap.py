"""The four SOAP sections, the statements behind them and the list of things the clinician must verify.

Only what was read appears as a statement, each with its source line. Anything built rather than read (an
assessment line made from the presenting complaint, a code chosen from a symptom, a reading the patient reported)
carries a [verify] marker and a line in ``verify``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.notes.draft import NoteDraft

VERIFY = "[verify]"
SECTIONS = ("subjective", "objective", "assessment", "plan")
_STATUS = {"current": "", "new": " (new)", "stopped": " (stopped)", "changed": " (changed)"}


@dataclass
class Composed:
    sections: dict[str, str]
    statements: list[dict[str, Any]] = field(default_factory=list)  # {section, kind, text, source, verify}
    verify: list[str] = field(default_factory=list)


def describe_age(age: float) -> str:
    if age < 1 / 12:
        return f"{round(age * 365.25)}-day-old"
    if age < 2:
        return f"{round(age * 12)}-month-old"
    return f"{int(age)}-year-old"


def demographics_text(demo: dict[str, Any]) -> str | None:
    parts = []
    if demo.get("age_years") is not None:
        parts.append(describe_age(float(demo["age_years"])))
    if demo.get("sex"):
        parts.append(str(demo["sex"]))
    text = " ".join(parts)
    if demo.get("gestation_weeks"):
        text += f", {demo['gestation_weeks']:g} weeks pregnant"
    elif demo.get("pregnant") is True:
        text += ", pregnant"
    elif demo.get("pregnant") is False:
        text += ", not pregnant"
    if demo.get("postpartum"):
        text += ", postpartum"
    return text.strip(", ") or None


def medicine_text(medicine: dict[str, Any]) -> str:
    """"acetaminophen (Calpol) 120 mg oral four times daily": the generic, the words used, then how it is taken."""
    parts = [medicine["name"] + (f" ({medicine['said']})" if medicine.get("said") else "")]
    if medicine.get("dose"):
        parts.append(f"{medicine['dose']} {medicine.get('unit') or '(unit not stated)'}")
    for key in ("route", "frequency", "course"):
        if medicine.get(key):
            parts.append(str(medicine[key]))
    return " ".join(parts)


def allergy_text(allergy: dict[str, Any]) -> str:
    return allergy["substance"] + (f" ({allergy['reaction']})" if allergy.get("reaction") else "")


def _finding_text(fact: dict[str, Any]) -> str:
    text = ("possible " if fact.get("assertion") == "possible" else "") + fact["label"]
    if fact.get("detail"):
        text += f" ({fact['detail']})"
    return text + (f" {VERIFY}" if fact.get("verify") else "")


class _Writer:
    """Collects statements per section, each with its source and verify flag."""

    def __init__(self) -> None:
        self.statements: list[dict[str, Any]] = []
        self.verify: list[str] = []

    def add(self, section: str, kind: str, text: str, source: str | None, verify: bool = False) -> None:
        self.statements.append({"section": section, "kind": kind, "text": text, "source": source or "",
                                "verify": verify})


def _subjective(draft: NoteDraft, out: _Writer) -> list[str]:
    lines = []
    who = demographics_text(draft.demographics)
    if who:
        lines.append(f"Patient: {who}.")
        out.add("subjective", "demographics", who, "read from the consultation")
    reported = [f for f in draft.findings if f["group"] == "reported"]
    chief = next((f for f in reported if f.get("speaker") in ("patient", "carer", "dictation", "user")),
                 reported[0] if reported else None)
    if chief:
        lines.append(f"Presenting complaint: {_finding_text(chief)}.")
    others = [f for f in reported if f is not chief]
    if others:
        lines.append("Also reports: " + "; ".join(_finding_text(f) for f in others) + ".")
    for fact in reported:
        out.add("subjective", "reported", _finding_text(fact), fact["source"], bool(fact.get("verify")))
    denied = [f for f in draft.findings if f["group"] == "denied"]
    if denied:
        lines.append("Denies: " + ", ".join(f["label"] for f in denied) + ".")
        for fact in denied:
            out.add("subjective", "denied", f"denies {fact['label']}", fact["source"])
    history = [f for f in draft.findings if f["group"] == "history"]
    if history:
        lines.append("Past history / conditions: " + "; ".join(_finding_text(f) for f in history) + ".")
        for fact in history:
            out.add("subjective", "history", _finding_text(fact), fact["source"])
    if draft.family:
        items = [("no " if f["assertion"] == "absent" else "") + f["label"] for f in draft.family]
        lines.append("Family history: " + "; ".join(items) + ".")
        for fact, item in zip(draft.family, items):
            out.add("subjective", "family", item, fact["source"])
    medicines = [m for m in draft.medicines if m.get("section") != "plan"]
    if medicines:
        texts = [medicine_text(m) + _STATUS.get(m.get("status") or "current", "")
                 + (f" {VERIFY}" if m.get("verify") else "") for m in medicines]
        lines.append("Medicines: " + "; ".join(texts) + ".")
        for medicine, text in zip(medicines, texts):
            out.add("subjective", "medicine", text, medicine["source"], bool(medicine.get("verify")))
        if any(m.get("verify") for m in medicines):
            out.verify.append("A medicine name was not found in the drug catalogue - check the spelling.")
    if draft.allergies:
        texts = [allergy_text(a) for a in draft.allergies]
        lines.append("Allergies: " + "; ".join(texts) + ".")
        for allergy, text in zip(draft.allergies, texts):
            out.add("subjective", "allergy", text, allergy["source"])
    elif draft.no_known_allergies:
        lines.append("Allergies: no known drug allergies.")
        out.add("subjective", "allergy", "no known drug allergies", draft.no_known_allergies)
    else:
        lines.append(f"Allergies: not stated {VERIFY}.")
        out.add("subjective", "allergy", "not stated", "", True)
        out.verify.append("Allergy status was not recorded - confirm before prescribing.")
    for note in draft.notes:
        text = note["text"] + (f" {VERIFY}" if note.get("verify") else "")
        lines.append(text + ".")
        out.add("subjective", "note", text, note.get("source"), bool(note.get("verify")))
        if note.get("verify"):
            out.verify.append(f"{note['text']}: {note.get('source') or 'no single line'} - confirm.")
    possible = [f["label"] for f in reported if f.get("verify")]
    if possible:
        out.verify.append(f"Answered \"yes\" to a question about several things (recorded as possible): "
                          f"{', '.join(possible)}.")
    return lines


def _objective(draft: NoteDraft, out: _Writer) -> list[str]:
    lines = []
    kinds = [v["kind"] for v in draft.vitals]
    readings = []
    for vital in draft.vitals:
        repeated = kinds.count(vital["kind"]) > 1
        text = vital["text"] + (f" (reported, not measured) {VERIFY}" if vital.get("reported") else "")
        text += f" {VERIFY}" if repeated and not vital.get("reported") else ""
        readings.append(text)
        out.add("objective", "vital", text, vital["source"], bool(vital.get("reported") or repeated))
    if readings:
        lines.append("Vital signs: " + ", ".join(readings) + ".")
    if any(v.get("reported") for v in draft.vitals):
        out.verify.append("Some readings were reported by the patient or carer, not measured in the consultation.")
    for kind in dict.fromkeys(k for k in kinds if kinds.count(k) > 1):
        values = ", ".join(v["text"] for v in draft.vitals if v["kind"] == kind)
        out.verify.append(f"More than one {kind.replace('_', ' ')} reading ({values}): check which is the patient's "
                          "current reading and in what position or setting it was taken.")
    if draft.exam:
        lines.append("Examination: " + " ".join(e["text"] for e in draft.exam))
        for exam in draft.exam:
            out.add("objective", "exam", exam["text"], exam["source"])
    return lines or ["No examination findings or vital signs were recorded."]


def _assessment(draft: NoteDraft, codes: list[dict[str, Any]], out: _Writer) -> list[str]:
    lines = []
    for impression in draft.impression:
        lines.append(f"Clinician's impression: {impression['text']}")
        out.add("assessment", "impression", impression["text"], impression["source"])
    if not lines:
        reported = [f for f in draft.findings if f["group"] == "reported"]
        if reported:
            text = f"Presentation with {reported[0]['label']}; no diagnosis was stated {VERIFY}."
            out.verify.append("The assessment line was built from the presenting complaint (no impression was "
                              "stated) - add the clinical impression.")
        else:
            text = f"No assessment was stated {VERIFY}."
            out.verify.append("No assessment or impression was stated - add the clinical impression.")
        lines.append(text)
        out.add("assessment", "impression", text, "", True)
    if codes:
        lines.append("ICD-10-CM suggestions (to confirm):")
        for code in codes:
            text = f"{code['code']} {code['description']} - suggestion, {code['basis']} {VERIFY}"
            lines.append(f"- {text}")
            out.add("assessment", "code", text, code.get("evidence"), True)
            if code.get("verify_note"):
                out.verify.append(f"{code['code']}: {code['verify_note']}.")
        out.verify.append("ICD-10-CM codes are suggestions from the words of the note - confirm against the full "
                          "record.")
        demo = draft.demographics
        if (demo.get("pregnant") or demo.get("gestation_weeks")) and not all(c["code"].startswith("O") for c in codes):
            out.verify.append("Pregnancy: codes from ICD-10-CM chapter 15 (O00-O9A) take precedence over other "
                              "chapters (ICD-10-CM Official Guidelines I.C.15.a); review the other codes.")
    return lines


def _plan(draft: NoteDraft, interactions_line: str | None, out: _Writer) -> list[str]:
    lines = []
    for item in draft.plan:
        lines.append(f"- {item['text']}")
        out.add("plan", "plan", item["text"], item["source"])
    for status, title in (("new", "Medicines started"), ("changed", "Medicines changed"),
                          ("stopped", "Medicines stopped"), ("current", "Medicines continued")):
        medicines = [m for m in draft.medicines if m.get("section") == "plan" and m.get("status") == status]
        if medicines:
            lines.append(f"- {title}: " + "; ".join(medicine_text(m) for m in medicines) + ".")
            for medicine in medicines:
                out.add("plan", "medicine", f"{medicine_text(medicine)}{_STATUS.get(status, '')}", medicine["source"])
    if interactions_line:
        lines.append(f"- {interactions_line}")
    if not draft.plan:
        lines.insert(0, f"No plan was recorded {VERIFY}.")
        out.verify.append("No plan was stated - add management, follow-up and safety-net advice.")
    return lines


def compose(draft: NoteDraft, codes: list[dict[str, Any]], interactions_line: str | None = None) -> Composed:
    """The sections as text, the statements behind them and the verify list; nothing added that was not read."""
    out = _Writer()
    sections = {
        "subjective": "\n".join(_subjective(draft, out)),
        "objective": "\n".join(_objective(draft, out)),
        "assessment": "\n".join(_assessment(draft, codes, out)),
        "plan": "\n".join(_plan(draft, interactions_line, out)),
    }
    for flag in draft.flags:
        out.verify.append(f"Flagged: {flag['label']} ({flag['level']}) - \"{flag['quote']}\".")
    verify = out.verify + [v for v in draft.verify_extra if v not in out.verify]
    return Composed(sections=sections, statements=out.statements, verify=list(dict.fromkeys(verify)))
