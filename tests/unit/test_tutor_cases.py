"""Practice cases: the data file is consistent, findings are released only when asked, feedback is cited."""

from __future__ import annotations

import pytest

from assistant.tutor.case_practice import case_turn, start_case
from assistant.tutor.cases import diagnosis_matches, is_commitment, level_in, load_cases, pick_case, topics_asked


@pytest.fixture
def case_by_id(tutor_library):
    return tutor_library.case


def test_at_least_twelve_valid_cases_covering_every_level(tutor_library):
    topics, cases = load_cases(tutor_library.docs)
    assert len(cases) >= 12
    assert {c.level for c in cases} == {"emergency", "urgent", "routine", "self_care"}
    assert len({c.id for c in cases}) == len(cases)


def test_question_topics(case_by_id, tutor_library):
    case, topics = case_by_id("chest-pain-acs"), tutor_library.case_topics
    assert topics_asked("When did it start?", case, topics)[0] == "onset"
    assert topics_asked("Does the pain spread anywhere?", case, topics)[0] == "radiation"
    assert topics_asked("Any medical problems?", case, topics)[0] == "history"
    assert topics_asked("what is the weather like", case, topics) == []


def test_commitments_levels_and_diagnoses(case_by_id):
    case = case_by_id("chest-pain-acs")
    assert is_commitment("triage: emergency, diagnosis: heart attack")
    assert not is_commitment("Is it urgent?")
    assert level_in("I'd call 911") == "emergency" and level_in("self-care at home") == "self_care"
    assert diagnosis_matches("an NSTEMI", case) and not diagnosis_matches("reflux", case)


def test_case_conversation_releases_findings_only_when_asked_and_gives_cited_feedback(tutor_library):
    memory: dict = {}
    opening = start_case(tutor_library, memory, "chest pain")
    assert "Patient:" in opening and "left arm" not in opening and "coronary" not in opening.lower()
    reply, citations = case_turn(tutor_library, memory, "Does the pain go anywhere?")
    assert "left arm" in reply and citations == []
    reply, _ = case_turn(tutor_library, memory, "hint")
    assert "not asked about" in reply
    reply, _ = case_turn(tutor_library, memory, "urgent")
    assert "working diagnosis" in reply and memory["case"]["level"] == "urgent"
    reply, citations = case_turn(tutor_library, memory, "I think it is unstable angina")
    assert "Case feedback" in reply and "not right" in reply and "(right)" in reply
    assert citations[0]["doc_id"] == "acc-aha-acute-coronary-syndromes-2025" and "[1]" in reply
    assert memory["case"] is None and memory["cases_done"][0]["level_ok"] is False


def test_end_case_reveals_and_closes_and_unknown_topic_lists_cases(tutor_library):
    memory: dict = {}
    start_case(tutor_library, memory, "")
    reply, _ = case_turn(tutor_library, memory, "end case")
    assert memory["case"] is None and "answer was" in reply
    assert "no practice case about" in start_case(tutor_library, memory, "quantum physics").lower()
    assert pick_case(tutor_library.cases, "stroke", [])[0].id == "stroke-face-speech"
