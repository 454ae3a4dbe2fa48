from datetime import datetime, timezone

from fhir.resources.R4B.composition import Composition

from assistant.notes.export import to_fhir, to_markdown

SECTIONS = {"subjective": "Cough <3 days> & fever.", "objective": "", "assessment": "Viral URTI.", "plan": "- Rest."}
CODES = [{"code": "J06.9", "description": "Acute upper respiratory infection, unspecified", "suggestion": True,
          "evidence": "viral URTI", "basis": "diagnosis stated"}]


def test_markdown_has_all_sections_and_verify_checklist():
    md = to_markdown(SECTIONS, ["Confirm codes."])
    for title in ("### Subjective", "### Objective", "### Assessment", "### Plan", "- [ ] Confirm codes."):
        assert title in md
    assert "_Nothing recorded._" in md


def test_fhir_composition_validates_and_carries_provisional_icd_conditions():
    resource = to_fhir(SECTIONS, CODES, ["Confirm codes."], when=datetime(2024, 5, 1, tzinfo=timezone.utc))
    model = Composition.model_validate(resource)
    assert model.status == "preliminary"
    assert [s.code.coding[0].code for s in model.section[:4]] == ["61150-9", "61149-1", "51848-0", "18776-5"]
    condition = resource["contained"][0]
    assert condition["code"]["coding"][0] == {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "J06.9",
                                              "display": "Acute upper respiratory infection, unspecified"}
    assert condition["verificationStatus"]["coding"][0]["code"] == "provisional"
    assert "&lt;3 days&gt; &amp; fever" in resource["section"][0]["text"]["div"]
