"""Next question: the missing item whose answer could change the level; stop when nothing can."""

from __future__ import annotations

from assistant.triage.intake import Intake, update_intake
from assistant.triage.questions import MAX_QUESTIONS, missing_items, next_questions
from assistant.triage.rules import level_from_rules


def _ask(intake: Intake, flag_level=None):
    result = level_from_rules(intake)
    return next_questions(intake, result, result.level, flag_level)


def test_no_complaint_asks_for_the_complaint():
    assert [q.item for q in _ask(Intake())] == ["complaint"]


def test_urinary_symptoms_ask_about_sex_or_warning_signs_first():
    intake = update_intake(Intake(), "it burns when I pee")
    items = [q.item for q in _ask(intake)]
    assert items and items[0] in ("red_flags", "sex")
    intake.red_flags_checked = True
    assert _ask(intake)[0].item == "sex"


def test_question_text_names_the_complaint_warning_signs():
    question = _ask(update_intake(Intake(), "chest pain"))[0]
    assert question.item == "red_flags" and "arm" in question.text


def test_emergency_stops_questions():
    intake = update_intake(Intake(), "chest pain")
    assert next_questions(intake, level_from_rules(intake), "emergency", "emergency") == []


def test_stops_after_max_questions():
    intake = update_intake(Intake(), "it burns when I pee")
    intake.asked = ["a", "b", "c", "d"][:MAX_QUESTIONS]
    assert _ask(intake) == []


def test_stops_when_level_cannot_change():
    intake = update_intake(Intake(), "sore throat for 10 days", {"age_years": 30, "sex": "male"})
    intake.red_flags_checked = True
    intake.asked = ["associated"]
    assert _ask(intake) == []


def test_missing_lists_unanswered_items():
    intake = update_intake(Intake(), "headache for 2 days")
    missing = missing_items(intake)
    assert "duration" not in missing and "age" in missing
