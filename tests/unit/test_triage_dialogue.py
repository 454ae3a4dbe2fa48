"""The triage dialogue over several turns: memory, questions, "just tell me", red flags mid-intake."""

from __future__ import annotations

import pytest

import assistant.guidelines as guidelines
from assistant.settings import Settings
from assistant.triage.dialogue import respond
from assistant.turns import TurnInput

CITATION = {"doc_id": "aha-acc-chest-pain-evaluation-2021", "title": "Chest pain", "section": "Red flags",
            "source": "AHA/ACC", "year": 2021, "url": None, "snippet": "...", "score": 1.0}


@pytest.fixture(autouse=True)
def fake_search(monkeypatch):
    calls = []

    def search(query, settings, k=5, **_):
        calls.append(query)
        return [CITATION]

    monkeypatch.setattr(guidelines, "search", search)
    return calls


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path)


def _turn(text, memory, settings, safety=None, intent="symptom_report"):
    return respond(TurnInput(text=text, mode="triage", intent=intent, settings=settings, memory=memory,
                             safety=safety or {}))


def test_multi_turn_intake_keeps_memory_and_finishes(settings):
    first = _turn("it burns when I pee", {}, settings)
    triage = first.artifacts["triage"]
    assert not triage["complete"] and triage["next_questions"]
    assert "Provisional level" in first.text
    memory, result = first.memory, first
    for _ in range(6):
        pending = memory["pending"]
        answer = {"sex": "I'm a man", "red_flags": "no, none of those", "age": "45", "pregnancy": "no"}.get(pending, "no")
        result = _turn(answer, memory, settings)
        memory = result.memory
        if result.artifacts["triage"]["complete"]:
            break
    triage = result.artifacts["triage"]
    assert triage["complete"] and triage["level"] == "urgent"
    assert memory["intake"]["sex"] == "male"
    assert "URGENT" in result.text and "What would make it more urgent" in result.text
    assert result.artifacts["citations"] == [CITATION]
    assert [t["name"] for t in result.tools] == ["vote", "search_guidelines"]
    assert result.tools[0]["title"] == "Voted on urgency (3 raters)"


def test_just_tell_me_finishes_now(settings):
    first = _turn("headache for 2 days", {}, settings)
    assert not first.artifacts["triage"]["complete"]
    done = _turn("just tell me", first.memory, settings)
    triage = done.artifacts["triage"]
    assert triage["complete"] and triage["level"] in ("self_care", "routine", "urgent")
    assert triage["next_questions"] == []
    assert done.artifacts["vote"]["samples"] and "Vote:" in done.text


def test_red_flag_mid_intake_escalates_and_stops_asking(settings):
    first = _turn("I have a sore throat", {}, settings)
    assert first.artifacts["triage"]["level"] == "self_care"
    flag = {"id": "airway_compromise", "label": "Drooling and cannot swallow", "level": "emergency",
            "rule": "airway", "source": "test", "evidence": "drooling"}
    second = _turn("now I'm drooling and can't swallow", first.memory, settings, safety={"red_flags": [flag], "patient": {}})
    triage = second.artifacts["triage"]
    assert triage["level"] == "emergency" and triage["complete"]
    assert "airway_compromise" in [f["id"] for f in triage["red_flags"]]
    assert second.artifacts["vote"]["winner"] == "emergency"
    # the flag stays in memory for later turns
    assert "airway_compromise" in [f["id"] for f in second.memory["red_flags"]]


def test_yes_to_warning_sign_question_is_treated_as_emergency(settings):
    first = _turn("chest pain", {}, settings)
    assert first.memory["pending"] == "red_flags"
    second = _turn("yes", first.memory, settings)
    assert second.artifacts["triage"]["level"] == "emergency"


def test_real_safety_screen_when_guard_did_not_run(settings):
    result = _turn("crushing chest pain spreading to my left arm and I'm sweating, I'm 60", {}, settings)
    triage = result.artifacts["triage"]
    assert triage["level"] == "emergency" and triage["red_flags"]


def test_no_symptom_asks_for_the_complaint(settings):
    result = _turn("hello", {}, settings)
    assert result.artifacts["triage"]["level"] is None
    assert "main problem" in result.text


def test_new_message_after_a_finished_assessment_starts_fresh(settings):
    done = _turn("just tell me", _turn("runny nose since yesterday", {}, settings).memory, settings)
    again = _turn("I have a headache", done.memory, settings)
    assert again.memory["intake"]["complaint"] == "headache"
    assert "cold_symptoms" not in again.memory["intake"]["complaints"]


def test_just_tell_me_after_a_finished_assessment_repeats_it(settings):
    from assistant.triage.dialogue import respond
    from assistant.turns import TurnInput

    memory = {}
    for text in ["I've had a sore throat", "since yesterday, it's mild",
                 "no fever, no trouble breathing or swallowing, I'm 30", "just tell me"]:
        intent = "just_tell_me" if text == "just tell me" else "symptom_report"
        result = respond(TurnInput(text=text, mode="triage", intent=intent, settings=settings, memory=memory))
        memory = result.memory
    assert result.artifacts["triage"]["level"] in ("self_care", "routine")
    assert result.artifacts["triage"]["complete"]
