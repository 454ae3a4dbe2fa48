"""The tool table: one entry per tool, from which the agent's tools, the engines' records and the UI derive."""

import json

from assistant.tools import BY_NAME, TOOLS, ToolLedger, agent_tools, record_for, run_tool
from tests.fixtures.llm import drug_knowledge  # noqa: F401


def test_one_entry_per_tool_and_no_import_strings():
    assert [t.name for t in TOOLS] == ["search_guidelines", "lookup_drug", "check_interactions", "check_dose",
                                       "triage", "vote"]
    assert all(callable(t.run) and callable(t.fold) and callable(t.summary) for t in TOOLS)


def test_agent_tools_derive_from_the_table_and_fold_into_the_ledger(drug_knowledge):
    knowledge = drug_knowledge()
    ledger = ToolLedger(artifacts={})
    tools = {t.name: t for t in agent_tools(knowledge, ledger)}
    assert set(tools) == set(BY_NAME)
    assert tools["check_dose"].args_schema.model_json_schema()["required"] == ["drug", "amount"]
    shown = json.loads(tools["check_interactions"].invoke({"drugs": ["warfarin", "ibuprofen"]}))
    assert shown["interactions"][0]["severity"] == "major"
    assert ledger.artifacts["drugs"]["interactions"][0]["severity"] == "major"
    assert ledger.records[0]["status"] == "done" and "warfarin + ibuprofen: major" in ledger.records[0]["summary"]
    assert any("major interaction" in line for _, line in ledger.evidence)
    tools["lookup_drug"].invoke({"name": "notadrugatall"})
    assert ledger.artifacts["drugs"]["unchecked"][0]["reason"] == "not recognised"


def test_guideline_hits_get_the_marker_they_will_have_in_the_reply():
    artifacts = {"citations": [{"doc_id": "a", "section": "x"}]}
    shown = BY_NAME["search_guidelines"].fold({"query": "q", "results": [{"doc_id": "b", "section": "y"},
                                                                         {"doc_id": "a", "section": "x"}]}, artifacts)
    assert [r["marker"] for r in shown["results"]] == ["[2]", "[1]"]
    assert [c["doc_id"] for c in artifacts["citations"]] == ["a", "b"]


def test_engines_run_tools_through_the_toolbox_with_the_same_records(drug_knowledge):
    result, record = run_tool(drug_knowledge(), "check_dose", drug="ibuprofen", amount=400, frequency="every 6 hours")
    assert result["status"] == "within_range"
    assert record == {**record_for("check_dose", {"drug": "ibuprofen", "amount": 400}, result),
                      "duration_s": record["duration_s"]}
