"""How the note words a clinician's spoken statements: clinical terms, impressions without their framing, findings
without the opener used for the patient."""

import pytest


@pytest.fixture
def wording(notes_knowledge):
    return notes_knowledge.note_vocabulary.wording


def test_an_impression_loses_its_framing_and_a_hedge_reads_as_suspected(wording):
    assert wording.impression("I think this is bacterial meningitis.") == ("Suspected bacterial meningitis.", True)
    assert wording.impression("Mrs Lee, you've got a chest infection.") == (
        "Lower respiratory tract infection.", False)
    assert wording.impression("It sounds like a flare-up of your eczema.") == (
        "Suspected exacerbation of eczema.", True)
    assert wording.impression("It's a tummy bug.") == ("Gastroenteritis.", False)


def test_an_impression_without_framing_is_kept_as_said(wording):
    assert wording.impression("Poorly controlled type 2 diabetes.") == ("Poorly controlled type 2 diabetes.", False)


def test_a_finding_drops_the_opener_and_uses_clinical_terms(wording):
    assert wording.finding("There's redness over the left shin") == "Erythema over the left shin"
    assert wording.finding("Your tummy is soft and not tender") == "Abdomen is soft and not tender"
    assert wording.finding("I can't feel the pulse in the foot") == "I can't feel the pulse in the foot"


def test_clinical_words_keep_a_capital_and_leave_other_words_alone(wording):
    assert wording.clinical_words("Bloods today and a heart tracing") == "Blood tests today and an ECG"
    assert wording.clinical_words("Physio for the knee") == "Physiotherapy for the knee"
    assert wording.clinical_words("a wheezy chest") == "a wheezy chest"


def test_a_spoken_plan_reads_as_a_plan(wording):
    assert wording.plan("Keep your arm raised on a pillow.") == "elevate the arm on a pillow."
    assert wording.plan("We'll put a drip in and take bloods.") == "IV access and take blood tests."
    assert wording.plan("Hold the ramipril while you're being sick.") == "withhold the ramipril while you're vomiting."
    assert wording.plan("I'll refer you to the physio.") == "referral to physiotherapy."
