"""SmolLM2's real mistakes (tests/fixtures/smollm2_mistakes.yaml) stay caught: every sentence is dropped by the
faithfulness check against the evidence the model was shown, and its tool-argument mistakes stay harmless."""

from pathlib import Path

import pytest
import yaml

from assistant.llm.faithfulness import FaithfulnessCheck, Passage
from assistant.tools import BY_NAME, ToolLedger, agent_tools
from tests.fixtures.llm import drug_knowledge  # noqa: F401

DATA = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "smollm2_mistakes.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checks(drug_catalogue):
    def drugs(text):
        return [(m.generic, m.start, m.end) for m in drug_catalogue.find_mentions(text)]

    return {question: FaithfulnessCheck([Passage(e["text"], f"passage {e['marker']}", e["marker"]) for e in evidence],
                                        drugs=drugs)
            for question, evidence in DATA["evidence"].items()}


@pytest.mark.parametrize("mistake", DATA["mistakes"], ids=lambda m: f"{m['kind']}: {m['sentence'][:40]}")
def test_smollm2_mistake_is_dropped(checks, mistake):
    report = checks[mistake["question"]].check(mistake["sentence"])
    assert report.text == "" and report.removed, f"kept: {report.kept}"


def test_an_invented_drug_name_is_reported_unchecked_not_silently_empty(drug_knowledge):
    ledger = ToolLedger(artifacts={})
    lookup = {t.name: t for t in agent_tools(drug_knowledge(), ledger)}["lookup_drug"]
    lookup.invoke(DATA["tool_arguments"][0]["args"])
    assert ledger.artifacts["drugs"]["unchecked"][0]["reason"] == "not recognised"


def test_tool_arguments_have_bounded_strings_so_grammars_cannot_run_away():
    for tool in BY_NAME.values():
        for name, spec in tool.args.model_json_schema()["properties"].items():
            if spec.get("type") == "string":
                assert spec.get("maxLength"), (tool.name, name)
