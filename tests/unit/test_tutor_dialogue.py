"""The tutor engine as the graph calls it: intents, memory keys the router reads, bad input."""

from __future__ import annotations

import json

import pytest

from assistant.tutor.dialogue import respond
from tests.fixtures.tutor import tutor_turn


@pytest.fixture
def engine(tutor_knowledge, tutor_settings):
    """What each turn is built from: the tutor-only knowledge and settings (no guideline index needed)."""
    return tutor_knowledge, tutor_settings


def _turn(engine, text, intent, memory, audience="student"):
    knowledge, plain = engine
    return respond(tutor_turn(knowledge, plain, text, intent, memory, audience))


def items_by_id(engine):
    return engine[0].tutor.items_by_id


def test_quiz_round_trip_keeps_router_keys(engine):
    result = _turn(engine, "quiz me on sepsis", "quiz_request", {})
    assert result.memory["quiz"]["id"] == result.artifacts["quiz"]["id"] and result.memory["case"] is None
    assert result.tools[0]["name"] == "quiz" and result.tools[0]["title"].startswith("Quiz item")
    item = items_by_id(engine)[result.memory["quiz"]["id"]]
    graded = _turn(engine, item.answer, "quiz_answer", result.memory)
    assert graded.memory["quiz"] is None and graded.artifacts["quiz"]["result"] == "correct"
    assert graded.artifacts["citations"][0]["doc_id"] == item.doc_id
    json.dumps(graded.memory)


def test_input_memory_is_not_mutated(engine):
    memory = {"quiz": None}
    _turn(engine, "quiz me", "quiz_request", memory)
    assert memory == {"quiz": None}


def test_answers_and_stops_with_nothing_open(engine):
    assert "no open quiz question" in _turn(engine, "B", "question", {}).text
    assert "no open quiz question" in _turn(engine, "C", "quiz_answer", {}).text
    assert "no open quiz question" in _turn(engine, "stop the quiz", "just_tell_me", {}).text
    assert "No practice case is running" in _turn(engine, "end case", "question", {}).text
    assert "No practice case is running" in _turn(engine, "when did it start?", "case_turn", {}).text
    assert _turn(engine, "   ", "question", {}).text.startswith("Please type")


def test_case_request_sets_case_aside_quiz_and_case_turns(engine):
    opened = _turn(engine, "quiz me on asthma", "quiz_request", {})
    case = _turn(engine, "give me a practice case on stroke", "case_request", opened.memory)
    assert case.memory["case"]["id"] == "stroke-face-speech" and case.memory["quiz"] is None
    assert "set aside" in case.text and case.tools[0]["name"] == "case"
    turn = _turn(engine, "when did it start?", "case_turn", case.memory)
    assert "45 minutes" in turn.text
    ended = _turn(engine, "end case", "case_turn", turn.memory)
    assert ended.memory["case"] is None


def test_greeting_describes_the_tutor(engine):
    assert "quiz me" in _turn(engine, "hello", "greeting", {}).text
