"""Exports of a note: Markdown for people, and a FHIR R4 Composition (validated with fhir.resources).

fhir.resources 8 ships R4B (a compatible revision of R4) as ``fhir.resources.R4B``; the Composition uses
LOINC section codes and carries the ICD-10-CM suggestions as contained provisional Conditions.
"""

from __future__ import annotations

import html
from datetime import datetime, timezone
from typing import Any

from assistant.notes.soap import SECTIONS

LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SECTION_CODES = {
    "subjective": ("61150-9", "Subjective"),
    "objective": ("61149-1", "Objective"),
    "assessment": ("51848-0", "Assessment"),
    "plan": ("18776-5", "Plan"),
}
TITLE = "SOAP note (draft)"


class ExportError(RuntimeError):
    """The note could not be turned into a valid FHIR resource (the message says why)."""


def to_markdown(sections: dict[str, str], verify: list[str]) -> str:
    parts = [f"## {TITLE}", "_Draft for the clinician to review. Items marked [verify] were inferred or need "
                              "confirming; ICD-10-CM codes are suggestions._"]
    for name in SECTIONS:
        parts.append(f"### {SECTION_CODES[name][1]}\n{sections.get(name) or '_Nothing recorded._'}")
    if verify:
        parts.append("### To verify\n" + "\n".join(f"- [ ] {item}" for item in verify))
    return "\n\n".join(parts)


def _div(text: str) -> str:
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in (text or "Nothing recorded.").splitlines() if line.strip())
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{lines or "<p>Nothing recorded.</p>"}</div>'


def to_fhir(sections: dict[str, str], codes: list[dict[str, Any]], verify: list[str],
            when: datetime | None = None) -> dict[str, Any]:
    """A preliminary FHIR R4(B) Composition as a dict, validated by constructing the pydantic model."""
    from fhir.resources.R4B.composition import Composition  # lazy: pydantic models load on first export

    when = when or datetime.now(timezone.utc)
    contained = []
    for number, code in enumerate(codes, 1):
        contained.append({
            "resourceType": "Condition",
            "id": f"icd{number}",
            "verificationStatus": {"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "provisional"}]},
            "code": {"coding": [{"system": ICD10CM, "code": code["code"], "display": code["description"]}],
                     "text": f"Suggested code ({code['basis']}): {code['description']}"},
            "subject": {"display": "Patient"},
            "note": [{"text": f"Suggestion only, from: {code.get('evidence', '')}"[:1000]}],
        })
    section_list = []
    for name in SECTIONS:
        loinc, title = SECTION_CODES[name]
        section = {"title": title, "code": {"coding": [{"system": LOINC, "code": loinc, "display": title}]},
                   "text": {"status": "generated", "div": _div(sections.get(name, ""))}}
        if name == "assessment" and contained:
            section["entry"] = [{"reference": f"#{c['id']}"} for c in contained]
        section_list.append(section)
    if verify:
        section_list.append({"title": "To verify", "text": {"status": "generated", "div": _div("\n".join(verify))}})
    resource = {
        "resourceType": "Composition",
        "status": "preliminary",
        "type": {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}]},
        "date": when.isoformat(timespec="seconds"),
        "author": [{"display": "Clinical assistant (draft for clinician review)"}],
        "title": TITLE,
        "section": section_list,
    }
    if contained:
        resource["contained"] = contained
    try:
        model = Composition.model_validate(resource)
    except ValueError as err:  # pydantic.ValidationError is a ValueError
        raise ExportError(f"The note could not be exported as FHIR: {str(err)[:300]}") from err
    return model.model_dump(mode="json", exclude_none=True)
