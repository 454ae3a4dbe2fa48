"""The screen as a whole: levels, artifacts, memory across turns, odd input.

Memory across turns is the triage case now (the guard folds every message into it), so multi-turn tests screen the
last message with the case of all messages (``screen_turns``). The screen's level is the most urgent red flag
(None when none fired); where the old screen gave a complaint its usual level (chest pain -> urgent), that level now
comes from the triage assessment of the case.
"""

import json

import pytest

from assistant.artifacts import LEVELS, RedFlagDict
from assistant.safety.early_warning import news2
from assistant.safety.screen import SafetyScreen
from assistant.triage.assess import assess
from assistant.triage.one_turn import triage_findings


def test_to_dict_is_json_and_matches_triage_red_flag_shape(screen_turns, read, mini_knowledge):
    text = "72M crushing chest pain, BP 150/95, pulse 120, RR 22"
    result, case = screen_turns(text)
    data = json.loads(json.dumps(result.to_dict()))
    flag = data["red_flags"][0]
    assert set(RedFlagDict.__annotations__) <= set(flag)
    triage_flag = triage_findings(read(text), mini_knowledge, use_vote=False)["red_flags"][0]
    assert set(flag) == set(triage_flag)  # the screen's flags and the triage artifact's have one shape
    assert case.age_years == 72 and case.vitals["blood_pressure"]["value"] == 150  # old: data["patient"]


def test_crushing_chest_pain_screens_as_emergency_with_its_words(screen_turns):
    data = json.loads(json.dumps(screen_turns("72M crushing chest pain, BP 150/95, pulse 120, RR 22")[0].to_dict()))
    assert data["level"] == "emergency"
    assert data["red_flags"][0]["evidence"] == "crushing chest pain"


def test_quiet_text_has_no_level(screen_turns):
    result = screen_turns("what is the usual dose of ibuprofen for adults?")[0]
    assert isinstance(result, SafetyScreen)
    assert result.level is None and result.red_flags == [] and result.crisis is None and not result.escalated


def test_level_is_the_most_urgent(screen_turns):
    result = screen_turns("I have some chest pain and my testicle hurts, and sats 90%")[0]
    assert result.level == "emergency"
    assert {f["level"] for f in result.red_flags} <= set(LEVELS)
    assert result.red_flags[0]["level"] == "emergency"


def test_red_flag_persists_mid_conversation_until_retracted(screen_turns):
    first = "I have crushing chest pain"
    later, _ = screen_turns(first, "ok, also can you explain what ibuprofen does?")
    assert later.level == "emergency"
    assert later.red_flags[0]["evidence"].startswith("earlier in the conversation")
    settled, _ = screen_turns(first, "ok, also can you explain what ibuprofen does?", "the chest pain is gone now")
    assert settled.level == "urgent"  # settled cardiac-type pain still needs same-day assessment
    assert "settled" in settled.red_flags[0]["rule"]
    thanks, _ = screen_turns(first, "ok, also can you explain what ibuprofen does?", "the chest pain is gone now", "thanks")
    assert thanks.level is None


def test_findings_combine_across_turns(screen_turns, triage_model):
    _, case = screen_turns("I have chest pain")
    assert assess(case, triage_model).level == "urgent"  # the usual level of chest pain
    second, _ = screen_turns("I have chest pain", "now it's spreading to my left arm")
    assert second.level == "emergency"


def test_conditions_are_remembered(screen_turns):
    first, case = screen_turns("I'm type 1 diabetic")
    assert first.level is None and case.condition("diabetes") is True
    second, _ = screen_turns("I'm type 1 diabetic", "been vomiting all night with stomach pain")
    dka_risk = {"hyperglycaemia_unwell", "ketones_high", "dm_dka_signs", "dv_diabetes", "urine_child_dka"}
    assert any(f["id"] in dka_risk for f in second.red_flags)


def test_age_from_earlier_turn_is_used(screen_turns):
    second, _ = screen_turns("my baby is 5 weeks old", "she feels hot, temp 38.3")
    assert second.level == "emergency"


def test_crisis_stays_on_record_but_reply_only_when_stated(screen_turns):
    record = {"crisis_suicide", "suicidal_thoughts_named"}
    later, _ = screen_turns("I want to end my life", "what's the maximum dose of paracetamol?")
    assert later.crisis is None and later.level == "emergency"
    assert later.red_flags[0]["id"] in record
    safe, _ = screen_turns("I want to end my life", "what's the maximum dose of paracetamol?",
                           "I'm not going to kill myself, I'm safe now")
    assert not any(f["id"] in record for f in safe.red_flags)


def test_a_denied_crisis_is_taken_off_the_record(screen_turns):
    safe, _ = screen_turns("I want to end my life", "what's the maximum dose of paracetamol?",
                           "I'm not going to kill myself, I'm safe now")
    assert not any(f["id"] in {"crisis_suicide", "suicidal_thoughts_named"} for f in safe.red_flags)


def test_early_warning_reported(screen_turns):
    # the screen no longer carries the score: the case computes NEWS2 from its vitals
    _, case = screen_turns("RR 26, sats 91%, pulse 115, BP 120/80, temp 37, alert")
    assert case.news2() == 8 and news2(case.vitals)["band"] == "high"


def test_no_news2_for_children_or_pregnancy(screen_turns):
    flags = screen_turns("my 3 year old: RR 30, pulse 150, temp 38.5")[0].red_flags
    assert not any(f["id"].startswith("news2") for f in flags)


def test_odd_inputs_never_crash(screen_turns):
    for text in ["", "   ", None, 12345, b"\x00\xff", "\x00" * 100, "🙂" * 1000, "情况紧急 胸痛"]:
        result = screen_turns(text)[0]
        assert result.level is None or result.level in LEVELS


def test_empty_input_gets_a_notice(screen_turns):
    assert screen_turns("")[0].notices and screen_turns(None)[0].notices


def test_huge_transcript_is_screened_to_the_end(screen_turns):
    transcript = "Doctor: how are you?\nPatient: fine, no complaints.\n" * 2000 + "Patient: I can't breathe"
    assert screen_turns(transcript)[0].level == "emergency"


def test_mentions_explain_what_was_read(read):
    # what was read is in the turn's Findings now, not in the screen
    concepts = {m.concept: m for m in read("no chest pain but my face is drooping").mentions}
    assert concepts["chest_pain"].assertion == "absent" and concepts["facial_droop"].assertion != "absent"
