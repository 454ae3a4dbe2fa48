"""Complaint rules: three-valued evaluation, most urgent fired rule wins, sources on every rule."""

from __future__ import annotations

from assistant.artifacts import LEVELS
from assistant.triage.data_files import level_rules
from assistant.triage.intake import Intake, update_intake
from assistant.triage.rules import emergency_rule_flags, evaluate_rule, level_from_rules


def _intake(text: str, **facts) -> Intake:
    return update_intake(Intake(), text, facts or None)


def _rule(rule_id: str) -> dict:
    return next(r for r in level_rules() if r["id"] == rule_id)


def test_every_rule_has_a_level_reason_and_source():
    for rule in level_rules():
        assert rule["level"] in LEVELS
        assert rule["reason"].strip() and rule["source"].strip()


def test_fever_over_five_days_is_urgent():
    result = level_from_rules(_intake("fever for 6 days"))
    assert result.level == "urgent"
    assert "fever_over_5_days" in [o.rule["id"] for o in result.fired]


def test_uti_in_a_man_is_urgent_but_undecided_without_sex():
    assert level_from_rules(_intake("it burns when I pee", sex="male")).level == "urgent"
    outcome = evaluate_rule(_rule("uti_man"), _intake("it burns when I pee"))
    assert outcome.status is None and outcome.unknown_items == ["sex"]


def test_short_sore_throat_without_fever_is_self_care():
    result = level_from_rules(_intake("sore throat since yesterday, no fever"))
    assert result.level == "self_care"


def test_sore_throat_with_fever_and_glands_is_routine():
    assert level_from_rules(_intake("sore throat, fever and swollen glands for 2 days")).level == "routine"


def test_pregnancy_rule_cannot_apply_to_a_man():
    outcome = evaluate_rule(_rule("abdominal_pain_pregnancy"), _intake("stomach pain", sex="male"))
    assert outcome.status is False


def test_emergency_rules_are_shaped_as_red_flags():
    result = level_from_rules(_intake("my baby has a fever", age_years=0.1))
    flags = emergency_rule_flags(result)
    assert result.level == "emergency"
    assert flags and flags[0]["id"] == "rule:fever_young_infant" and flags[0]["source"]


def test_no_complaint_no_level():
    result = level_from_rules(Intake())
    assert result.level is None and not result.fired
