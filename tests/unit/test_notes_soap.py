from assistant.notes.extract import empty_facts
from assistant.notes.soap import VERIFY, build_sections


def test_inferred_assessment_and_missing_allergy_status_are_marked_for_verification():
    facts = empty_facts()
    facts["symptoms_present"] = [{"id": "cough", "label": "cough", "evidence": "cough", "duration": "for 3 days"}]
    facts["chief_complaint"] = "cough"
    sections, verify = build_sections(facts, [])
    assert "Presentation with cough (for 3 days); no diagnosis was stated " + VERIFY in sections["assessment"]
    assert any("no diagnosis was stated" in v for v in verify)
    assert any("Allergy status" in v for v in verify)
    assert "No plan was recorded" in sections["plan"]
    assert sections["objective"] == "No examination findings or vital signs were recorded."


def test_denials_meds_and_vitals_rendered():
    facts = empty_facts()
    facts["symptoms_absent"] = [{"id": "fever", "label": "fever", "evidence": "no fever"}]
    facts["medications"] = [{"name": "metformin", "status": "current", "evidence": "x"}]
    facts["allergies_none_known"] = "NKDA"
    facts["vitals"] = {"sbp": 140, "dbp": 90, "temp_c": 37.0}
    facts["vitals_evidence"] = {"sbp": "BP 140/90", "dbp": "BP 140/90", "temp_c": "temp 37 (reported by patient)"}
    sections, verify = build_sections(facts, [], "Interaction check: none.")
    assert "Denies: fever." in sections["subjective"] and "Medicines: metformin." in sections["subjective"]
    assert "no known drug allergies" in sections["subjective"]
    assert "BP 140/90 mmHg" in sections["objective"] and "reported, not measured" in sections["objective"]
    assert "Interaction check: none." in sections["plan"]
