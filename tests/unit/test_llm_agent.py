"""The agent loop with the scripted model: tools run, artifacts fill, claims are checked, failures fall back."""

from assistant.llm.agent import run_agent
from assistant.llm.scripted import ChatModelBackend, ScriptedChatModel
from assistant.settings import Settings
from assistant.turns import TurnInput, TurnResult

GROUNDED = TurnResult(text="Warfarin + ibuprofen: major interaction (FDA label: warfarin).",
                      artifacts={"citations": []}, memory={"kept": True}, tools=[{"name": "check_interactions"}])


def _turn(text="does warfarin interact with ibuprofen?", safety=None):
    return TurnInput(text=text, mode="education", intent="drug_question", settings=Settings(model="scripted:x"),
                     safety=safety or {})


def _backend(*steps):
    return ChatModelBackend(ScriptedChatModel(messages=iter(steps)), "scripted:test")


def test_tool_then_answer_fills_artifacts_and_records_the_call():
    from assistant.drugs.tools import DRUG_TOOLS

    backend = _backend({"tool": "check_interactions", "args": {"drugs": ["warfarin", "ibuprofen"]}},
                       "Warfarin and ibuprofen have a major interaction; serious GI bleeding is more likely.")
    tokens = []
    result = run_agent(_turn(), GROUNDED, backend, tools=DRUG_TOOLS, on_token=tokens.append)
    assert result.text.startswith("Warfarin and ibuprofen have a major interaction")
    assert result.artifacts["drugs"]["interactions"][0]["severity"] == "major"
    assert [t["name"] for t in result.tools] == ["check_interactions", "check_interactions"]
    assert result.tools[-1]["status"] == "done" and "major" in result.tools[-1]["summary"]
    assert result.memory == {"kept": True}
    assert "".join(tokens).startswith("Warfarin")
    tool_message = backend.model.seen[1][-1]
    assert "major" in tool_message.content  # the model saw the engine's result


def test_unknown_tool_and_bad_arguments_are_reported_not_fatal():
    from assistant.drugs.tools import DRUG_TOOLS

    backend = _backend({"tool": "prescribe", "args": {}}, {"tool": "check_dose", "args": {"wrong": 1}},
                       "Warfarin + ibuprofen is a major interaction.")
    result = run_agent(_turn(), GROUNDED, backend, tools=DRUG_TOOLS)
    errors = [t for t in result.tools if t.get("status") == "error"]
    assert len(errors) == 2
    assert "major interaction" in result.text


def test_backend_failure_returns_the_grounded_reply_with_a_notice():
    result = run_agent(_turn(), GROUNDED, _backend({"error": "HTTP 503"}), tools=[])
    assert result.text == GROUNDED.text
    assert "HTTP 503" in result.notices[-1] and "grounded reply" in result.notices[-1]


def test_endless_tool_calls_fall_back():
    from assistant.drugs.tools import DRUG_TOOLS

    steps = [{"tool": "lookup_drug", "args": {"name": "warfarin"}}] * 3
    result = run_agent(_turn(), GROUNDED, _backend(*steps), tools=DRUG_TOOLS, max_steps=3)
    assert result.text == GROUNDED.text and "kept calling tools" in result.notices[-1]


def test_level_downgrade_and_unbacked_claims_are_removed():
    safety = {"red_flags": [{"id": "chest_pain", "level": "emergency"}]}
    backend = _backend("Warfarin + ibuprofen is a major interaction. This is self care, rest at home. "
                       "Take 10 tablets of vitamin K.")
    result = run_agent(_turn(safety=safety), GROUNDED, backend, tools=[])
    assert "self care" not in result.text.split("[")[0]
    assert "vitamin K" not in result.text
    assert "removed by the claim check" in result.text
    assert any("removed" in n for n in result.notices)
