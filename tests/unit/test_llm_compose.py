"""Rephrasing keeps every fact or falls back to the grounded reply with a notice."""

from assistant.llm.compose import dropped_facts, rephrase, should_rephrase
from assistant.llm.scripted import ChatModelBackend, ScriptedChatModel

GROUNDED = ("**EMERGENCY - chest pain.** Call emergency services now.\n\nChest pain with sweating needs "
            "assessment within 10 minutes [1].")


def _backend(*steps):
    return ChatModelBackend(ScriptedChatModel(messages=iter(steps)), "scripted:test")


def test_faithful_rewording_is_used_and_streams():
    text = ("**EMERGENCY - chest pain.** Please call emergency services now.\n\nChest pain with sweating needs "
            "assessment within 10 minutes [1].")
    tokens = []
    result = rephrase(GROUNDED, _backend(text), evidence=[], min_level="emergency", on_token=tokens.append)
    assert result.used_llm and result.text == text and not result.notices
    assert "".join(tokens) == text


def test_dropped_level_number_or_marker_falls_back():
    assert dropped_facts(GROUNDED, "Call for help. Chest pain needs a look.") == [
        "number 10", "citation [1]", "level emergency"]
    result = rephrase(GROUNDED, _backend("Chest pain is usually self care; rest at home and relax a while."))
    assert not result.used_llm and result.text == GROUNDED
    assert "showing the grounded reply" in result.notices[0]


def test_new_unbacked_claim_falls_back():
    text = GROUNDED + " Aspirin 300 mg halves the risk of death in 50% of cases."
    result = rephrase(GROUNDED, _backend(text), min_level="emergency")
    assert not result.used_llm and "no source backs" in result.notices[0]


def test_backend_failure_and_junk_fall_back():
    assert "failed" in rephrase(GROUNDED, _backend({"error": "timeout"})).notices[0]
    assert "unusable" in rephrase(GROUNDED, _backend("ok")).notices[0]


def test_structured_replies_are_not_rephrased():
    assert should_rephrase("text", {"citations": []})
    assert not should_rephrase("text", {"note": {}})
    assert not should_rephrase("text", {"quiz": {}})
    assert not should_rephrase("  ", {})
