"""The agent subgraph (model -> ToolNode -> model) with the scripted model: tools from the one table run on the
engines, fill the artifacts and records, the claim check has the last word, and failures fall back."""

from assistant.llm.budget import Budget
from assistant.llm.compose import Request, compose_reply
from tests.fixtures.llm import ScriptedChatModel, drug_knowledge  # noqa: F401

GROUNDED = "Warfarin + ibuprofen: major interaction (FDA label: warfarin)."


def _run(drug_knowledge, *steps, min_level=None, max_steps=None):
    model = ScriptedChatModel.of(*steps)
    knowledge = drug_knowledge(model)
    request = Request(question="does warfarin interact with ibuprofen?", grounded=GROUNDED,
                      artifacts={"citations": []}, agent=True, min_level=min_level, spec="scripted")
    return model, compose_reply(model, knowledge, request, Budget.start(5, 30))


def test_tool_then_answer_fills_artifacts_and_records_the_call(drug_knowledge):
    model, composed = _run(drug_knowledge, {"tool": "check_interactions", "args": {"drugs": ["warfarin", "ibuprofen"]}},
                           "Warfarin and ibuprofen have a major interaction; serious GI bleeding is more likely.")
    assert "Warfarin and ibuprofen have a major interaction" in composed.text
    assert composed.text.startswith(GROUNDED)
    assert composed.artifacts["drugs"]["interactions"][0]["severity"] == "major"
    record = composed.tools[0]
    assert record["name"] == "check_interactions" and record["status"] == "done" and "major" in record["summary"]
    assert record["duration_s"] >= 0 and record["id"]
    tool_message = model.seen[1][-1]
    assert tool_message.type == "tool" and "major" in tool_message.content  # the model saw the engine's result


def test_unknown_tool_and_bad_arguments_are_reported_not_fatal(drug_knowledge):
    model, composed = _run(drug_knowledge, {"tool": "prescribe", "args": {}}, {"tool": "check_dose", "args": {"wrong": 1}},
                           "Warfarin with ibuprofen is a major interaction.")
    assert "error" in model.seen[1][-1].content.lower()  # ToolNode told the model the tool does not exist
    assert "error" in model.seen[2][-1].content.lower()  # and that its arguments were wrong
    assert "major interaction" in composed.text
    assert [r["status"] for r in composed.tools] == ["error", "error"]
    assert composed.tools[0]["title"] == "Unknown tool prescribe"


def test_backend_failure_returns_the_grounded_reply_with_a_notice(drug_knowledge):
    _, composed = _run(drug_knowledge, {"error": "HTTP 503"})
    assert composed.text == GROUNDED
    assert "HTTP 503" in composed.notices[-1] and "grounded reply" in composed.notices[-1]


def test_endless_tool_calls_fall_back(drug_knowledge):
    steps = [{"tool": "lookup_drug", "args": {"name": "warfarin"}}] * 4
    _, composed = _run(drug_knowledge, *steps)
    assert composed.text == GROUNDED and "kept calling tools" in composed.notices[-1]
    assert composed.artifacts["drugs"]["drugs"][0]["generic"] == "warfarin"  # what the tools found is kept


def test_level_downgrade_and_unbacked_claims_are_removed(drug_knowledge):
    _, composed = _run(drug_knowledge, "Warfarin with ibuprofen is a major interaction. This is self care, rest at "
                                       "home. Take 10 tablets of vitamin K.", min_level="emergency")
    added = composed.text[len(GROUNDED):]
    assert "self care" not in added.split("[")[0] and "vitamin K" not in added
    assert "removed by the claim check" in composed.text
    assert any("removed" in n for n in composed.notices)
