"""Documentation mode end to end: a pasted consultation becomes a note; edits, undo and bad input by chat."""

from assistant.notes.dialogue import respond
from assistant.triage.case import Case
from tests.fixtures.notes import note_turn

TRANSCRIPT = """Doctor: What's the problem?
Patient: I've had back pain for a week. I take warfarin and ibuprofen.
Doctor: Any numbness in your legs?
Patient: No.
Doctor: I think this is mechanical back pain. Stop the ibuprofen and take paracetamol instead."""


def test_transcript_gives_a_note_with_negation_codes_exports_and_interaction_check(notes_knowledge):
    result = respond(note_turn(notes_knowledge, TRANSCRIPT, "transcript"))
    note = result.artifacts["note"]
    assert set(note) >= {"sections", "codes", "verify", "markdown", "fhir", "flags", "facts"}
    assert "Denies: numbness or tingling." in note["sections"]["subjective"]
    assert all(code["suggestion"] is True for code in note["codes"])
    assert note["fhir"]["resourceType"] == "Bundle"
    assert note["fhir"]["entry"][0]["resource"]["resourceType"] == "Composition"
    tools = {t["name"]: t for t in result.tools}
    assert tools["check_interactions"]["title"].startswith("Checked interactions: warfarin + ibuprofen")
    severities = {(i["a"], i["b"]): i["severity"] for i in result.artifacts["drugs"]["interactions"]}
    assert severities[("warfarin", "ibuprofen")] == "major"
    assert "icd10_suggest" in tools and result.memory["draft"]


def test_every_statement_names_its_source_line(notes_knowledge):
    note = respond(note_turn(notes_knowledge, TRANSCRIPT, "transcript")).artifacts["note"]
    denied = next(s for s in note["facts"]["statements"] if s["kind"] == "denied")
    assert denied["source"] == "Doctor: Any numbness in your legs? / Patient: No."
    read = [s for s in note["facts"]["statements"] if not s["verify"]]
    assert read and all(s["source"] for s in read)


def test_edit_applies_to_the_draft_in_memory_and_undo_reverts_it(notes_knowledge):
    first = respond(note_turn(notes_knowledge, TRANSCRIPT, "transcript"))
    edited = respond(note_turn(notes_knowledge, "add penicillin allergy - hives", "note_edit", first.memory))
    assert "Allergies: penicillin (hives)." in edited.artifacts["note"]["sections"]["subjective"]
    assert "penicillin" in edited.text
    undone = respond(note_turn(notes_knowledge, "undo", "note_edit", edited.memory))
    assert "penicillin" not in undone.artifacts["note"]["sections"]["subjective"]
    assert undone.memory["draft"] == first.memory["draft"]
    emptied = respond(note_turn(notes_knowledge, "undo", "note_edit", undone.memory))
    assert "draft is now empty" in emptied.text and "draft" not in emptied.memory
    assert "no earlier version" in respond(note_turn(notes_knowledge, "undo", "note_edit", emptied.memory)).text


def test_bad_input_gets_clear_replies_and_keeps_the_draft(notes_knowledge):
    first = respond(note_turn(notes_knowledge, TRANSCRIPT, "transcript"))
    spanish = respond(note_turn(notes_knowledge, "Tengo un dolor de cabeza muy fuerte desde hace tres días y náuseas",
                                "symptom_report", first.memory))
    assert "English only" in spanish.text and "note" not in spanish.artifacts
    assert spanish.memory == first.memory
    empty = respond(note_turn(notes_knowledge, "Doctor: hello there\nPatient: hello", "transcript", first.memory))
    assert "could not find any clinical content" in empty.text and empty.memory == first.memory
    assert "no note to edit" in respond(note_turn(notes_knowledge, "add penicillin allergy", "note_edit")).text.lower()


def test_note_from_a_triage_conversation(notes_knowledge):
    history = (("user", "I have had a headache for 2 days"), ("assistant", "Any stiff neck or fever?"), ("user", "no"),
               ("user", "switch to documentation"), ("assistant", "Switched to documentation mode."))
    case = Case(present={"headache": "headache"}, absent=["stiff_neck", "fever"], severity=6, onset="gradual",
                duration_days=2, age_years=34.0, sex="female", order=["headache"])
    flags = ({"id": "thunderclap", "label": "sudden severe headache", "level": "emergency", "source": "NICE",
              "evidence": "headache", "transcript": False},)
    result = respond(note_turn(notes_knowledge, "write a SOAP note", "note_request", case=case, history=history,
                               red_flags=flags))
    note = result.artifacts["note"]
    subjective = note["sections"]["subjective"]
    assert "Presenting complaint: headache (for 2 days)." in subjective
    assert "Denies: stiff neck, fever." in subjective and "Severity: 6/10." in subjective
    assert "34-year-old female" in subjective
    reported = next(s for s in note["facts"]["statements"] if s["kind"] == "reported")
    assert reported["source"] == "Patient: I have had a headache for 2 days"
    assert [f["id"] for f in note["flags"]] == ["thunderclap"]


def test_nothing_to_document_and_question_redirect(notes_knowledge):
    assert "nothing to document" in respond(note_turn(notes_knowledge, "write a SOAP note", "note_request")).text
    assert "education mode" in respond(note_turn(notes_knowledge, "what is asthma?", "question")).text


def test_transcript_red_flags_are_shown_with_their_line_never_from_a_denial(notes_knowledge):
    consultation = ("Doctor: What happened?\nPatient: I have crushing chest pain going into my left arm.\n"
                    "Doctor: Any shortness of breath?\nPatient: No.\n"
                    "Doctor: Come back at once if you get breathless.")
    flags = ({"id": "cardiac_pain", "label": "chest pain spreading to the arm", "level": "emergency",
              "source": "NICE CG95", "evidence": "crushing chest pain", "transcript": True},
             {"id": "breathless", "label": "breathless", "level": "urgent", "source": "x",
              "evidence": "shortness of breath", "transcript": True},
             {"id": "plan_only", "label": "breathless on the plan line", "level": "urgent", "source": "x",
              "evidence": "breathless", "transcript": True})
    note = respond(note_turn(notes_knowledge, consultation, "transcript", red_flags=flags)).artifacts["note"]
    assert [f["id"] for f in note["flags"]] == ["cardiac_pain"]
    assert note["flags"][0]["quote"] == "Patient: I have crushing chest pain going into my left arm."
    assert "### Flagged findings" in note["markdown"]
