"""Exports: Markdown for people, and a FHIR R4(B) document Bundle validated with fhir.resources."""

from datetime import datetime, timezone

from fhir.resources.R4B.bundle import Bundle

from assistant.evaluation.notes import load_items
from assistant.notes.build import build_note
from assistant.notes.draft import NoteDraft
from assistant.notes.fhir import ICD10CM, to_fhir
from assistant.notes.from_findings import read_consultation
from assistant.notes.markdown import to_markdown
from assistant.notes.soap import compose

SECTIONS = {"subjective": "Cough <3 days> & fever.", "objective": "", "assessment": "Viral URTI.", "plan": "- Rest."}
CODES = [{"code": "J06.9", "description": "Acute upper respiratory infection, unspecified", "suggestion": True,
          "evidence": "Doctor: viral URTI", "basis": "diagnosis stated", "about": "viral_uri", "status": "confirmed"}]
WHEN = datetime(2024, 5, 1, tzinfo=timezone.utc)


def draft():
    return NoteDraft(
        demographics={"sex": "female"},
        findings=[{"concept": "cough", "label": "cough", "group": "reported", "assertion": "present",
                   "source": "Patient: cough <3 days> & fever", "speaker": "patient"},
                  {"concept": "chest_pain", "label": "chest pain", "group": "denied", "assertion": "absent",
                   "source": "Doctor: chest pain? / Patient: No.", "speaker": "clinician"}],
        allergies=[{"substance": "penicillin", "reaction": "hives", "source": "Patient: penicillin, hives"}],
        medicines=[{"name": "amoxicillin", "dose": "500", "unit": "mg", "route": "oral",
                    "frequency": "three times daily", "status": "new", "course": None, "section": "plan",
                    "source": "Doctor: amoxicillin 500 mg tds"}],
        impression=[{"text": "Viral URTI.", "source": "Doctor: viral URTI", "hedged": False,
                     "diagnoses": ["viral_uri"], "concepts": []}],
        plan=[{"text": "Rest.", "source": "Doctor: rest"}],
    )


def test_markdown_has_flags_all_sections_verify_checklist_and_sources():
    flags = [{"label": "stiff neck", "level": "emergency", "quote": "Patient: my neck is stiff", "source": "NICE"}]
    statements = [{"section": "subjective", "kind": "reported", "text": "cough (3 days)",
                   "source": "Patient: I cough a lot"},
                  {"section": "plan", "kind": "plan", "text": "Rest.", "source": "Doctor: Rest."}]
    md = to_markdown(SECTIONS, ["Confirm codes."], flags=flags, statements=statements)
    for title in ("### Flagged findings", "### Subjective", "### Objective", "### Assessment", "### Plan",
                  "- [ ] Confirm codes.", '"Patient: my neck is stiff"', 'cough (3 days) - "Patient: I cough a lot"'):
        assert title in md
    assert "_Nothing recorded._" in md and '"Doctor: Rest."' not in md  # a quoted line is not quoted twice


def test_a_flag_whose_quote_is_its_own_label_is_said_once():
    flags = [{"label": "Fever lasting 5 days or more", "level": "urgent", "quote": "fever lasting 5 days or more."}]
    md = to_markdown(SECTIONS, [], flags=flags)
    assert "- **Fever lasting 5 days or more** (urgent)\n" in md
    assert md.lower().count("fever lasting 5 days or more") == 1


def test_fhir_document_bundle_validates_with_the_composition_first():
    composed = compose(draft(), CODES)
    composed.sections["subjective"] = SECTIONS["subjective"]
    resource = to_fhir(composed, draft(), CODES, [], when=WHEN)
    bundle = Bundle.model_validate(resource)
    assert bundle.type == "document" and bundle.identifier.value.startswith("urn:uuid:") and bundle.timestamp
    composition = resource["entry"][0]["resource"]
    assert composition["resourceType"] == "Composition" and composition["status"] == "preliminary"
    assert composition["type"]["coding"][0]["code"] == "11506-3"
    for key in ("subject", "date", "author", "title"):
        assert composition[key]
    assert [s["code"]["coding"][0]["code"] for s in composition["section"][:4]] == ["61150-9", "61149-1", "51848-0",
                                                                                       "18776-5"]
    assert "&lt;3 days&gt; &amp; fever" in composition["section"][0]["text"]["div"]
    urls = {e["fullUrl"] for e in resource["entry"]}
    assert all(e["reference"] in urls for s in composition["section"] for e in s.get("entry", []))


def test_conditions_allergies_medicines_and_code_suggestions():
    resources = [e["resource"] for e in to_fhir(compose(draft(), CODES), draft(), CODES, [], when=WHEN)["entry"]]
    conditions = [r for r in resources if r["resourceType"] == "Condition"]
    status = {r["code"]["text"]: r["verificationStatus"]["coding"][0]["code"] for r in conditions}
    assert status["cough"] == "confirmed" and status["chest pain"] == "refuted" and status["Viral URTI."] == "confirmed"
    suggested = next(r for r in conditions if any(c.get("system") == ICD10CM for c in r["code"].get("coding", [])))
    assert suggested["verificationStatus"]["coding"][0]["code"] == "provisional"
    assert suggested["code"]["coding"][0] == {"system": ICD10CM, "code": "J06.9",
                                              "display": "Acute upper respiratory infection, unspecified"}
    assert "suggestion" in suggested["note"][0]["text"] and suggested["evidence"][0]["detail"]
    allergy = next(r for r in resources if r["resourceType"] == "AllergyIntolerance")
    assert allergy["code"]["text"] == "penicillin" and allergy["reaction"][0]["manifestation"][0]["text"] == "hives"
    medicine = next(r for r in resources if r["resourceType"] == "MedicationStatement")
    assert medicine["status"] == "intended" and medicine["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"] == 500
    assert next(r for r in resources if r["resourceType"] == "Patient")["gender"] == "female"


def test_every_note_of_the_own_set_exports_a_valid_bundle(notes_knowledge):
    for item in load_items():
        note = build_note(read_consultation(notes_knowledge.parse(item["transcript"]), notes_knowledge)[0],
                          notes_knowledge).note
        assert Bundle.model_validate(note["fhir"]).entry[0].resource.__resource_type__ == "Composition", item["id"]
