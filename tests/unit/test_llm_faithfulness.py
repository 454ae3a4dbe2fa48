"""Faithfulness, not word overlap: each model sentence must state its source's facts in the same roles.

A scripted adversary makes one subtle error of each kind against the anaphylaxis passage (drug, dose and unit,
route, frequency, population, setting, line of treatment, strength, do vs do-not); every one is caught, while
faithful rewordings pass. The old claim-check assertions (numbers, unsafe doses, level downgrades) still hold.
"""

import pytest

from assistant.llm.budget import Budget
from assistant.llm.compose import Request, compose_reply
from assistant.llm.faithfulness import FaithfulnessCheck, Passage, lowers_level, removal_note
from tests.fixtures.llm import (ANAPHYLAXIS, ANAPHYLAXIS_CITATION, ANAPHYLAXIS_GROUNDED, ScriptedChatModel,  # noqa: F401
                                drug_knowledge)

INTERACTION = ["Warfarin with ibuprofen: major interaction. Serious GI bleeding is more likely. Avoid; use "
               "acetaminophen for pain. Source: FDA label: warfarin (Coumadin)."]

ADVERSARY = {  # error kind -> a subtly wrong sentence about the anaphylaxis passage
    "route": "The first-line treatment for anaphylaxis is intravenous adrenaline.",
    "line of treatment": "The first-line treatment for anaphylaxis is adrenaline infusion by experienced clinicians "
                         "with monitoring.",
    "setting": "Intramuscular adrenaline is the first-line treatment, given in intensive care.",
    "dose": "Give intramuscular adrenaline 5 mg into the thigh as the first-line treatment.",
    "unit": "The dose is 0.01 mcg/kg of adrenaline.",
    "population": "Children get a maximum of 0.5 mg of adrenaline.",
    "population (adult)": "Adults get a maximum of 0.3 mg of adrenaline.",
    "frequency": "Repeat every 30 minutes if there is no improvement.",
    "drug": "Antihistamines are the first-line treatment for anaphylaxis.",
    "strength": "Consider intramuscular adrenaline as the first-line treatment.",
    "do vs do not": "Do not give adrenaline as soon as anaphylaxis is recognised.",
    "do not vs do": "Antihistamines treat airway obstruction.",
    "invented figure": "Adrenaline works within 3 minutes in 95% of people.",
}
FAITHFUL = [
    "The first-line treatment for anaphylaxis is intramuscular adrenaline.",
    "Give intramuscular adrenaline as soon as anaphylaxis is recognised [1].",
    "In refractory anaphylaxis, an IV adrenaline infusion is given by experienced clinicians with monitoring.",
    "Repeat the dose every 5 to 15 minutes if there is no improvement.",
    "Adults get a maximum of 0.5 mg intramuscularly.",
    "Children get a maximum of 0.3 mg into the thigh.",
    "Glucocorticoids should not delay adrenaline.",
]


@pytest.fixture
def anaphylaxis_check(drug_knowledge):
    knowledge = drug_knowledge()

    def drugs(text):
        return [(m.name, m.start, m.end) for m in knowledge.find_drugs(text) if m.known]

    return FaithfulnessCheck([Passage(ANAPHYLAXIS, "cited passage [1]", 1),
                              Passage(ANAPHYLAXIS_GROUNDED, "grounded reply")], drugs=drugs)


@pytest.mark.parametrize("kind", sorted(ADVERSARY))
def test_each_kind_of_subtle_error_is_caught(anaphylaxis_check, kind):
    report = anaphylaxis_check.check(ADVERSARY[kind])
    assert report.text == "" and len(report.removed) == 1, (kind, report.removed)


@pytest.mark.parametrize("sentence", FAITHFUL)
def test_faithful_rewordings_pass_and_gain_their_marker(anaphylaxis_check, sentence):
    report = anaphylaxis_check.check(sentence)
    assert not report.removed, report.removed
    assert "[1]" in report.text


def test_the_issue_example_says_why(anaphylaxis_check):
    report = anaphylaxis_check.check(ADVERSARY["line of treatment"])
    assert "first line" in report.removed[0]["reason"] and "refractory" in report.removed[0]["reason"]


