import pytest

from assistant.routing import classify_intent, is_transcript, mode_from_text, normalise_mode, route


@pytest.mark.parametrize("text, mode", [
    ("switch to triage", "triage"), ("/mode documentation", "documentation"), ("tutor mode", "education"),
    ("go back to education mode", "education"), ("please switch to the soap mode", "documentation"),
])
def test_switch_commands(text, mode):
    assert mode_from_text(text) == mode


def test_a_sentence_that_mentions_a_mode_is_not_a_switch():
    assert mode_from_text("how does triage work in the emergency department?") is None


def test_unknown_mode_lists_choices():
    with pytest.raises(ValueError, match="education, triage, documentation"):
        normalise_mode("astrology")


def test_transcript_needs_two_speaker_turns():
    assert is_transcript("Doctor: hi\nPatient: I have a cough")
    assert not is_transcript("Doctor: hi")


@pytest.mark.parametrize("text, kwargs, intent", [
    ("B", {"quiz_open": True}, "quiz_answer"),
    ("I think it's c", {"quiz_open": True}, "quiz_answer"),
    ("quiz me on asthma", {}, "quiz_request"),
    ("just tell me", {}, "just_tell_me"),
    ("give me a case to practise", {}, "case_request"),
    ("write a SOAP note", {}, "note_request"),
    ("add penicillin allergy", {"mode": "documentation"}, "note_edit"),
    ("does warfarin interact with ibuprofen?", {"mentions_drug": True}, "drug_question"),
    ("hello", {}, "greeting"),
])
def test_rule_intents(text, kwargs, intent):
    assert classify_intent(text, mode=kwargs.pop("mode", None), **kwargs) == intent


def test_symptom_report_and_question_are_told_apart():
    assert classify_intent("I have had a bad headache for three days", mode=None) == "symptom_report"
    assert classify_intent("what is the first-line treatment for hypertension?", mode=None) == "question"


def test_paraphrase_found_by_similarity():
    # no rule matches this wording; the example utterances do
    assert classify_intent("there's a heavy weight sitting on my chest", mode=None) == "symptom_report"


def test_fresh_conversation_infers_mode():
    assert route("I've had a cough for 3 days", current_mode=None, mode_source=None).mode == "triage"
    assert route("quiz me on sepsis", current_mode=None, mode_source=None).mode == "education"


def test_user_chosen_mode_is_kept():
    decision = route("I've had a cough for 3 days", current_mode="education", mode_source="user")
    assert decision.mode == "education" and decision.intent == "symptom_report"


def test_requested_mode_wins_and_counts_as_switch():
    decision = route("hello", current_mode="education", mode_source="user", requested_mode="triage")
    assert decision.mode == "triage" and decision.switched and decision.mode_source == "user"
