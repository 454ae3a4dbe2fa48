"""Routing from the turn's one parse: mode switches, intents by rule, by the parse and by similarity."""

import pytest

from assistant.modes import normalise_mode
from assistant.routing import classify_intent, mode_from_text, route
from assistant.understanding.findings import DrugMention
from assistant.understanding.parse import parse


@pytest.fixture(scope="module")
def read_turn(lexicon, drug_catalogue):
    """The parse as Knowledge.parse gives it to the router: concepts and the medicines named."""
    def drugs(text):
        return [DrugMention(name=m.generic, surface=m.surface, start=m.start, end=m.end)
                for m in drug_catalogue.find_mentions(text)]

    return lambda text: parse(text, lexicon, drugs=drugs)


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


def test_transcript_needs_two_speaker_turns(read_turn):
    assert read_turn("Doctor: hi\nPatient: I have a cough").is_transcript
    assert not read_turn("Doctor: hi").is_transcript


@pytest.mark.parametrize("text, kwargs, intent", [
    ("B", {"quiz_open": True}, "quiz_answer"),
    ("I think it's c", {"quiz_open": True}, "quiz_answer"),
    ("quiz me on asthma", {}, "quiz_request"),
    ("just tell me", {}, "just_tell_me"),
    ("give me a case to practise", {}, "case_request"),
    ("write a SOAP note", {}, "note_request"),
    ("add penicillin allergy", {"mode": "documentation"}, "note_edit"),
    ("does warfarin interact with ibuprofen?", {}, "drug_question"),  # the parse finds the medicines
    ("hello", {}, "greeting"),
])
def test_rule_intents(read_turn, text, kwargs, intent):
    kwargs = dict(kwargs)
    assert classify_intent(read_turn(text), mode=kwargs.pop("mode", None), **kwargs) == intent


def test_symptom_report_and_question_are_told_apart(read_turn):
    assert classify_intent(read_turn("I have had a bad headache for three days"), mode=None) == "symptom_report"
    assert classify_intent(read_turn("what is the first-line treatment for hypertension?"), mode=None) == "question"


def test_paraphrase_found_by_similarity(read_turn, intent_examples):
    # no rule matches this wording; the example utterances do
    findings = read_turn("there's a heavy weight sitting on my chest")
    assert classify_intent(findings, mode=None, nearest=intent_examples.nearest) == "symptom_report"


def test_fresh_conversation_infers_mode(read_turn, intent_examples):
    nearest = intent_examples.nearest
    assert route(read_turn("I've had a cough for 3 days"), current_mode=None, mode_source=None, nearest=nearest).mode == "triage"
    assert route(read_turn("quiz me on sepsis"), current_mode=None, mode_source=None, nearest=nearest).mode == "education"


def test_user_chosen_mode_is_kept(read_turn):
    decision = route(read_turn("I've had a cough for 3 days"), current_mode="education", mode_source="user")
    assert decision.mode == "education" and decision.intent == "symptom_report"


def test_requested_mode_wins_and_counts_as_switch(read_turn):
    decision = route(read_turn("hello"), current_mode="education", mode_source="user", requested_mode="triage")
    assert decision.mode == "triage" and decision.switched and decision.mode_source == "user"


@pytest.mark.parametrize("text", ["can my mum take ibuprofen?", "he is on warfarin, could he have aspirin?",
                                  "starting clarithromycin in someone on simvastatin"])
def test_taking_a_medicine_or_a_combination_is_a_drug_question(read_turn, text):
    assert classify_intent(read_turn(text), mode="education") == "drug_question"


def test_a_guideline_choice_between_two_medicines_stays_a_guideline_question(read_turn):
    assert classify_intent(read_turn("first-line: amoxicillin or doxycycline for pneumonia?"), mode="education") == "question"
