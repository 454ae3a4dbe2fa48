"""The claim check: unbacked sentences, unsafe doses and level downgrades are removed and marked."""

from assistant.llm.claims import check_claims, lowers_level, removal_note

EVIDENCE = ["Warfarin with ibuprofen: major interaction. Serious GI bleeding is more likely. Avoid; use "
            "acetaminophen for pain. Source: FDA label: warfarin (Coumadin)."]


def test_backed_sentence_is_kept():
    report = check_claims("Serious GI bleeding is more likely with warfarin and ibuprofen.", EVIDENCE)
    assert not report.changed
    assert "bleeding" in report.text


def test_number_not_in_evidence_removes_the_sentence():
    report = check_claims("Bleeding is more likely. It happens in 37% of patients taking warfarin.", EVIDENCE)
    assert "37" not in report.text
    assert report.removed[0]["reason"] == "no cited source or tool result backs it"
    assert "removed by the claim check" in removal_note(report)


def test_unsupported_recommendation_is_removed_but_small_talk_stays():
    report = check_claims("Thanks for asking. You should start vitamin K tablets tonight.", EVIDENCE)
    assert report.text == "Thanks for asking."


def test_dose_above_the_labelled_maximum_is_removed_even_if_quoted_in_evidence():
    text = "Adults can take ibuprofen 3200 mg four times a day."
    report = check_claims(text, [text])
    assert report.text == ""
    assert "labelled maximum" in report.removed[0]["reason"]
    assert report.dose_checks[0]["status"] == "above_maximum"


def test_dose_within_range_is_kept_as_engine_backed():
    report = check_claims("Ibuprofen 400 mg every 6 hours is a usual adult dose.", [])
    assert not report.changed
    assert report.dose_checks[0]["status"] == "within_range"


def test_level_downgrade_below_a_red_flag_is_removed():
    assert lowers_level("This is self care, stay at home.", "emergency") == "self_care"
    assert lowers_level("This is self care.", None) is None
    assert lowers_level("Go to the emergency department now.", "emergency") is None
    report = check_claims("This can be managed at home. Call emergency services now.", [], min_level="emergency")
    assert report.text == "Call emergency services now."
