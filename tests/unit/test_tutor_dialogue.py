"""The tutor engine as the graph calls it: intents, memory keys the router reads, bad input."""

from __future__ import annotations

import json

import pytest

from assistant.tutor.dialogue import respond
from tests.fixtures.tutor import tutor_turn


@pytest.fixture
def plain_settings(tutor_knowledge, tutor_settings):
    """What each turn is built from: the tutor-only knowledge and settings (no guideline index needed)."""
    return tutor_knowledge, tutor_settings


def _turn(settings, text, intent, memory, audience="student"):
    knowledge, plain = settings
    return respond(tutor_turn(knowledge, plain, text, intent, memory, audience))


def items_by_id(settings):
    return settings[0].tutor.items_by_id


def test_quiz_round_trip_keeps_router_keys(plain_settings):
    result = _turn(plain_settings, "quiz me on sepsis", "quiz_request", {})
    assert result.memory["quiz"]["id"] == result.artifacts["quiz"]["id"] and result.memory["case"] is None
    assert result.tools[0]["name"] == "quiz" and result.tools[0]["title"].startswith("Quiz item")
    item = items_by_id(plain_settings)[result.memory["quiz"]["id"]]
    graded = _turn(plain_settings, item.answer, "quiz_answer", result.memory)
    assert graded.memory["quiz"] is None and graded.artifacts["quiz"]["result"] == "correct"
    assert graded.artifacts["citations"][0]["doc_id"] == item.doc_id
    json.dumps(graded.memory)


def test_input_memory_is_not_mutated(plain_settings):
    memory = {"quiz": None}
    _turn(plain_settings, "quiz me", "quiz_request", memory)
    assert memory == {"quiz": None}


def test_answers_and_stops_with_nothing_open(plain_settings):
    assert "no open quiz question" in _turn(plain_settings, "B", "question", {}).text
    assert "no open quiz question" in _turn(plain_settings, "C", "quiz_answer", {}).text
    assert "no open quiz question" in _turn(plain_settings, "stop the quiz", "just_tell_me", {}).text
    assert "No practice case is running" in _turn(plain_settings, "end case", "question", {}).text
    assert "No practice case is running" in _turn(plain_settings, "when did it start?", "case_turn", {}).text
    assert _turn(plain_settings, "   ", "question", {}).text.startswith("Please type")


def test_case_request_sets_case_aside_quiz_and_case_turns(plain_settings):
    opened = _turn(plain_settings, "quiz me on asthma", "quiz_request", {})
    case = _turn(plain_settings, "give me a practice case on stroke", "case_request", opened.memory)
    assert case.memory["case"]["id"] == "stroke-face-speech" and case.memory["quiz"] is None
    assert "set aside" in case.text and case.tools[0]["name"] == "case"
    turn = _turn(plain_settings, "when did it start?", "case_turn", case.memory)
    assert "45 minutes" in turn.text
    ended = _turn(plain_settings, "end case", "case_turn", turn.memory)
    assert ended.memory["case"] is None


def test_greeting_describes_the_tutor(plain_settings):
    assert "quiz me" in _turn(plain_settings, "hello", "greeting", {}).text
