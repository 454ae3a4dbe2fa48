from assistant.notes.dialogue import respond
from assistant.settings import Settings
from assistant.turns import TurnInput

TRANSCRIPT = """Doctor: What's the problem?
Patient: I've had back pain for a week. I take warfarin and ibuprofen.
Doctor: Any numbness in your legs?
Patient: No.
Doctor: I think this is mechanical back pain. Stop the ibuprofen and take paracetamol instead."""


def turn(text, intent, memory=None, **extra):
    return TurnInput(text=text, mode="documentation", intent=intent, settings=Settings(), memory=memory or {}, **extra)


def test_transcript_gives_a_note_with_negation_codes_and_interaction_check():
    result = respond(turn(TRANSCRIPT, "transcript"))
    note = result.artifacts["note"]
    assert set(note) >= {"sections", "codes", "verify", "markdown", "fhir", "facts"}
    assert "Denies: numbness or tingling." in note["sections"]["subjective"]
    assert all(code["suggestion"] is True for code in note["codes"])
    assert note["fhir"]["resourceType"] == "Composition"
    tools = {t["name"]: t for t in result.tools}
    assert tools["check_interactions"]["title"].startswith("Checked interactions: warfarin + ibuprofen")
    severities = {(i["a"], i["b"]): i["severity"] for i in result.artifacts["drugs"]["interactions"]}
    assert severities[("warfarin", "ibuprofen")] == "major"
    assert "icd10_suggest" in tools and result.memory["facts"]


def test_edit_applies_to_the_draft_in_memory():
    first = respond(turn(TRANSCRIPT, "transcript"))
    edited = respond(turn("add penicillin allergy", "note_edit", first.memory))
    assert "Allergies: penicillin." in edited.artifacts["note"]["sections"]["subjective"]
    assert "penicillin" in edited.text


def test_bad_input_gets_clear_replies_and_keeps_the_draft():
    first = respond(turn(TRANSCRIPT, "transcript"))
    spanish = respond(turn("Tengo un dolor de cabeza muy fuerte desde hace tres días y náuseas", "symptom_report",
                           first.memory))
    assert "English only" in spanish.text and "note" not in spanish.artifacts
    assert spanish.memory == first.memory
    empty = respond(turn("Doctor: hello there\nPatient: hello", "transcript", first.memory))
    assert "could not find any clinical content" in empty.text and empty.memory == first.memory
    assert "no note to edit" in respond(turn("add penicillin allergy", "note_edit")).text.lower()


def test_note_from_a_triage_conversation():
    history = [("user", "I have had a headache for 2 days"), ("assistant", "Any stiff neck or fever?"), ("user", "no"),
               ("user", "switch to documentation"), ("assistant", "Switched to documentation mode.")]
    triage = {"intake": {"complaints": ["headache"], "severity": 6, "onset": "gradual", "absent": []},
              "red_flags": []}
    result = respond(turn("write a SOAP note", "note_request", history=history, engines_memory={"triage": triage},
                          patient={"age_years": 34.0, "sex": "female"}))
    subjective = result.artifacts["note"]["sections"]["subjective"]
    assert "Presenting complaint: headache (for 2 days)." in subjective
    assert "Denies: stiff neck, fever." in subjective and "Severity: 6/10." in subjective
    assert "34-year-old female" in subjective


def test_nothing_to_document_and_question_redirect():
    assert "nothing to document" in respond(turn("write a SOAP note", "note_request")).text
    assert "education mode" in respond(turn("what is asthma?", "question")).text
