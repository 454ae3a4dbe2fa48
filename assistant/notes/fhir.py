"""The note as a FHIR document Bundle: the Composition first (status, type, subject, date, author, title and a
section per SOAP part, each with its narrative and entries), then Patient, the authoring Device, Conditions,
AllergyIntolerances and MedicationStatements.

FHIR version: fhir.resources 8 ships R5 as its default models and R4B as ``fhir.resources.R4B`` (no plain R4
package); R4B is R4 with errata and its Composition, Condition, AllergyIntolerance, MedicationStatement, Patient,
Device and Bundle are those of R4, so every export is validated with the R4B models.

Conditions: a denied finding is ``refuted``, a possible or hedged one ``provisional``, a stated one ``confirmed``.
An ICD-10-CM code is never put on a confirmed resource: each suggestion is its own Condition, ``provisional``, with
a note saying it is a suggestion and an evidence link to the finding it was suggested for.
"""

from __future__ import annotations

import hashlib
import html
import uuid
from datetime import datetime, timezone
from typing import Any

from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.device import Device
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.patient import Patient
from pydantic import ValidationError

from assistant.notes.draft import NoteDraft
from assistant.notes.markdown import SECTION_TITLES, TITLE
from assistant.notes.soap import SECTIONS, Composed, medicine_text

FHIR_VERSION = "R4B (fhir.resources.R4B)"
LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
SECTION_CODES = {"subjective": "61150-9", "objective": "61149-1", "assessment": "51848-0", "plan": "18776-5"}
MODELS = {"Composition": Composition, "Patient": Patient, "Device": Device, "Condition": Condition,
          "AllergyIntolerance": AllergyIntolerance, "MedicationStatement": MedicationStatement}
_MEDICATION_STATUS = {"current": "active", "new": "intended", "stopped": "stopped", "changed": "active"}


class ExportError(RuntimeError):
    """The note could not be turned into a valid FHIR document (the message says why)."""


def _div(text: str) -> str:
    lines = "".join(f"<p>{html.escape(line)}</p>" for line in (text or "").splitlines() if line.strip())
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{lines or "<p>Nothing recorded.</p>"}</div>'


def _concept(text: str, *codings: dict[str, str]) -> dict[str, Any]:
    return {"coding": list(codings), "text": text} if codings else {"text": text}


