"""Model-assisted understanding merges under the deterministic floor: it can add, never remove or lower."""

from assistant.knowledge import Knowledge
from assistant.llm.understanding import ModelParse, merge_under_floor, model_parse, read_answer
from assistant.understanding.findings import Findings, Mention
from tests.fixtures.llm import ScriptedChatModel

CONCEPTS = {"chest_pain": "chest pain", "sweating": "sweating", "fever": "fever"}


def _findings():
    return Findings(text="chest pain, no fever", mentions=(
        Mention("chest_pain", "chest pain", 0, 10), Mention("fever", "fever", 15, 20, assertion="absent")))


def test_the_model_can_add_a_present_finding():
    merged = merge_under_floor(_findings(), ModelParse(("sweating",), None))
    added = [m for m in merged.mentions if m.concept == "sweating"]
    assert added and added[0].assertion == "present" and added[0].source == "model"


def test_the_model_cannot_remove_or_reassert_what_the_parse_found():
    merged = merge_under_floor(_findings(), ModelParse(("fever",), None))  # the lexicon read "no fever"
    assert merged.mentions == _findings().mentions
    assert merge_under_floor(_findings(), None) is not None and merge_under_floor(_findings(), None).mentions


def test_answers_outside_the_schema_are_dropped_whole():
    assert read_answer("not json", set(CONCEPTS)) is None
    assert read_answer('{"present": "chest_pain"}', set(CONCEPTS)) is None
    parsed = read_answer('{"present": ["sweating", "made_up"], "level": "nope"}', set(CONCEPTS))
    assert parsed == ModelParse(("sweating",), None)


def test_model_parse_reads_the_structured_answer_and_survives_a_failure():
    parsed = model_parse(ScriptedChatModel.of('{"present": ["sweating"], "level": "urgent"}'), "sweaty", CONCEPTS)
    assert parsed == ModelParse(("sweating",), "urgent")
    assert model_parse(ScriptedChatModel.of({"error": "down"}), "sweaty", CONCEPTS) is None


def _knowledge(settings, model_spec, *answers):
    return Knowledge(settings.with_overrides(model=model_spec), language_model=ScriptedChatModel.of(*answers))


def test_with_understand_on_the_turn_parse_carries_the_model_s_extra_finding(settings):
    knowledge = _knowledge(settings, "smollm2?understand=on", '{"present": ["sweating"], "level": "urgent"}')
    findings = knowledge.parse("my chest is tight, no fever")
    by_concept = {m.concept: m for m in findings.mentions}
    assert by_concept["sweating"].source == "model"
    assert by_concept["fever"].assertion == "absent"  # the lexicon's denial stands


def test_understanding_is_off_unless_asked_and_a_failing_model_leaves_the_lexicon_parse(settings):
    quiet = _knowledge(settings, "smollm2", '{"present": ["sweating"], "level": "urgent"}')
    assert all(m.source != "model" for m in quiet.parse("my chest is tight").mentions)
    broken = _knowledge(settings, "smollm2?understand=on", {"error": "server down"})
    baseline = Knowledge(settings).parse("my chest is tight")
    assert broken.parse("my chest is tight").mentions == baseline.mentions
