"""respond(turn) for drug questions (assistant/drugs/answer.py)."""

import pytest

from assistant.drugs.answer import respond
from assistant.settings import Settings
from assistant.turns import Turn
from tests.fixtures.drugs import DrugsOnlyKnowledge, drug_findings


@pytest.fixture
def ask(drug_catalogue):
    """ask(text, memory=None, mode="education") -> the drug engine's reply to one message."""
    knowledge = DrugsOnlyKnowledge(drugs=drug_catalogue)

    def ask(text, memory=None, mode="education"):
        return respond(Turn(findings=drug_findings(drug_catalogue, text), knowledge=knowledge,
                            settings=Settings(data_dir="/tmp/ca-test"), mode=mode, intent="drug",
                            memory=memory or {}))

    return ask


def test_interaction_question(ask):
    result = ask("Does warfarin interact with ibuprofen?")
    drugs = result.artifacts["drugs"]
    assert drugs["interactions"][0]["severity"] == "major"
    assert drugs["unchecked"] == []
    assert result.tools == [{"name": "check_interactions", "title": "Checked interactions: warfarin + ibuprofen",
                             "status": "done", "summary": "1 major"}]
    assert "MAJOR" in result.text and "Source: FDA label" in result.text


@pytest.mark.parametrize("mode", ["education", "triage", "documentation"])
def test_medication_list_in_any_mode(ask, mode):
    result = ask("Meds: Zoloft 50 mg daily, tramadol prn, lisinopril", mode=mode)
    severities = {(i["a"], i["b"]): i["severity"] for i in result.artifacts["drugs"]["interactions"]}
    assert severities[("sertraline", "tramadol")] == "major"
    assert severities[("sertraline", "lisinopril")] == "none"


def test_lookup_question_cites_the_monograph(ask):
    result = ask("Tell me about Tylenol")
    [info] = result.artifacts["drugs"]["drugs"]
    assert info["generic"] == "acetaminophen"
    assert "[Source: " in result.text
    assert result.tools[0]["name"] == "lookup_drug"


def test_dose_question(ask):
    result = ask("Is 2 g of paracetamol ok in one go?")
    [dose] = result.artifacts["drugs"]["doses"]
    assert dose["status"] == "above_maximum"
    assert result.tools[0]["name"] == "check_dose"
    assert "ABOVE MAXIMUM" in result.text


def test_dose_question_uses_patient_details(ask):
    result = ask("78 year old, eGFR 25, on metformin 1000 mg twice daily - ok?")
    [dose] = result.artifacts["drugs"]["doses"]
    assert dose["status"] == "renal_adjustment"
    assert dose["population"] in {"adult", "older_adult"}


def test_max_dose_question_lists_labelled_dosing(ask):
    result = ask("What is the max dose of ibuprofen?")
    assert "Labelled dosing for ibuprofen" in result.text
    assert "[Source: " in result.text


def test_unknown_drug_says_so_and_suggests(ask):
    result = ask("tell me about Xyzzolam")
    assert "could not find a drug" in result.text
    assert "Did you mean" in result.text
    assert result.artifacts["drugs"]["interactions"] == []


@pytest.mark.parametrize("text", ["", "   ", "water and coffee together?", "z" * 10_000, "🙂🙂🙂"])
def test_junk_input_gives_a_clear_reply(ask, text):
    result = ask(text)
    assert result.text
    assert result.tools == []


def test_follow_up_uses_the_previous_drugs(ask):
    first = ask("I take warfarin")
    second = ask("does aspirin interact?", memory=first.memory)
    pairs = {(i["a"], i["b"]) for i in second.artifacts["drugs"]["interactions"]}
    assert ("warfarin", "aspirin") in pairs


def test_misspelling_is_disclosed(ask):
    result = ask("can I take sertralin with tramadole?")
    assert "'sertralin' was read as sertraline" in result.text


def test_an_unknown_name_in_a_pair_is_reported_not_replaced_by_earlier_drugs(ask):
    first = ask("can I take sertraline with tramadol?")
    second = ask("does flurbozanimab interact with warfarin?", memory=first.memory)
    unchecked = {u["name"] for u in second.artifacts["drugs"]["unchecked"]}
    assert "flurbozanimab" in unchecked
    pairs = {(i["a"], i["b"]) for i in second.artifacts["drugs"]["interactions"]}
    assert not any("sertraline" in pair for pair in pairs)


def test_elliptic_follow_up_adds_to_the_previous_drugs(ask):
    first = ask("I take warfarin")
    second = ask("and with aspirin?", memory=first.memory)
    pairs = {(i["a"], i["b"]) for i in second.artifacts["drugs"]["interactions"]}
    assert ("warfarin", "aspirin") in pairs


def test_a_maximum_question_gets_the_maximum_first(ask):
    first_line = ask("max dose of paracetamol").text.splitlines()[0]
    assert first_line == "Maximum for acetaminophen (oral, adult): 1000 mg a dose, 4000 mg a day."