def test_a_scripted_adversary_through_the_composer_never_replaces_the_grounded_answer(drug_knowledge):
    text = " ".join(ADVERSARY.values()) + " " + FAITHFUL[0]
    knowledge = drug_knowledge(ScriptedChatModel.of(text))
    request = Request(question="What is the first-line treatment for anaphylaxis?", grounded=ANAPHYLAXIS_GROUNDED,
                      artifacts={"citations": [ANAPHYLAXIS_CITATION]})
    composed = compose_reply(knowledge.language_model, knowledge, request, Budget.start(5, 30))
    assert composed.text.startswith(ANAPHYLAXIS_GROUNDED.split("\n\nSources")[0])  # the direct answer leads, intact
    assert "Sources\n[1]" in composed.text and composed.artifacts["citations"] == [ANAPHYLAXIS_CITATION]
    assert FAITHUL_KEPT in composed.text
    assert len(composed.report.removed) == len(ADVERSARY)
    for wrong in ADVERSARY.values():
        assert wrong not in composed.text
    assert f"[{len(ADVERSARY)} statements removed by the claim check" in composed.text


FAITHUL_KEPT = FAITHFUL[0] + " [1]"


# -- the old claim check's assertions, on the new check --------------------------------------------------------
def _check(drug_knowledge, evidence, **options):
    knowledge = drug_knowledge()
    from assistant.drugs.doses import Patient, check_dose

    return FaithfulnessCheck(
        [Passage(e, "evidence") for e in evidence],
        drugs=lambda t: [(m.name, m.start, m.end) for m in knowledge.find_drugs(t) if m.known],
        dose_check=lambda d, a, u, f: check_dose(knowledge.drugs, d, a, u, f, "oral", Patient()).to_dict(),
        **options)


def test_backed_sentence_is_kept(drug_knowledge):
    report = _check(drug_knowledge, INTERACTION).check("Serious GI bleeding is more likely with warfarin and ibuprofen.")
    assert not report.changed and "bleeding" in report.text


def test_number_not_in_evidence_removes_the_sentence(drug_knowledge):
    report = _check(drug_knowledge, INTERACTION).check(
        "Bleeding is more likely. It happens in 37% of patients taking warfarin.")
    assert "37" not in report.text
    assert report.removed[0]["sentence"].startswith("It happens in 37%")
    assert "removed by the claim check" in removal_note(report)


def test_unsupported_recommendation_is_removed_but_small_talk_stays(drug_knowledge):
    report = _check(drug_knowledge, INTERACTION).check("Thanks for asking. You should start vitamin K tablets tonight.")
    assert report.text == "Thanks for asking."


def test_dose_above_the_labelled_maximum_is_removed_even_if_quoted_in_evidence(drug_knowledge):
    text = "Adults can take ibuprofen 3200 mg four times a day."
    report = _check(drug_knowledge, [text]).check(text)
    assert report.text == ""
    assert "labelled maximum" in report.removed[0]["reason"]
    assert report.dose_checks[0]["status"] == "above_maximum"


def test_dose_within_range_is_kept_as_engine_backed(drug_knowledge):
    report = _check(drug_knowledge, []).check("Ibuprofen 400 mg every 6 hours is a usual adult dose.")
    assert not report.changed
    assert report.dose_checks[0]["status"] == "within_range"
    assert report.kept[0]["support"] == "drug engine"


def test_level_downgrade_below_a_red_flag_is_removed(drug_knowledge):
    assert lowers_level("This is self care, stay at home.", "emergency") == "self_care"
    assert lowers_level("This is self care.", None) is None
    assert lowers_level("Go to the emergency department now.", "emergency") is None
    report = _check(drug_knowledge, ["Call emergency services now."], min_level="emergency").check(
        "This can be managed at home. Call emergency services now.")
    assert report.text == "Call emergency services now."


def test_a_marker_for_a_source_that_is_not_there_is_removed(anaphylaxis_check):
    report = anaphylaxis_check.check("Give intramuscular adrenaline as soon as anaphylaxis is recognised [4].")
    assert report.text == "" and "[4]" in report.removed[0]["reason"]
