from assistant.notes.transcript import from_history, is_question, parse_transcript


def test_speaker_labels_map_to_roles_and_unlabelled_lines_continue_the_turn():
    t = parse_transcript("Dr Smith: Any cough?\nPt: No.\nMum (on phone): He's had a fever\nsince Monday.")
    assert [u.role for u in t.utterances] == ["clinician", "patient", "carer"]
    assert "since Monday" in t.utterances[2].text
    assert t.dialogue


def test_sentences_keep_decimals_and_offsets_into_the_source():
    t = parse_transcript("Nurse: Temp is 38.1. Pulse 96!\nPatient: OK")
    sentences = t.sentences()
    assert [s.text for s in sentences] == ["Temp is 38.1.", "Pulse 96!", "OK"]
    assert t.source[sentences[0].start:sentences[0].end] == "Temp is 38.1."


def test_dictation_without_labels_is_one_unknown_turn():
    t = parse_transcript("Plan: fluids and rest. BP 120/80.")
    assert [u.role for u in t.utterances] == ["unknown"] and not t.dialogue


def test_history_keeps_only_the_question_the_assistant_asked_last():
    t = from_history([("user", "I have a cough"), ("assistant", "Seek help if it gets worse. Any fever?"),
                      ("user", "no")])
    assert [u.text for u in t.utterances] == ["I have a cough", "Any fever?", "no"]
    assert t.utterances[1].role == "clinician"


def test_questions_without_a_question_mark():
    assert is_question("Any chest pain")
    assert not is_question("Chest is clear.")
