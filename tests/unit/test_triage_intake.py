"""The intake fills its slots from free text, patient facts and short answers to our questions."""

from __future__ import annotations

from assistant.triage.answers import parse_bare_age, parse_duration_days, parse_onset, parse_severity
from assistant.triage.intake import Intake, update_intake


def test_free_text_fills_complaint_duration_and_severity():
    intake = update_intake(Intake(), "Really severe stomach pain for 2 days")
    assert intake.complaint == "abdominal_pain"
    assert intake.duration_days == 2
    assert intake.severity == 8


def test_patient_facts_fill_demographics_and_vitals():
    facts = {"age_years": 34, "sex": "female", "pregnant": True, "vitals": {"temp_c": 38.4}}
    intake = update_intake(Intake(), "I have a fever", facts)
    assert (intake.age_years, intake.sex, intake.pregnant) == (34.0, "female", True)
    assert intake.vitals["temp_c"] == 38.4


def test_bare_answers_land_in_the_pending_slot():
    intake = update_intake(Intake(), "I have a headache")
    update_intake(intake, "34", pending="age")
    update_intake(intake, "7", pending="severity")
    update_intake(intake, "no", pending="pregnancy")
    update_intake(intake, "none", pending="medicines")
    assert intake.age_years == 34 and intake.severity == 7
    assert intake.pregnant is False and intake.medicines == []
    assert {"age", "severity", "pregnancy", "medicines"} <= set(intake.asked)


def test_no_to_warning_signs_marks_the_screen_done():
    intake = update_intake(Intake(), "chest pain")
    assert not intake.is_known("red_flags")
    update_intake(intake, "no, none of those", pending="red_flags")
    assert intake.red_flags_checked


def test_round_trip_through_memory():
    intake = update_intake(Intake(), "cough for 4 weeks, no fever")
    again = Intake.from_dict(intake.to_dict())
    assert again == intake
    assert Intake.from_dict({"unknown_key": 1}) == Intake()


def test_ages_and_gestation_are_not_durations():
    assert parse_duration_days("my 7 year old has a cough") is None
    assert parse_duration_days("I'm 12 weeks pregnant") is None
    assert parse_duration_days("a 6-month-old baby") is None
    assert parse_duration_days("for 2 weeks") == 14
    assert parse_duration_days("since yesterday") == 1


def test_small_parsers():
    assert parse_onset("it came on suddenly") == "sudden"
    assert parse_severity("about 6/10") == 6
    assert parse_severity("6") is None and parse_severity("6", expecting_score=True) == 6
    assert parse_bare_age("6 months") == 0.5
    assert parse_bare_age("hello") is None


def test_empty_text_changes_nothing():
    intake = Intake()
    assert update_intake(intake, "   ") == Intake()
