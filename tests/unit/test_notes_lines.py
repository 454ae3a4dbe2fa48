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
