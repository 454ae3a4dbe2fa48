"""The lines a note quotes: the parse's speaker turns cut into sentences, a clinician's sorted by kind."""

from assistant.notes.lines import clinician_kind, line_at, source_lines


def lines(knowledge, text):
    return source_lines(knowledge.parse(text), knowledge.note_vocabulary)


def test_speaker_roles_sentences_and_offsets_into_the_source(notes_knowledge):
    text = "Doctor: Any cough?\nPt: No.\nMum: He's had a fever since Monday. Temp 38.1 at home."
    found = lines(notes_knowledge, text)
    assert [(line.role, line.kind) for line in found] == [("clinician", "question"), ("patient", "history"),
                                                          ("carer", "history"), ("carer", "history")]
    assert found[3].text == "Temp 38.1 at home."
    assert text[found[3].start:found[3].end] == "Temp 38.1 at home."
    assert found[0].quote == "Doctor: Any cough? / Pt: No."
    assert line_at(found, found[2].start + 3) is found[2]


def test_clinician_sentences_are_sorted_into_exam_impression_plan(notes_knowledge):
    vocabulary = notes_knowledge.note_vocabulary
    assert clinician_kind("Let me have a look.", vocabulary) == "procedural"
    assert clinician_kind("The tonsils are swollen with white exudate.", vocabulary) == "exam"
    assert clinician_kind("I think this is likely strep throat.", vocabulary) == "impression"
    assert clinician_kind("Take paracetamol and come back if worse.", vocabulary) == "plan"
    assert clinician_kind("Twenty minutes ago she ate a cake and came out in hives.", vocabulary) == "history"


def test_dictation_without_labels_is_the_clinicians_sorted_by_headers(notes_knowledge):
    found = lines(notes_knowledge, "Cough for 3 days. O/E: chest clear. Plan: fluids and rest.")
    assert [(line.role, line.kind, line.text) for line in found] == [
        ("dictation", "history", "Cough for 3 days."), ("dictation", "exam", "chest clear."),
        ("dictation", "plan", "fluids and rest.")]


def kinds(knowledge, text):
    return [(line.text, line.kind) for line in lines(knowledge, text) if line.clinician]


def test_orders_after_the_examination_are_plan_and_talk_is_discussion(notes_knowledge):
    found = dict(kinds(notes_knowledge, (
        "Nurse: Come through and sit down.\n"
        "Doctor: The chest is clear and the calf is swollen and tender.\n"
        "Doctor: I'm worried about a clot in the leg. Dalteparin 15000 units now, please. Ultrasound of the leg "
        "tomorrow. These clots are common after a long flight.")))
    assert found["Come through and sit down."] == "procedural"
    assert found["Dalteparin 15000 units now, please."] == "plan"
    assert found["Ultrasound of the leg tomorrow."] == "plan"
    assert found["These clots are common after a long flight."] == "discussion"


def test_greetings_are_procedural_and_a_bare_diagnosis_after_the_exam_is_the_impression(notes_knowledge):
    found = dict(kinds(notes_knowledge, "Doctor: Come in, take a seat.\nPatient: Thanks.\n"
                                        "Doctor: Temperature 39.2, neck stiff, purpuric rash on the legs.\n"
                                        "Doctor: Meningococcal sepsis.\n"))
    assert found["Come in, take a seat."] == "procedural"
    assert found["Meningococcal sepsis."] == "impression"


def test_a_we_will_while_taking_the_history_does_not_end_the_history(notes_knowledge):
    found = kinds(notes_knowledge, "Doctor: We'll come back to that.\nPatient: OK.\n"
                                   "Doctor: Your brother had a clot, you said.\n")
    assert found[-1] == ("Your brother had a clot, you said.", "history")


def test_a_summary_dictated_mid_consultation_is_read_as_dictation(notes_knowledge):
    found = kinds(notes_knowledge, (
        "Doctor: Chest clear, sats 97 on air.\n"
        "Doctor: Let me put this in the notes. For the record. Fifty-year-old man with three days of cough. "
        "Plan amoxicillin 500 mg TDS for five days."))
    assert ("For the record.", "procedural") in found
    assert ("Fifty-year-old man with three days of cough.", "history") in found
    assert ("Plan amoxicillin 500 mg TDS for five days.", "plan") in found


def test_conditional_advice_with_somewhere_to_go_is_plan_at_any_point(notes_knowledge):
    found = kinds(notes_knowledge, "Mother: Will he be OK?\nDoctor: If the swelling reaches his lips, call 999.\n")
    assert found == [("If the swelling reaches his lips, call 999.", "plan")]
