"""Turn extracted facts into the four SOAP sections and the list of things the clinician must verify.

Only facts read from the text appear as statements. Anything built rather than read (an assessment phrased
from the presenting complaint, a code chosen from a symptom) carries a [verify] marker and a line in ``verify``.
"""

from __future__ import annotations

from typing import Any

VERIFY = "[verify]"
SECTIONS = ("subjective", "objective", "assessment", "plan")
_VITALS = (
    ("temp_c", "temperature", "{} °C"), ("heart_rate", "heart rate", "{}/min"), ("resp_rate", "respiratory rate", "{}/min"),
    ("spo2", "SpO2", "{}%"), ("gcs", "GCS", "{}"),
)
_STATUS = {"current": "", "new": " (new)", "stopped": " (stopped / to stop)"}


def _join(items: list[str]) -> str:
    return "; ".join(items)


def _demographics(demo: dict[str, Any]) -> str | None:
    parts = []
    age = demo.get("age_years")
    if age is not None:
        if age < 1 / 12:
            parts.append(f"{round(age * 365.25)}-day-old")
        elif age < 2:
            parts.append(f"{round(age * 12)}-month-old")
        else:
            parts.append(f"{int(age)}-year-old")
    if demo.get("sex"):
        parts.append(demo["sex"])
    text = " ".join(parts)
    if demo.get("gestation_weeks"):
        text += f", {demo['gestation_weeks']} weeks pregnant"
    elif demo.get("pregnant") is True:
        text += ", pregnant"
    elif demo.get("pregnant") is False:
        text += ", not pregnant"
    if demo.get("postpartum"):
        text += ", postpartum"
    return text.strip(", ") or None


def _symptom(entry: dict[str, Any]) -> str:
    text = ("possible " if entry.get("uncertain") else "") + entry["label"]
    return text + (f" ({entry['duration']})" if entry.get("duration") else "")


def subjective(facts: dict[str, Any], verify: list[str]) -> str:
    lines = []
    who = _demographics(facts.get("demographics") or {})
    if who:
        lines.append(f"Patient: {who}.")
    present = facts.get("symptoms_present") or []
    chief = next((s for s in present if s["id"] == facts.get("chief_complaint")), present[0] if present else None)
    if chief:
        lines.append(f"Presenting complaint: {_symptom(chief)}.")
    others = [_symptom(s) for s in present if s is not chief]
    if others:
        lines.append(f"Also reports: {_join(others)}.")
    if not chief and facts.get("durations"):
        lines.append(f"Duration stated: {facts['durations'][0]['text']}.")
    for key in ("severity", "onset"):
        if facts.get(key):
            lines.append(f"{key.capitalize()}: {facts[key]}.")
    absent = [s["label"] for s in facts.get("symptoms_absent") or []]
    if absent:
        lines.append(f"Denies: {', '.join(absent)}.")
    resolved = [s["label"] for s in facts.get("symptoms_resolved") or []]
    if resolved:
        lines.append(f"Now settled: {', '.join(resolved)}.")
    history = [d["label"] for d in facts.get("diagnoses") or [] if d.get("status") == "history"]
    if history:
        lines.append(f"Known conditions / past history: {', '.join(history)}.")
    meds = [m for m in facts.get("medications") or [] if m.get("status") != "new"]
    if meds:
        lines.append("Medicines: " + _join(f"{m['name']}{_STATUS.get(m.get('status'), '')}" for m in meds) + ".")
    elif facts.get("medications_none"):
        lines.append("Medicines: none regular.")
    allergies = facts.get("allergies") or []
    if allergies:
        lines.append("Allergies: " + _join(
            a["substance"] + (f" ({a['reaction']})" if a.get("reaction") else "") for a in allergies) + ".")
    elif facts.get("allergies_none_known"):
        lines.append("Allergies: no known drug allergies.")
    else:
        lines.append(f"Allergies: not stated {VERIFY}.")
        verify.append("Allergy status was not stated in the conversation - confirm before prescribing.")
    uncertain = [s["label"] for s in present if s.get("uncertain")]
    if uncertain:
        verify.append(f"Stated with uncertainty (recorded as possible): {', '.join(uncertain)}.")
    return "\n".join(lines)


