"""Audience-adapted, cited explanations (needs the shared guideline index)."""

from __future__ import annotations

import pytest

from assistant.turns import TurnResult
from assistant.tutor.dialogue import respond
from assistant.tutor.explain import TRIAGE_NUDGE, adapt
from tests.fixtures.tutor import tutor_turn


@pytest.fixture
def engine(tutor_knowledge_with_guidelines, tutor_settings):
    """What each turn is built from: the tutor's knowledge with the shared guideline index, and settings."""
    return tutor_knowledge_with_guidelines, tutor_settings


def _ask(engine, text, audience="student", intent="question", memory=None):
    knowledge, plain = engine
    return respond(tutor_turn(knowledge, plain, text, intent, memory or {}, audience,
                              question=intent == "question"))


def test_student_explanation_is_cited_and_offers_a_quiz(engine):
    result = _ask(engine, "when should colorectal cancer screening start?")
    assert result.artifacts["citations"] and "[1]" in result.text
    assert "uspstf-colorectal-cancer-screening-2021" in {c["doc_id"] for c in result.artifacts["citations"]}
    assert 'quiz me on' in result.text
    assert result.tools and result.tools[0]["name"] == "search_guidelines"


def test_nurse_gets_escalation_points_with_their_own_citation(engine):
    result = _ask(engine, "how is sepsis defined?", audience="nurse")
    sections = [c["section"] for c in result.artifacts["citations"]]
    assert "When to escalate:" in result.text and "Red flags and when to escalate" in sections
    number = sections.index("Red flags and when to escalate") + 1
    assert f"[{number}]" in result.text.split("When to escalate:")[1]


def test_no_source_is_said_plainly(engine):
    result = _ask(engine, "what is the airspeed velocity of an unladen swallow?")
    assert "I don't have a source for that" in result.text and not result.artifacts.get("citations")


def test_symptom_report_points_to_triage_and_an_open_quiz_survives(engine):
    opened = _ask(engine, "quiz me on asthma", intent="quiz_request")
    result = _ask(engine, "my chest feels tight and I am wheezy", intent="symptom_report", memory=opened.memory)
    assert result.text.startswith(TRIAGE_NUDGE)
    assert result.memory["quiz"] == opened.memory["quiz"] and result.artifacts["quiz"]["status"] == "open"
    assert "still open" in result.text


def test_adapt_leaves_uncited_answers_alone(tutor_library):
    plain = TurnResult(text="I don't have a source for that.", artifacts={"citations": []})
    assert adapt(plain, "nurse", tutor_library) is plain
