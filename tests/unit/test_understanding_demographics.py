"""Age, sex and pregnancy from free text (``Findings.demographics``, via the one parse and ``read_demographics``)."""

import pytest

from assistant.understanding.demographics import read_demographics
from assistant.understanding.findings import Demographics


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my 3 month old has a fever", 0.25),
        ("my 2 year old is vomiting", 2.0),
        ("I'm 67 and dizzy", 67.0),
        ("72M chest pain", 72.0),
        ("a 34-year-old woman with headache", 34.0),
        ("she is 6 weeks old", 0.115),
        ("my 10-day-old baby", 0.027),
        ("aged 80", 80.0),
        ("67 yo with cough", 67.0),
        ("my newborn", 0.04),
    ],
)
def test_age(read, text, age):
    assert read(text).demographics.age_years == pytest.approx(age, abs=0.01)


def test_child_age_wins_over_caregiver_age(read):
    demographics = read("I'm 34 and my 2 month old has a temperature").demographics
    assert demographics.age_years == pytest.approx(1 / 6, abs=0.01)


@pytest.mark.parametrize("text", ["I'm 5 days late", "I am 30 weeks pregnant", "I've had pain for 3 years", "I took 20 pills"])
def test_not_ages(read, text):
    assert read(text).demographics.age_years is None


@pytest.mark.parametrize(
    ("text", "sex"),
    [("72M", "male"), ("80F", "female"), ("a 34-year-old woman", "female"), ("I'm a 40 year old man", "male"),
     ("my husband collapsed", "male"), ("my daughter has a rash", "female")],
)
def test_sex(read, text, sex):
    assert read(text).demographics.sex == sex


def test_pregnancy_with_gestation(read):
    demographics = read("I'm 30 weeks pregnant").demographics
    assert demographics.pregnant is True and demographics.gestation_weeks == 30 and demographics.sex == "female"


def test_pregnancy_shorthand(read):
    assert read("28/40 with headache").demographics.gestation_weeks == 28


def test_pregnancy_plain_and_negated(read):
    assert read("I am pregnant").demographics.pregnant is True
    assert read("I'm not pregnant").demographics.pregnant is False
    assert read("what if I get pregnant?").demographics.pregnant is None
    assert read("headache").demographics.pregnant is None


def test_postpartum(read):
    assert read("I had a baby 2 weeks ago").demographics.postpartum is True
    assert read("postpartum day 3").demographics.postpartum is True


def test_junk(read):
    assert read("").demographics == Demographics()
    assert read("\x00\x00").demographics == Demographics()
    assert read_demographics("", "self") == Demographics()
    assert read_demographics("\x00\x00", "self") == Demographics()


# -- ages that are not ages, pregnancy and the postnatal period (session T1) ------------------------------------------
@pytest.mark.parametrize("text", ["Mum is 82. Since Tuesday (2 days) she's been muddled", "headache (3 days), mum is 82"])
def test_a_duration_in_brackets_is_not_an_age(read, text):
    assert read(text).demographics.age_years == 82.0


def test_a_partners_weeks_are_a_pregnancy(read):
    d = read("my wife is 32 wks and her ankles have swelled").demographics
    assert d.pregnant is True and d.gestation_weeks == 32.0 and d.age_years is None


@pytest.mark.parametrize("text", ["my partner had our daughter 9 days ago", "I had my son 9 days ago"])
def test_a_birth_some_days_ago_is_the_postnatal_day_not_an_age(read, text):
    d = read(text).demographics
    assert d.postpartum is True and d.postpartum_days == 9.0 and d.age_years is None


def test_weeks_plus_days_over_forty(read):
    assert read("G1 28+5/40 antenatal check").demographics.gestation_weeks == 28.0


def test_weeks_postnatal_are_not_an_age(read):
    d = read("5/52 postnatal, leaks urine when she coughs").demographics
    assert d.age_years is None and d.postpartum is True


def test_a_past_pregnancy_condition_does_not_make_the_birth_hypothetical(read):
    d = read("Day 5 postnatal, had pre-eclampsia in pregnancy").demographics
    assert d.postpartum is True and d.postpartum_days == 5.0