def objective(facts: dict[str, Any], verify: list[str]) -> str:
    vitals, evidence = facts.get("vitals") or {}, facts.get("vitals_evidence") or {}
    readings = []
    if "sbp" in vitals and "dbp" in vitals:
        readings.append(("sbp", f"BP {vitals['sbp']}/{vitals['dbp']} mmHg"))
    for key, label, fmt in _VITALS:
        if key in vitals:
            readings.append((key, f"{label} {fmt.format(vitals[key])}"))
    if "on_oxygen" in vitals:
        readings.append(("on_oxygen", "on supplemental oxygen" if vitals["on_oxygen"] else "on room air"))
    lines = []
    if readings:
        marked = []
        for key, text in readings:
            reported = "(reported by" in str(evidence.get(key, ""))
            marked.append(text + (f" (reported, not measured) {VERIFY}" if reported else ""))
        lines.append("Vital signs: " + ", ".join(marked) + ".")
        if any("(reported by" in str(evidence.get(key, "")) for key, _ in readings):
            verify.append("Some vital signs were reported by the patient or carer, not measured in the consultation.")
    findings = [f["text"] for f in facts.get("exam_findings") or []]
    if findings:
        lines.append("Examination: " + " ".join(f if f.endswith((".", "!")) else f + "." for f in findings))
    return "\n".join(lines) or "No examination findings or vital signs were recorded."


def assessment(facts: dict[str, Any], codes: list[dict[str, Any]], verify: list[str]) -> str:
    lines = []
    diagnoses = facts.get("diagnoses") or []
    for d in diagnoses:
        if d["status"] == "stated":
            lines.append(f"{d['label'].capitalize()} (clinician's impression).")
        elif d["status"] == "possible":
            lines.append(f"Possible {d['label']} (stated with uncertainty).")
        elif d["status"] == "ruled_out":
            lines.append(f"{d['label'].capitalize()}: considered and stated as not present.")
    for item in facts.get("assessment_items") or []:
        lines.append(f"As stated: \"{item['text']}\"")
    if not lines:
        present = facts.get("symptoms_present") or []
        chief = next((s for s in present if s["id"] == facts.get("chief_complaint")), present[0] if present else None)
        if chief:
            lines.append(f"Presentation with {_symptom(chief)}; no diagnosis was stated {VERIFY}.")
            verify.append("The assessment line was built from the presenting complaint (no diagnosis was stated) - "
                          "add the clinical impression.")
        else:
            lines.append(f"No assessment was stated {VERIFY}.")
            verify.append("No assessment or diagnosis was stated - add the clinical impression.")
    if codes:
        lines.append("ICD-10-CM suggestions (to confirm):")
        for code in codes:
            lines.append(f"- {code['code']} {code['description']} - suggestion, {code['basis']} {VERIFY}")
            if code.get("verify_note"):
                verify.append(f"{code['code']}: {code['verify_note']}.")
        verify.append("ICD-10-CM codes are suggestions from the words of the note - confirm against the full record.")
        demo = facts.get("demographics") or {}
        if (demo.get("pregnant") or demo.get("gestation_weeks")) and not all(c["code"].startswith("O") for c in codes):
            verify.append("Pregnancy: codes from ICD-10-CM chapter 15 (O00-O9A) take precedence over other chapters "
                          "(ICD-10-CM Official Guidelines I.C.15.a); review the symptom codes.")
    return "\n".join(lines)


def plan(facts: dict[str, Any], interactions_line: str | None, verify: list[str]) -> str:
    lines = [f"- {p['text']}" for p in facts.get("plan_items") or []]
    new_meds = [m["name"] for m in facts.get("medications") or [] if m.get("status") == "new"]
    if new_meds:
        lines.append(f"- Medicines started or advised: {', '.join(new_meds)}.")
    if interactions_line:
        lines.append(f"- {interactions_line}")
    if not facts.get("plan_items"):
        lines.insert(0, f"No plan was recorded {VERIFY}.")
        verify.append("No plan was stated - add management, follow-up and safety-net advice.")
    return "\n".join(lines)


def build_sections(facts: dict[str, Any], codes: list[dict[str, Any]],
                   interactions_line: str | None = None) -> tuple[dict[str, str], list[str]]:
    """({subjective, objective, assessment, plan}, verify list) from the facts; nothing added that was not read."""
    verify: list[str] = []
    sections = {
        "subjective": subjective(facts, verify),
        "objective": objective(facts, verify),
        "assessment": assessment(facts, codes, verify),
        "plan": plan(facts, interactions_line, verify),
    }
    verify += [v for v in facts.get("verify_extra") or [] if v not in verify]
    return sections, list(dict.fromkeys(verify))
