"""Where each fact of the one parse goes in the note, and the line it quotes."""

from assistant.notes.from_findings import read_consultation

CONSULT = """Doctor: What brings you in?
Patient: I've had a cough for 3 days and I might have had a temperature.
Doctor: Any shortness of breath or chest pain?
Patient: No, none of that.
Doctor: Any allergies?
Patient: Penicillin, it brings me out in hives.
Doctor: Let me listen to your chest. Temperature 38.2, pulse 96, BP 132/84. Chest is clear.
Doctor: I think this is a viral chest infection. Take paracetamol and come back if you get breathless.
"""


def read(knowledge, text):
    return read_consultation(knowledge.parse(text), knowledge)[0]


def test_negation_from_a_yes_no_answer_and_uncertainty_kept(notes_knowledge):
    draft = read(notes_knowledge, CONSULT)
    assert draft.concepts("reported") == ["cough", "fever"]
    fever = next(f for f in draft.findings if f["concept"] == "fever")
    assert fever["assertion"] == "possible"
    assert set(draft.concepts("denied")) == {"shortness_of_breath", "chest_pain"}
    chest = next(f for f in draft.findings if f["concept"] == "chest_pain")
    assert chest["source"] == "Doctor: Any shortness of breath or chest pain? / Patient: No, none of that."


def test_allergy_answer_is_not_a_medicine_and_its_reaction_is_not_a_complaint(notes_knowledge):
    draft = read(notes_knowledge, CONSULT)
    assert [(a["substance"], a["reaction"]) for a in draft.allergies] == [("penicillin", "hives")]
    assert "penicillin" not in {m["name"] for m in draft.medicines}
    assert "hives" not in draft.concepts("reported") and "rash" not in draft.concepts("reported")


def test_vitals_exam_impression_and_plan_are_worded_for_the_note_and_keep_their_line(notes_knowledge):
    draft = read(notes_knowledge, CONSULT)
    readings = {v["kind"]: v for v in draft.vitals}
    assert readings["temperature"]["text"] == "temperature 38.2 °C" and not readings["temperature"]["reported"]
    assert readings["blood_pressure"]["text"] == "BP 132/84 mmHg"
    assert readings["heart_rate"]["source"] == "Doctor: Temperature 38.2, pulse 96, BP 132/84."
    assert [e["text"] for e in draft.exam] == ["Chest is clear."]
    assert [i["text"] for i in draft.impression] == ["Suspected viral lower respiratory tract infection."]
    assert draft.impression[0]["hedged"] and draft.impression[0]["diagnoses"] == ["bronchitis"]
    assert draft.impression[0]["source"] == ("Doctor: I think this is a viral chest infection.")
    assert [p["text"] for p in draft.plan] == ["Safety-net advice: take paracetamol and come back if you get "
                                               "breathless."]
    assert {m["name"]: (m["status"], m["section"]) for m in draft.medicines} == {"acetaminophen": ("new", "plan")}


def test_clinician_questions_alone_are_not_findings(notes_knowledge):
    draft = read(notes_knowledge, "Doctor: Any fever or rash?\nDoctor: Come back if you get a headache.\n"
                                  "Patient: OK.")
    assert not draft.concepts("reported") and "headache" not in draft.concepts("denied")


def test_family_history_is_the_relatives_and_never_the_patients(notes_knowledge):
    draft = read(notes_knowledge, "Doctor: Any heart problems in the family?\n"
                                  "Patient: My father had a heart attack at 52.\nDoctor: And you?\n"
                                  "Patient: I get chest pain when I walk uphill.")
    assert [f["concept"] for f in draft.family] == ["heart_attack"]
    assert "heart_attack" not in draft.concepts("reported") + draft.concepts("history")
    assert "chest_pain" in draft.concepts("reported")


def test_dictated_note_is_sorted_by_its_headers(notes_knowledge):
    draft = read(notes_knowledge, "45 year old man with a productive cough for five days. Denies chest pain.\n"
                                  "PMH asthma. Meds: salbutamol inhaler. Allergies: NKDA.\n"
                                  "O/E: temp 38.4, HR 98. Crackles at the right base.\n"
                                  "Impression: community acquired pneumonia.\n"
                                  "Plan: amoxicillin 500 mg three times a day, chest x-ray.")
    assert draft.origin == "dictation" and draft.demographics == {"age_years": 45.0, "sex": "male"}
    assert draft.concepts("reported") == ["cough", "fever"] and draft.concepts("denied") == ["chest_pain"]
    fever = next(f for f in draft.findings if f["concept"] == "fever")  # nobody said "fever": the reading did
    assert fever["detail"] == "measured: temperature 38.4 °C" and fever["source"] == "temp 38.4, HR 98."
    assert draft.concepts("history") == ["asthma"]
    assert draft.no_known_allergies and not draft.allergies
    assert [e["text"] for e in draft.exam] == ["Crackles at the right base."]
    assert draft.impression[0]["diagnoses"] == ["pneumonia"]
    planned = next(m for m in draft.medicines if m["name"] == "amoxicillin")
    assert (planned["section"], planned["status"], planned["dose"]) == ("plan", "new", "500")


def test_a_readings_line_is_not_an_exam_finding_and_repeated_readings_are_kept(notes_knowledge):
    draft = read(notes_knowledge, "Midwife: How are you?\nPatient: Fine.\n"
                                  "Midwife: BP 132/84, pulse 88. The fetal heart rate is 140 on the monitor.")
    assert [e["text"] for e in draft.exam] == ["The fetal heart rate is 140 on the monitor."]
    assert len(draft.vitals) >= 2


def test_a_word_that_qualifies_a_reading_keeps_the_readings_name(notes_knowledge):
    draft = read(notes_knowledge, "Patient: Fine.\nDoctor: Pulse 88, irregular. Sats 95 percent on air. Calves soft.")
    assert [e["text"] for e in draft.exam] == ["Pulse irregular.", "Calves soft."]
    assert {v["kind"] for v in draft.vitals} >= {"heart_rate", "spo2"}
