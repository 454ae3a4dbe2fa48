"""The screen as a whole: levels, artifacts, memory across turns, odd input."""

import json

from assistant.artifacts import LEVELS
from assistant.safety import SafetyScreen, screen


def test_to_dict_is_json_and_matches_triage_red_flag_shape():
    result = screen("72M crushing chest pain, BP 150/95, pulse 120, RR 22")
    data = json.loads(json.dumps(result.to_dict()))
    assert data["level"] == "emergency"
    flag = data["red_flags"][0]
    assert set(flag) == {"id", "label", "level", "rule", "source", "evidence"}
    assert flag["evidence"] == "crushing chest pain"
    assert data["patient"]["age_years"] == 72 and data["patient"]["vitals"]["sbp"] == 150


def test_quiet_text_has_no_level():
    result = screen("what is the usual dose of ibuprofen for adults?")
    assert isinstance(result, SafetyScreen)
    assert result.level is None and result.red_flags == [] and result.crisis is None and not result.escalated


def test_level_is_the_most_urgent():
    result = screen("I have some chest pain and my testicle hurts, and sats 90%")
    assert result.level == "emergency"
    assert {f.level for f in result.red_flags} <= set(LEVELS)
    assert result.red_flags[0].level == "emergency"


def test_red_flag_persists_mid_conversation_until_retracted():
    first = screen("I have crushing chest pain")
    later = screen("ok, also can you explain what ibuprofen does?", patient=first.patient)
    assert later.level == "emergency"
    assert later.red_flags[0].evidence.startswith("earlier in the conversation")
    settled = screen("the chest pain is gone now", patient=later.patient)
    assert settled.level == "urgent"  # settled cardiac-type pain still needs same-day assessment
    assert "settled" in settled.red_flags[0].rule
    assert screen("thanks", patient=settled.patient).level is None


def test_findings_combine_across_turns():
    first = screen("I have chest pain")
    assert first.level == "urgent"
    second = screen("now it's spreading to my left arm", patient=first.patient)
    assert second.level == "emergency"


def test_conditions_are_remembered():
    first = screen("I'm type 1 diabetic")
    assert first.level is None and "diabetes" in first.patient["conditions"]
    second = screen("been vomiting all night with stomach pain", patient=first.patient)
    assert any(f.id == "dka" for f in second.red_flags)


def test_age_from_earlier_turn_is_used():
    first = screen("my baby is 5 weeks old")
    second = screen("she feels hot, temp 38.3", patient=first.patient)
    assert second.level == "emergency"


def test_crisis_stays_on_record_but_reply_only_when_stated():
    first = screen("I want to end my life")
    later = screen("what's the maximum dose of paracetamol?", patient=first.patient)
    assert later.crisis is None and later.level == "emergency"
    assert later.red_flags[0].id == "crisis_suicide"
    safe = screen("I'm not going to kill myself, I'm safe now", patient=later.patient)
    assert not any(f.id == "crisis_suicide" for f in safe.red_flags)


def test_early_warning_reported():
    result = screen("RR 26, sats 91%, pulse 115, BP 120/80, temp 37, alert")
    assert result.early_warning["score"] == 8 and result.early_warning["band"] == "high"


def test_no_news2_for_children_or_pregnancy():
    assert not any(f.id.startswith("news2") for f in screen("my 3 year old: RR 30, pulse 150, temp 38.5").red_flags)


def test_odd_inputs_never_crash():
    for text in ["", "   ", None, 12345, b"\x00\xff", "\x00" * 100, "🙂" * 1000, "情况紧急 胸痛"]:
        result = screen(text)  # type: ignore[arg-type]
        assert result.level is None or result.level in LEVELS
    assert screen("").notices and screen(None).notices  # type: ignore[arg-type]


def test_huge_transcript_is_screened_to_the_end():
    transcript = "Doctor: how are you?\nPatient: fine, no complaints.\n" * 2000 + "Patient: I can't breathe"
    assert screen(transcript).level == "emergency"


def test_mentions_explain_what_was_read():
    result = screen("no chest pain but my face is drooping")
    concepts = {m["concept"]: m for m in result.mentions}
    assert concepts["chest_pain"]["negated"] and not concepts["face_droop"]["negated"]
