"""Sampled LLM voters join the grounded vote; N samples come from one backend call."""

import pytest

from assistant.llm.sampling import (QUIZ_VOTER, URGENCY_VOTER, json_field, quiz_vote, register_llm_voters,
                                    unregister_llm_voters)
from assistant.settings import Settings


class CountingBackend:
    """Records how often it was asked; returns the given samples."""

    spec = "counting"
    supports_tools = False

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def chat(self, messages, **kwargs):  # pragma: no cover - not used here
        raise NotImplementedError

    def sample(self, messages, *, n, temperature=0.8, max_tokens=16, json_schema=None):
        self.calls.append((n, temperature, json_schema))
        return self.answers[:n]


@pytest.fixture
def unregister():
    yield
    unregister_llm_voters()


def test_json_field_reads_json_and_passes_plain_text_on():
    assert json_field('{"level": "urgent"}', "level") == "urgent"
    assert json_field('Sure! {"level":"routine"} done', "level") == "routine"
    assert json_field("Emergency.", "level") == "Emergency."
    assert json_field("", "level") is None


def test_urgency_samples_vote_with_the_grounded_raters_in_one_backend_call(unregister):
    from assistant.voting.tool import urgency_vote

    backend = CountingBackend(['{"level": "emergency"}'] * 2 + ['{"level": "urgent"}', "junk", "EMERGENCY"])
    names = register_llm_voters(Settings(votes=5), backend)
    assert names == [URGENCY_VOTER, QUIZ_VOTER]
    result = urgency_vote("crushing chest pain spreading to my left arm and sweating", Settings(),
                          llm_voters=[URGENCY_VOTER])
    llm = [s for s in result["samples"] if s["voter"] == URGENCY_VOTER]
    assert len(llm) == 5
    assert [s["answer"] for s in llm].count("emergency") == 3
    assert sum(1 for s in llm if s["answer"] is None) == 1  # "junk" is unreadable, and shown as such
    assert len(backend.calls) == 1 and backend.calls[0][0] == 5 and backend.calls[0][1] > 0
    assert result["winner"] == "emergency"
    assert 0 < result["agreement"] <= 1


def test_red_flag_veto_beats_llm_votes_for_a_lower_level(unregister):
    from assistant.voting.tool import urgency_vote

    register_llm_voters(Settings(votes=5), CountingBackend(['{"level": "self_care"}'] * 5))
    result = urgency_vote("crushing chest pain spreading to my left arm and sweating", Settings(),
                          llm_voters=[URGENCY_VOTER])
    assert result["winner"] == "emergency"


def test_quiz_vote_over_letters(unregister):
    register_llm_voters(Settings(votes=3), CountingBackend(['{"answer": "B"}', '{"answer": "B"}', "c"]))
    result = quiz_vote("Which drug is first line?", [{"letter": "A", "text": "x"}, {"letter": "B", "text": "y"},
                                                     {"letter": "C", "text": "z"}])
    assert result["winner"] == "B"
    assert result["distribution"]["B"] == pytest.approx(2 / 3, abs=1e-3)
