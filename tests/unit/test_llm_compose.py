"""The composer keeps the grounded reply and its citations, streams, and falls back with a notice on any failure."""

import time

from assistant.llm.budget import Budget, TooSlow, stream_within
from assistant.llm.compose import LEAD, Request, assemble, compose_reply, should_compose, split_sources
from tests.fixtures.llm import (ANAPHYLAXIS_CITATION, ANAPHYLAXIS_GROUNDED, ScriptedChatModel,  # noqa: F401
                                drug_knowledge)

QUESTION = "What is the first-line treatment for anaphylaxis?"


def _compose(drug_knowledge, *steps, first_token_s=5.0, turn_s=30.0, **request):
    knowledge = drug_knowledge(ScriptedChatModel.of(*steps))
    request = Request(question=QUESTION, grounded=ANAPHYLAXIS_GROUNDED,
                      artifacts={"citations": [ANAPHYLAXIS_CITATION]}, spec="scripted", **request)
    return compose_reply(knowledge.language_model, knowledge, request, Budget.start(first_token_s, turn_s))


def test_faithful_sentences_join_the_grounded_reply_before_its_sources(drug_knowledge):
    composed = _compose(drug_knowledge, "Intramuscular adrenaline is the first-line treatment for anaphylaxis. "
                                        "Repeat it every 5 to 15 minutes if there is no improvement.")
    body, sources = split_sources(ANAPHYLAXIS_GROUNDED)
    assert composed.used_model and not composed.notices
    assert composed.text.startswith(body) and composed.text.endswith(sources)
    assert f"{LEAD} Intramuscular adrenaline is the first-line treatment for anaphylaxis. [1]" in composed.text
    assert composed.artifacts["citations"] == [ANAPHYLAXIS_CITATION]


def test_the_model_is_asked_with_the_grounded_reply_and_question(drug_knowledge):
    model = ScriptedChatModel.of("Intramuscular adrenaline is the first-line treatment for anaphylaxis.")
    knowledge = drug_knowledge(model)
    request = Request(question=QUESTION, grounded=ANAPHYLAXIS_GROUNDED, artifacts={}, audience="nurse",
                      history=(("user", "hello"), ("assistant", "hi")))
    compose_reply(model, knowledge, request, Budget.start(5, 30))
    system, *history, user = model.seen[0]
    assert "<audience>nurse</audience>" in system.content
    assert [m.content for m in history] == ["hello", "hi"]
    assert QUESTION in user.content and "IV adrenaline infusion" in user.content


def test_backend_failure_keeps_the_grounded_reply_with_a_notice(drug_knowledge):
    composed = _compose(drug_knowledge, {"error": "connection refused"})
    assert composed.text == ANAPHYLAXIS_GROUNDED and not composed.used_model
    assert "connection refused" in composed.notices[0] and "showing the grounded reply" in composed.notices[0]


def test_junk_and_empty_answers_keep_the_grounded_reply(drug_knowledge):
    assert "no usable text" in _compose(drug_knowledge, "ok").notices[0]
    junk = _compose(drug_knowledge, "Purple monkeys dishwasher elevate quantum sandwiches tomorrow.")
    assert junk.text.startswith(split_sources(ANAPHYLAXIS_GROUNDED)[0])
    assert "gave no statement that its sources back" in junk.notices[0]


def test_a_slow_first_token_degrades_within_the_budget(drug_knowledge):
    started = time.monotonic()
    composed = _compose(drug_knowledge, {"sleep": 3, "text": "Intramuscular adrenaline is first-line."},
                        first_token_s=0.5)
    assert time.monotonic() - started < 2.5
    assert composed.text == ANAPHYLAXIS_GROUNDED
    assert "first token within 0.5 s" in composed.notices[0]


def test_a_model_slow_to_finish_is_cut_at_the_turn_budget():
    model = ScriptedChatModel.of({"text": "one two three four five six seven eight", "token_pause": 0.3})
    started = time.monotonic()
    try:
        stream_within(model, [], Budget.start(5, 1.0))
        raise AssertionError("expected TooSlow")
    except TooSlow as err:
        assert "time budget" in str(err)
    assert time.monotonic() - started < 2.0


def test_structured_replies_are_not_composed():
    assert should_compose("text", {"citations": []})
    assert not should_compose("text", {"note": {}})
    assert not should_compose("text", {"quiz": {}})
    assert not should_compose("  ", {})


def test_assemble_puts_model_text_and_note_before_the_sources():
    text = assemble("Answer [1].\n\nSources\n[1] A guideline", "Plain words [1].", "[1 statement removed]")
    assert text == f"Answer [1].\n\n{LEAD} Plain words [1].\n\n[1 statement removed]\n\nSources\n[1] A guideline"
    assert assemble("No sources here.", "", "") == "No sources here."
