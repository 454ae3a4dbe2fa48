"""The triage case: what is known about the person, merged turn by turn from each turn's Findings.

Ported from the old patient-facts tests (``extract_patient_facts``/``merge_facts``) and the intake tests
(``Intake``/``update_intake`` and the answer parsers): the parse reads each message (answers against the question
asked), and ``Case`` merges the turns.
"""

import copy
from dataclasses import replace

import pytest

from assistant.triage.assess import assess
from assistant.triage.case import Case
from assistant.understanding.findings import AskedQuestion, Findings


# -- patient facts --------------------------------------------------------------------------------------------------
def test_case_combines_demographics_and_vitals(read):
    case = Case.of(read("72M, BP 150/95, pulse 120"))
    assert case.age_years == 72 and case.sex == "male"
    assert {kind: (v["value"], v["diastolic"]) for kind, v in case.vitals.items()} == {
        "blood_pressure": (150, 95), "heart_rate": (120, None)}


def test_no_vitals_without_vitals(read):
    assert Case.of(read("I'm 40")).vitals == {}


FIRST, SECOND = "I'm 30, pulse 80, sats 97%. I have COPD", "I'm 31 now, pulse 120. I have diabetes"


def test_newer_wins_and_vitals_merge(read):
    merged = Case.from_dict(Case.of(read(FIRST)).to_dict()).add(read(SECOND))
    assert merged.age_years == 31
    assert {kind: v["value"] for kind, v in merged.vitals.items()} == {"heart_rate": 120, "spo2": 97}
    assert merged.condition("copd") is True and merged.condition("diabetes") is True
    assert merged.sex is None


def test_merging_leaves_the_stored_case_untouched(read):
    stored = Case.of(read(FIRST)).to_dict()
    before = copy.deepcopy(stored)
    Case.from_dict(stored).add(read(SECOND))
    assert stored == before


def test_merge_with_nothing(read):
    assert Case.from_dict(None) == Case()
    assert Case(pregnant=True).add(Findings(text="")).pregnant is True
    assert Case.of(read("I am pregnant"), read("I'm not pregnant")).pregnant is False


# -- intake: free text, facts and short answers ---------------------------------------------------------------------
def test_free_text_fills_complaint_duration_and_severity(read):
    case = Case.of(read("Really severe stomach pain for 2 days"))
    assert case.order[0] == "abdominal_pain"
    assert case.duration_days == 2
    assert case.severity == 8


def test_earlier_facts_fill_demographics_and_vitals(read):
    case = Case.of(read("I'm 34 and pregnant, temp 38.4"), read("I have a fever"))
    assert (case.age_years, case.sex, case.pregnant) == (34.0, "female", True)
    assert case.vitals["temperature"]["value"] == 38.4


def test_bare_answers_land_in_the_asked_slot(read):
    case = Case.of(read("I have a headache"), read("34", AskedQuestion(item="age")),
                   read("none", AskedQuestion(item="medicines")))
    assert case.age_years == 34
    assert case.medicines == []
    # old: intake.asked listed the items asked; the dialogue now only counts them (memory "asked_count")


def test_bare_severity_and_pregnancy_answers(read):
    case = Case.of(read("I have a headache"), read("7", AskedQuestion(item="severity")),
                   read("no", AskedQuestion(item="pregnancy")))
    assert case.severity == 7
    assert case.pregnant is False


def test_no_to_warning_signs_settles_them(read, triage_model):
    case = Case.of(read("chest pain"))
    question = assess(case, triage_model).questions[0]
    assert question.concepts and all(case.concept(c) is None for c in question.concepts)
    case.add(read("no, none of those", AskedQuestion(item=question.id, concepts=question.concepts)))
    assert all(case.concept(c) is False for c in question.concepts)
    assert question.id not in [q.id for q in assess(case, triage_model).questions]


def test_round_trip_through_memory(read):
    case = Case.of(read("cough for 4 weeks, no fever"))
    assert Case.from_dict(case.to_dict()) == case
    assert Case.from_dict({"unknown_key": 1}) == Case()


def test_ages_and_gestation_are_not_durations(read):
    assert read("my 7 year old has a cough").duration_days is None
    assert read("I'm 12 weeks pregnant").duration_days is None
    assert read("a 6-month-old baby").duration_days is None
    assert read("for 2 weeks").duration_days == 14
    assert read("since yesterday").duration_days == 1


def test_small_parsers(read):
    assert read("it came on suddenly").onset == "sudden"
    assert read("about 6/10").severity_score == 6
    assert read("6").severity_score is None
    assert read("6 months", AskedQuestion(item="age")).demographics.age_years == 0.5
    assert read("hello", AskedQuestion(item="age")).demographics.age_years is None


def test_bare_number_is_a_severity_when_asked(read):
    assert read("6", AskedQuestion(item="severity")).severity_score == 6


def test_empty_text_changes_nothing(read):
    case = Case().add(read("   "))
    assert replace(case, turns=0) == Case()  # only the turn is counted