def _status(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


class _Document:
    """Builds the resources with stable urn:uuid references (the same note gives the same ids)."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.entries: list[dict[str, Any]] = []
        self.by_section: dict[str, list[str]] = {name: [] for name in SECTIONS}

    def ref(self, name: str) -> str:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{self.seed}/{name}')}"

    def add(self, name: str, resource: dict[str, Any], section: str | None = None) -> str:
        url = self.ref(name)
        self.entries.append({"fullUrl": url, "resource": resource})
        if section:
            self.by_section[section].append(url)
        return url


def _note(text: str) -> list[dict[str, str]]:
    return [{"text": text[:2000]}]


def _conditions(doc: _Document, draft: NoteDraft, patient: str) -> dict[str, str]:
    """Conditions for findings and impressions; returns concept or diagnosis id -> reference."""
    refs: dict[str, str] = {}
    for number, fact in enumerate(draft.findings):
        group = fact["group"]
        verification = ("refuted" if group == "denied" else
                        "provisional" if fact.get("assertion") == "possible" else "confirmed")
        resource: dict[str, Any] = {
            "resourceType": "Condition", "subject": {"reference": patient},
            "verificationStatus": _status(VERIFICATION, verification),
            "category": [_concept("Problem list item" if group == "history" else "Encounter diagnosis",
                                  {"system": CATEGORY, "code": "problem-list-item" if group == "history"
                                   else "encounter-diagnosis"})],
            "code": _concept(fact["label"]),
            "note": _note(f"Source: {fact['source']}"),
        }
        if verification != "refuted":
            clinical = "resolved" if fact.get("assertion") == "historical" and group == "history" else "active"
            resource["clinicalStatus"] = _status(CLINICAL, clinical)
        refs[fact["concept"]] = doc.add(f"finding/{number}", resource, "subjective")
    for number, impression in enumerate(draft.impression):
        verification = "provisional" if impression.get("hedged") else "confirmed"
        resource = {
            "resourceType": "Condition", "subject": {"reference": patient},
            "clinicalStatus": _status(CLINICAL, "active"),
            "verificationStatus": _status(VERIFICATION, verification),
            "category": [_concept("Encounter diagnosis", {"system": CATEGORY, "code": "encounter-diagnosis"})],
            "code": _concept(impression["text"]),
            "note": _note(f"Clinician's impression, as said. Source: {impression['source']}"),
        }
        url = doc.add(f"impression/{number}", resource, "assessment")
        for key in list(impression.get("diagnoses") or []) + list(impression.get("concepts") or []):
            refs.setdefault(key, url)
    return refs


def _code_suggestions(doc: _Document, codes: list[dict[str, Any]], refs: dict[str, str], patient: str) -> None:
    for number, code in enumerate(codes):
        resource: dict[str, Any] = {
            "resourceType": "Condition", "subject": {"reference": patient},
            "verificationStatus": _status(VERIFICATION, "provisional"),
            "category": [_concept("Encounter diagnosis", {"system": CATEGORY, "code": "encounter-diagnosis"})],
            "code": _concept(f"Suggested code: {code['description']}",
                             {"system": ICD10CM, "code": code["code"], "display": code["description"]}),
            "note": _note(f"ICD-10-CM code suggested by the assistant ({code['basis']}); a suggestion, not a "
                          f"confirmed code - review before use. From: {code.get('evidence') or 'the note'}"),
        }
        about = refs.get(str(code.get("about")))
        if about:
            resource["evidence"] = [{"detail": [{"reference": about}]}]
        doc.add(f"code/{number}", resource, "assessment")


def _allergies(doc: _Document, draft: NoteDraft, patient: str) -> None:
    for number, allergy in enumerate(draft.allergies):
        resource: dict[str, Any] = {
            "resourceType": "AllergyIntolerance", "patient": {"reference": patient},
            "clinicalStatus": _status(ALLERGY_CLINICAL, "active"),
            "verificationStatus": _status(ALLERGY_VERIFICATION, "unconfirmed"),
            "code": _concept(allergy["substance"]),
            "note": _note(f"Reported in the consultation. Source: {allergy['source']}"),
        }
        if allergy.get("reaction"):
            resource["reaction"] = [{"manifestation": [_concept(str(allergy["reaction"]))]}]
        doc.add(f"allergy/{number}", resource, "subjective")
    if not draft.allergies and draft.no_known_allergies:
        doc.add("allergy/none", {
            "resourceType": "AllergyIntolerance", "patient": {"reference": patient},
            "verificationStatus": _status(ALLERGY_VERIFICATION, "unconfirmed"),
            "code": _concept("No known drug allergy", {"system": SNOMED, "code": "409137002",
                                                       "display": "No known drug allergy"}),
            "note": _note(f"Source: {draft.no_known_allergies}"),
        }, "subjective")


def _medicines(doc: _Document, draft: NoteDraft, patient: str) -> None:
    for number, medicine in enumerate(draft.medicines):
        dosage: dict[str, Any] = {"text": medicine_text(medicine)}
        if medicine.get("route"):
            dosage["route"] = _concept(str(medicine["route"]))
        try:
            value = float(str(medicine.get("dose")))
        except ValueError:
            value = None
        if value is not None:
            dosage["doseAndRate"] = [{"doseQuantity": {"value": value, "unit": medicine.get("unit") or "dose"}}]
        section = "plan" if medicine.get("section") == "plan" else "subjective"
        doc.add(f"medicine/{number}", {
            "resourceType": "MedicationStatement", "subject": {"reference": patient},
            "status": _MEDICATION_STATUS.get(medicine.get("status") or "current", "unknown"),
            "medicationCodeableConcept": _concept(medicine["name"]),
            "dosage": [dosage],
            "note": _note(f"Status in the consultation: {medicine.get('status') or 'current'}. "
                          f"Source: {medicine['source']}"),
        }, section)


def _validate(resource: dict[str, Any], model: type) -> dict[str, Any]:
    try:
        return model.model_validate(resource).model_dump(mode="json", exclude_none=True)
    except ValidationError as err:
        raise ExportError(f"The note could not be exported as FHIR ({resource.get('resourceType')}): "
                          f"{str(err)[:300]}") from err


def to_fhir(composed: Composed, draft: NoteDraft, codes: list[dict[str, Any]], flags: list[dict[str, Any]],
            when: datetime | None = None) -> dict[str, Any]:
    """A FHIR R4(B) document Bundle as a dict; every resource and the Bundle are validated with fhir.resources."""
    when = when or datetime.now(timezone.utc)
    digest = hashlib.sha256(repr((composed.sections, codes, flags)).encode("utf-8")).hexdigest()[:16]
    doc = _Document(f"{when.isoformat()}/{digest}")
    composition_url = doc.ref("composition")
    patient = doc.add("patient", {"resourceType": "Patient", **(
        {"gender": draft.demographics["sex"]} if draft.demographics.get("sex") in ("male", "female") else {}),
        "text": {"status": "generated", "div": _div("Patient of the documented consultation (no identifiers kept).")}})
    device = doc.add("device", {"resourceType": "Device", "deviceName": [
        {"name": "Clinical assistant (draft for clinician review)", "type": "user-friendly-name"}]})
    refs = _conditions(doc, draft, patient)
    _code_suggestions(doc, codes, refs, patient)
    _allergies(doc, draft, patient)
    _medicines(doc, draft, patient)
    sections = []
    for name in SECTIONS:
        title = SECTION_TITLES[name]
        code = {"coding": [{"system": LOINC, "code": SECTION_CODES[name], "display": title}]}
        section: dict[str, Any] = {"title": title, "code": code,
                                   "text": {"status": "generated", "div": _div(composed.sections.get(name, ""))}}
        if doc.by_section[name]:
            section["entry"] = [{"reference": url} for url in doc.by_section[name]]
        sections.append(section)
    if flags:
        sections.append({"title": "Flagged findings", "text": {"status": "generated", "div": _div("\n".join(
            f"{f['label']} ({f['level']}): \"{f['quote']}\"" for f in flags))}})
    if composed.verify:
        sections.append({"title": "To verify",
                         "text": {"status": "generated", "div": _div("\n".join(composed.verify))}})
    composition = {
        "resourceType": "Composition", "status": "preliminary",
        "type": {"coding": [{"system": LOINC, "code": "11506-3", "display": "Progress note"}], "text": "Progress note"},
        "subject": {"reference": patient}, "date": when.isoformat(timespec="seconds"),
        "author": [{"reference": device, "display": "Clinical assistant (draft for clinician review)"}],
        "title": TITLE, "section": sections,
    }
    entries = [{"fullUrl": composition_url, "resource": composition}] + doc.entries
    checked = [{"fullUrl": e["fullUrl"], "resource": _validate(e["resource"], MODELS[e["resource"]["resourceType"]])}
               for e in entries]
    bundle = {"resourceType": "Bundle", "type": "document", "timestamp": when.isoformat(timespec="seconds"),
              "identifier": {"system": "urn:ietf:rfc:3986", "value": doc.ref("bundle")}, "entry": checked}
    return _validate(bundle, Bundle)
