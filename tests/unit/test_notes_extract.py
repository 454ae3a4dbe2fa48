from assistant.notes.extract import extract_facts, has_content
from assistant.notes.transcript import parse_transcript

CONSULT = """Doctor: What brings you in?
Patient: I've had a cough for 3 days and I might have had a temperature.
Doctor: Any shortness of breath or chest pain?
Patient: No, none of that.
Doctor: Any allergies?
Patient: Penicillin, it brings me out in hives.
Doctor: Let me listen to your chest. Temperature 38.2, pulse 96, BP 132/84. Chest is clear.
Doctor: I think this is a viral chest infection. Take paracetamol and come back if you get breathless.
"""


def facts():
    return extract_facts(parse_transcript(CONSULT))


def test_negation_from_a_yes_no_answer_and_uncertainty_kept():
    f = facts()
    present = {s["id"]: s for s in f["symptoms_present"]}
    assert set(present) == {"cough", "fever"}
    assert present["fever"]["uncertain"] is True and present["cough"]["duration"] == "for 3 days"
    absent = {s["id"] for s in f["symptoms_absent"]}
    assert absent == {"shortness_of_breath", "chest_pain"}
    assert "No, none of that." in next(s for s in f["symptoms_absent"] if s["id"] == "chest_pain")["evidence"]


def test_allergy_answer_is_not_a_medicine_or_a_rash():
    f = facts()
    assert [a["substance"] for a in f["allergies"]] == ["penicillin"]
    assert "penicillin" not in {m["name"] for m in f["medications"]}
    assert "rash" not in {s["id"] for s in f["symptoms_present"]}


def test_vitals_exam_assessment_and_plan_each_with_evidence():
    f = facts()
    assert f["vitals"] == {"temp_c": 38.2, "heart_rate": 96, "sbp": 132, "dbp": 84}
    assert any("Chest is clear" in e["text"] for e in f["exam_findings"])
    assert f["diagnoses"][0]["id"] == "bronchitis" and f["diagnoses"][0]["status"] == "stated"
    assert any("paracetamol" in p["text"] for p in f["plan_items"])
    assert {m["name"]: m["status"] for m in f["medications"]} == {"acetaminophen": "new"}


def test_clinician_questions_alone_are_not_findings():
    f = extract_facts(parse_transcript("Doctor: Any fever or rash?\nPatient: I'm not sure."))
    assert not f["symptoms_present"] and not f["symptoms_absent"]


def test_family_history_and_hypotheticals_are_not_symptoms():
    f = extract_facts(parse_transcript("Patient: My mother had a stroke. Come back if you get a headache."))
    assert not f["symptoms_present"]


def test_fetal_heart_rate_is_not_the_pulse_and_no_content_is_detected():
    f = extract_facts(parse_transcript("Midwife: The fetal heart rate is 140. Her pulse is 88."))
    assert f["vitals"]["heart_rate"] == 88
    assert not has_content(extract_facts(parse_transcript("Doctor: hello\nPatient: hi there")))
