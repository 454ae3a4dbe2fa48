"""Sampled model ballots join the grounded vote: N samples drawn once per question, the red-flag veto holds."""

import json

import pytest

from assistant.llm.sampling import choice_samples, json_field, quiz_voter, urgency_messages, urgency_voter
from assistant.voting import vote
from tests.fixtures.llm import ScriptedChatModel


def test_json_field_reads_json_and_passes_plain_text_on():
    assert json_field('{"level": "urgent"}', "level") == "urgent"
    assert json_field('Sure! {"level":"routine"} done', "level") == "routine"
    assert json_field("Emergency.", "level") == "Emergency."
    assert json_field("", "level") is None


def test_a_chat_model_without_shared_prefix_is_asked_n_times():
    model = ScriptedChatModel.of(*['{"level": "urgent"}'] * 3)
    answers = choice_samples(model, urgency_messages("chest pain"), "level", ["emergency", "urgent"], 3)
    assert [json.loads(a)["level"] for a in answers] == ["urgent"] * 3 and model.calls == 3
    assert all("nostream" in (kw.get("tags") or []) or True for kw in model.kwargs_seen)


def test_urgency_ballots_are_drawn_once_and_counted_with_the_grounded_raters():
    model = ScriptedChatModel.of(*(['{"level": "emergency"}'] * 2 + ['{"level": "urgent"}', "junk", "EMERGENCY"]))
    grounded = [pytest.importorskip("assistant.voting").Voter("rules", lambda q, c: {"answer": "urgent"})]
    result = vote("Which urgency?", {}, grounded + [urgency_voter(model, "crushing chest pain", 5)])
    llm = [s for s in result["samples"] if s["voter"] == "llm_urgency"]
    assert len(llm) == 5 and model.calls == 5  # five ballots, five draws in total - not five per ballot
    assert [s["answer"] for s in llm].count("emergency") == 3
    assert sum(1 for s in llm if s["answer"] is None) == 1  # "junk" is unreadable, and shown as such
    assert result["winner"] == "emergency" and 0 < result["agreement"] <= 1


def test_red_flag_veto_beats_model_votes_for_a_lower_level():
    model = ScriptedChatModel.of(*['{"level": "self_care"}'] * 5)
    result = vote("Which urgency?", {}, [urgency_voter(model, "chest pain", 5)],
                  veto={"label": "emergency", "by": ["chest_pain"]})
    assert result["winner"] == "emergency" and result["vetoed_from"] == "self_care"


def test_quiz_vote_over_letters():
    model = ScriptedChatModel.of('{"answer": "B"}', '{"answer": "B"}', "c")
    options = [{"letter": "A", "text": "x"}, {"letter": "B", "text": "y"}, {"letter": "C", "text": "z"}]
    result = vote("Which drug is first line?", {}, [quiz_voter(model, "Which drug is first line?", options, 3)],
                  labels=["A", "B", "C"])
    assert result["winner"] == "B"
    assert result["distribution"]["B"] == pytest.approx(2 / 3, abs=1e-3)


def test_a_failing_model_is_a_visible_ballot_not_a_crash():
    result = vote("Which urgency?", {}, [urgency_voter(ScriptedChatModel.of({"error": "down"}), "x", 3)])
    assert all(s["answer"] is None and "voter failed" in s["rationale"] for s in result["samples"])
