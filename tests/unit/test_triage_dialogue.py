"""The triage dialogue over several turns: memory, questions, "just tell me", red flags mid-intake.

The conversation is driven the way the graph drives it (``TriageConversation``): each message parsed once against
the question asked last, folded into the thread's case, screened, then handed to ``respond``. The guideline search is
a stand-in returning one citation.
"""

from __future__ import annotations

import pytest

from assistant.settings import Settings
from assistant.triage.dialogue import MAX_QUESTIONS
from tests.fixtures.language import TriageConversation

CITATION = {"doc_id": "aha-acc-chest-pain-evaluation-2021", "title": "Chest pain", "section": "Red flags",
            "source": "AHA/ACC", "year": 2021, "url": None, "snippet": "...", "score": 1.0}


@pytest.fixture
def chat(embedded_knowledge, tmp_path):
    """A fresh triage thread (real embedding model for the raters; one-citation guideline search)."""
    knowledge = embedded_knowledge.with_citations(lambda query, k: [CITATION])
    return lambda memory=None: TriageConversation(knowledge, Settings(data_dir=tmp_path), memory)


def triage_of(result):
    return result.artifacts["triage"]


def test_multi_turn_intake_keeps_memory_and_finishes(chat):
    conversation = chat()
    first = conversation.say("it burns when I pee")
    assert not triage_of(first)["complete"] and triage_of(first)["next_questions"]
    assert "provisional" in first.text.lower()  # old wording: "Provisional level"
    result = first
    for _ in range(6):
        item = conversation.asked.item if conversation.asked else None
        if "male or female" in result.text.lower():
            answer = "I'm a man"
        else:
            answer = {"age": "45", "pregnancy": "no"}.get(item, "no, none of those")
        result = conversation.say(answer)
        if triage_of(result)["complete"]:
            break
    triage = triage_of(result)
    assert triage["complete"] and triage["level"] == "urgent"
    assert conversation.case["sex"] == "male"
    assert "URGENT" in result.text and "Get help sooner if" in result.text  # old: "What would make it more urgent"
    assert result.artifacts["citations"] == [CITATION]
    assert [t["name"] for t in result.tools] == ["vote", "search_guidelines"]
    assert result.tools[0]["title"] == "Voted on urgency (3 raters)"


def test_a_finished_intake_cites_and_records_its_tools(chat):
    conversation = chat()
    conversation.say("it burns when I pee")
    result = conversation.say("just tell me", intent="just_tell_me")
    assert triage_of(result)["complete"]
    assert result.artifacts["citations"] == [CITATION]
    assert [t["name"] for t in result.tools] == ["vote", "search_guidelines"]
    assert result.tools[0]["title"] == "Voted on urgency (3 raters)"


def test_just_tell_me_finishes_now(chat):
    conversation = chat()
    first = conversation.say("headache for 2 days")
    assert not triage_of(first)["complete"]
    done = conversation.say("just tell me", intent="just_tell_me")
    triage = triage_of(done)
    assert triage["complete"] and triage["level"] in ("self_care", "routine", "urgent")
    assert done.asked is None  # no further question is asked
    assert done.artifacts["vote"]["samples"] and "independent raters chose" in done.text  # old: "Vote:"


def test_a_finished_assessment_has_no_next_questions(chat):
    conversation = chat()
    conversation.say("headache for 2 days")
    done = conversation.say("just tell me", intent="just_tell_me")
    assert triage_of(done)["next_questions"] == []


def test_sore_throat_is_self_care_once_its_warning_signs_are_denied(chat):
    # The old assertion (self-care on "I have a sore throat" alone) broke the safety standard "never self-care by
    # default": self-care needs positive evidence, so the first answer is routine and asks.
    conversation = chat()
    result = conversation.say("I have a sore throat")
    assert triage_of(result)["level"] == "routine" and not triage_of(result)["complete"]
    for _ in range(MAX_QUESTIONS):
        if triage_of(result)["complete"]:
            break
        result = conversation.say("no")
    assert triage_of(result)["complete"] and triage_of(result)["level"] == "self_care"


def test_red_flag_mid_intake_escalates_and_stops_asking(chat):
    conversation = chat()
    conversation.say("I have a sore throat")
    second = conversation.say("now I'm drooling and can't swallow")
    triage = triage_of(second)
    assert triage["level"] == "emergency" and triage["complete"]
    assert "airway_compromise" in [f["id"] for f in triage["red_flags"]]
    assert second.artifacts["vote"]["winner"] == "emergency"
    # the flag stays for later turns (the case keeps what was said)
    later = conversation.say("ok, thanks")
    assert "airway_compromise" in [f["id"] for f in triage_of(later)["red_flags"]]


def test_yes_to_warning_sign_question_is_treated_as_emergency(chat):
    conversation = chat()
    conversation.say("chest pain")
    assert conversation.asked is not None and conversation.asked.concepts  # a warning-sign question
    second = conversation.say("yes")
    assert triage_of(second)["level"] == "emergency"


def test_emergency_found_in_the_message_itself(chat):
    result = chat().say("crushing chest pain spreading to my left arm and I'm sweating, I'm 60")
    triage = triage_of(result)
    assert triage["level"] == "emergency" and triage["red_flags"]


def test_emergency_stops_questions(chat):
    result = chat().say("chest pain spreading to my left arm")
    assert triage_of(result)["level"] == "emergency" and triage_of(result)["complete"]
    assert result.asked is None


def test_stops_after_max_questions(chat):
    result = chat({"asked_count": MAX_QUESTIONS}).say("it burns when I pee")
    assert triage_of(result)["complete"] and result.asked is None


def test_no_symptom_asks_for_the_complaint(chat):
    result = chat().say("hello")
    triage = triage_of(result)
    # by design the level is never None: with nothing described it is provisional and nothing decided it
    assert triage["provisional"] and not triage["complete"] and triage["red_flags"] == []
    assert triage["deciding"]["id"] == "unrecognised"
    assert "main problem" in result.text


def test_new_message_after_a_finished_assessment_starts_fresh(chat):
    conversation = chat()
    conversation.say("runny nose since yesterday")
    conversation.say("just tell me", intent="just_tell_me")
    again = conversation.say("I have a headache")
    assert triage_of(again)["presentations"][0].lower().startswith("headache")
    assert not any("cold" in p.lower() for p in triage_of(again)["presentations"])


def test_just_tell_me_after_a_finished_assessment_repeats_it(chat):
    conversation = chat()
    for text in ["I've had a sore throat", "since yesterday, it's mild",
                 "no fever, no trouble breathing or swallowing, I'm 30", "just tell me"]:
        result = conversation.say(text, intent="just_tell_me" if text == "just tell me" else "symptom_report")
    assert triage_of(result)["level"] in ("self_care", "routine")
    assert triage_of(result)["complete"]
