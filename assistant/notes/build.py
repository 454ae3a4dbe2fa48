"""A note artifact from a draft: the interaction check for its medicines, ICD-10-CM suggestions, the SOAP sections
with their verify list, flags, the facts behind them, and both exports (Markdown and a FHIR document Bundle)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from assistant.drugs.interactions import check_interactions
from assistant.notes.coding import suggest_codes
from assistant.notes.draft import NoteDraft
from assistant.notes.fhir import ExportError, to_fhir
from assistant.notes.flags import transcript_flags
from assistant.notes.from_findings import read_consultation
from assistant.notes.markdown import to_markdown
from assistant.notes.needs import NoteKnowledge
from assistant.notes.soap import Composed, compose


@dataclass
class BuiltNote:
    note: dict[str, Any]
    tools: list[dict[str, Any]] = field(default_factory=list)
    drugs: dict[str, Any] | None = None
    notices: list[str] = field(default_factory=list)


def _interaction_check(draft: NoteDraft, knowledge: NoteKnowledge) -> tuple[str | None, dict | None, dict | None]:
    """(plan line, drugs artifact, tool record) for two or more medicines taken or started; loud when it cannot run."""
    names = list(dict.fromkeys(m["name"] for m in draft.medicines if m.get("status") != "stopped"))
    if len(names) < 2:
        return None, None, None
    title = "Checked interactions: " + " + ".join(names)
    try:
        report = check_interactions(knowledge.drugs, names)
    except Exception as err:  # the drug engine failing must not lose the note; say so instead
        summary = f"interaction check could not run ({type(err).__name__})"
        unchecked = [{"name": n, "reason": "interaction checker unavailable", "suggestions": []} for n in names]
        tool = {"name": "check_interactions", "title": title, "status": "error", "summary": summary}
        return (f"Interactions NOT checked: {summary}. Check these medicines separately.",
                {"drugs": [], "interactions": [], "unchecked": unchecked, "doses": []}, tool)
    data = report.to_dict()
    found = [f for f in data["interactions"] if f["severity"] != "none"]
    parts = [f"{f['a']} + {f['b']}: {f['severity']} ({f['management'] or f['mechanism']}) [Source: {f['source']}]"
             for f in found]
    line = "Interaction check: " + ("; ".join(parts) if parts else "no interactions found in our data")
    if data["unchecked"]:
        line += "; not checked: " + ", ".join(f"{u['name']} ({u['reason']})" for u in data["unchecked"])
    tool = {"name": "check_interactions", "title": title, "status": "done", "summary": report.summary()}
    artifact = {"drugs": [], "interactions": data["interactions"], "unchecked": data["unchecked"], "doses": []}
    return line + ".", artifact, tool


def _another_regimen(taking: dict[str, Any], planned: dict[str, Any]) -> bool:
    """A plan entry that doses or routes a medicine differently from how it is taken: a second entry."""
    return any(planned.get(key) and taking.get(key) and planned[key] != taking[key] for key in ("dose", "route"))


def _diagnosed(draft: NoteDraft) -> list[dict[str, Any]]:
    """What the clinician's impression names for the current illness ("this is sepsis"): the patient has it now,
    possibly when the impression was hedged - unless the history already says so or the patient denied it."""
    said = {f["concept"] for f in draft.findings}
    named: dict[str, dict[str, Any]] = {}
    for statement in draft.impression:
        for concept in statement.get("concepts") or []:
            if concept not in said and concept not in named:
                named[concept] = {"concept": concept, "group": "diagnosed", "source": statement["source"],
                                  "assertion": "possible" if statement.get("hedged") else "present"}
    return list(named.values())


def public_facts(draft: NoteDraft, composed: Composed) -> dict[str, Any]:
    """The note's facts by type, each with its source line (what evaluations and other engines read)."""
    medicines: dict[tuple[str, str], dict[str, Any]] = {}
    for medicine in draft.medicines:  # one per medicine: the plan's word wins, details kept from either ...
        key = (medicine["name"], "")
        known = medicines.get(key)
        if known is not None and medicine.get("section") == "plan" and _another_regimen(known, medicine):
            key = (medicine["name"], "plan")  # ... unless the plan gives it another way (a nebuliser now, an inhaler)
            known = medicines.get(key)
        medicines[key] = {**(known or {}), **{k: v for k, v in medicine.items() if v is not None}} if (
            medicine.get("section") == "plan" or known is None) else {
            **medicine, **{k: v for k, v in known.items() if v is not None}}

    def group(name: str) -> list[dict[str, Any]]:
        return [f for f in draft.findings if f["group"] == name]

    return {
        "demographics": draft.demographics, "symptoms_present": group("reported") + _diagnosed(draft),
        "symptoms_absent": group("denied"),
        "history": group("history"), "family": draft.family, "vitals": draft.vitals,
        "medicines": list(medicines.values()), "allergies": draft.allergies,
        "no_known_allergies": draft.no_known_allergies, "exam_findings": draft.exam, "impression": draft.impression,
        "plan": draft.plan, "statements": composed.statements,
    }


def build_note(draft: NoteDraft, knowledge: NoteKnowledge, *, when: datetime | None = None) -> BuiltNote:
    """Everything shown for a draft; a FHIR export that fails validation is reported, never silently dropped."""
    built = BuiltNote(note={})
    line, drugs, tool = _interaction_check(draft, knowledge)
    if tool:
        built.tools.append(tool)
    built.drugs = drugs
    codes = suggest_codes(draft, knowledge.note_vocabulary, knowledge.icd10)
    built.tools.append({"name": "icd10_suggest", "title": "Suggested ICD-10-CM codes", "status": "done",
                        "summary": ", ".join(c["code"] for c in codes) or "no codable diagnosis or symptom found"})
    composed = compose(draft, codes, line)
    markdown = to_markdown(composed.sections, composed.verify, flags=draft.flags, statements=composed.statements)
    try:
        fhir = to_fhir(composed, draft, codes, draft.flags, when=when)
    except ExportError as err:
        fhir = {}
        built.notices.append(str(err))
    built.note = {"sections": composed.sections, "codes": codes, "verify": composed.verify, "markdown": markdown,
                  "fhir": fhir, "flags": draft.flags, "facts": public_facts(draft, composed)}
    return built


def read_note(text: str, knowledge: NoteKnowledge, *, red_flags: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    """The note artifact for a pasted consultation (what ``assistant.evaluation.notes`` scores)."""
    findings = knowledge.parse(text)
    draft, lines = read_consultation(findings, knowledge)
    draft.flags = transcript_flags(red_flags, findings, lines)
    return build_note(draft, knowledge).note
