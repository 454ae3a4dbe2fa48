"""LLM ballots in the triage vote: with a model configured, sampled LLM ballots join the grounded raters; red flags
still veto. The vote takes extra voters (``run_vote(..., extra_voters=...)``); the dialogue adds the configured
model's ballots (``scripted:PATH`` is the test knowledge's fake chat model) or says why it could not."""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from assistant.triage.assess import assess
from assistant.triage.case import Case
from assistant.triage.result import run_vote
from assistant.voting import Voter
from tests.fixtures.language import TriageConversation

GROUNDED = {"decision_model", "nearest_cases", "severity_score"}
SORE_THROAT = "I've had a sore throat since yesterday, mild, no fever"


def sampled_llm(answer: str, samples: int) -> Voter:
    """A stand-in for a sampled LLM voter: every ballot answers the same level."""
    return Voter("llm_urgency", lambda question, context: {"answer": answer, "rationale": "scripted"},
                 samples=samples, kind="llm")


def test_no_model_means_the_grounded_raters(embedded_knowledge, tmp_path):
    conversation = TriageConversation(embedded_knowledge.with_citations(lambda q, k: []), Settings(data_dir=tmp_path))
    conversation.say(SORE_THROAT)
    done = conversation.say("just tell me", intent="just_tell_me")
    assert {s["voter"] for s in done.artifacts["vote"]["samples"]} == GROUNDED
    assert not done.notices


def test_sampled_llm_votes_are_counted_and_red_flags_still_veto(embedded_knowledge):
    case = Case.of(embedded_knowledge.parse(SORE_THROAT))
    assessment = assess(case, embedded_knowledge.triage_model)
    ballot = run_vote(assessment, case, embedded_knowledge, SORE_THROAT, extra_voters=[sampled_llm("self_care", 3)])
    llm = [s for s in ballot["samples"] if s["voter"] == "llm_urgency"]
    assert len(llm) == 3 and all(s["answer"] == "self_care" for s in llm)
    flag = {"id": "x", "label": "test flag", "level": "emergency", "rule": "r", "source": "s", "evidence": "e"}
    vetoed = assess(case, embedded_knowledge.triage_model, extra_flags=[flag])
    assert vetoed.level == "emergency"
    ballot = run_vote(vetoed, case, embedded_knowledge, SORE_THROAT, extra_voters=[sampled_llm("self_care", 3)])
    assert ballot["winner"] == "emergency"


def test_a_configured_model_votes_in_the_dialogue(embedded_knowledge, tmp_path):
    script = tmp_path / "script.yaml"
    script.write_text("\n".join(['- \'{"level": "self_care"}\''] * 12) + "\n")
    settings = Settings(data_dir=tmp_path, model=f"scripted:{script}", votes=3)
    conversation = TriageConversation(embedded_knowledge.with_citations(lambda q, k: []), settings)
    conversation.say(SORE_THROAT)
    done = conversation.say("just tell me", intent="just_tell_me")
    llm = [s for s in done.artifacts["vote"]["samples"] if s["voter"] == "llm_urgency"]
    assert len(llm) == 3 and all(s["answer"] == "self_care" for s in llm)


def test_an_unusable_model_falls_back_with_a_notice(embedded_knowledge, tmp_path):
    settings = Settings(data_dir=tmp_path, model=f"scripted:{tmp_path / 'missing.yaml'}")
    conversation = TriageConversation(embedded_knowledge.with_citations(lambda q, k: []), settings)
    conversation.say(SORE_THROAT)
    done = conversation.say("just tell me", intent="just_tell_me")
    assert {s["voter"] for s in done.artifacts["vote"]["samples"]} == GROUNDED
    assert done.notices and "grounded raters" in done.notices[0]
