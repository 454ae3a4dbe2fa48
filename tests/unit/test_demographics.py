"""Age, sex and pregnancy from free text."""

import pytest

from assistant.clinical_text import extract_demographics


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
def test_age(text, age):
    assert extract_demographics(text)["age_years"] == pytest.approx(age, abs=0.01)


def test_child_age_wins_over_caregiver_age():
    assert extract_demographics("I'm 34 and my 2 month old has a temperature")["age_years"] == pytest.approx(1 / 6, abs=0.01)


@pytest.mark.parametrize("text", ["I'm 5 days late", "I am 30 weeks pregnant", "I've had pain for 3 years", "I took 20 pills"])
def test_not_ages(text):
    assert "age_years" not in extract_demographics(text)


@pytest.mark.parametrize(
    ("text", "sex"),
    [("72M", "male"), ("80F", "female"), ("a 34-year-old woman", "female"), ("I'm a 40 year old man", "male"),
     ("my husband collapsed", "male"), ("my daughter has a rash", "female")],
)
def test_sex(text, sex):
    assert extract_demographics(text)["sex"] == sex


def test_pregnancy_with_gestation():
    facts = extract_demographics("I'm 30 weeks pregnant")
    assert facts["pregnant"] is True and facts["gestation_weeks"] == 30 and facts["sex"] == "female"


def test_pregnancy_shorthand():
    assert extract_demographics("28/40 with headache")["gestation_weeks"] == 28


def test_pregnancy_plain_and_negated():
    assert extract_demographics("I am pregnant")["pregnant"] is True
    assert extract_demographics("I'm not pregnant")["pregnant"] is False
    assert "pregnant" not in extract_demographics("what if I get pregnant?")
    assert "pregnant" not in extract_demographics("headache")


def test_postpartum():
    assert extract_demographics("I had a baby 2 weeks ago")["postpartum"] is True
    assert extract_demographics("postpartum day 3")["postpartum"] is True


def test_junk():
    assert extract_demographics("") == {}
    assert extract_demographics("\x00\x00") == {}
