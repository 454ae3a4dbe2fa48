"""The graph's shape and the check node's guarantees."""

from graphs import build_graph
from graphs.nodes.check import raise_triage, resolve_markers
from graphs.state import NewTurn, merge_flags, merge_memory, turn_list


def test_graph_has_the_designed_path():
    graph = build_graph().compile()
    nodes = set(graph.get_graph().nodes)
    assert {"guard", "route", "triage", "tutor", "document", "drug_info", "answer", "compose", "check"} <= nodes


def _flag(flag_id, level):
    return {"id": flag_id, "label": flag_id, "level": level, "rule": "r", "source": "s", "evidence": "e"}


def test_red_flags_raise_but_never_lower_the_level():
    raised = raise_triage({"level": "self_care", "red_flags": []}, [_flag("chest", "emergency")])
    assert raised["level"] == "emergency"
    kept = raise_triage({"level": "emergency", "red_flags": []}, [_flag("fever", "urgent")])
    assert kept["level"] == "emergency"
    assert [f["id"] for f in kept["red_flags"]] == ["fever"]


def test_a_flag_alone_makes_a_triage_record_with_a_level_and_its_reason():
    record = raise_triage(None, [_flag("chest", "emergency")])
    assert record["level"] == "emergency" and record["provisional"] and "chest" in record["rationale"]


def test_citation_markers_without_a_source_are_removed():
    text, notices = resolve_markers("Screen at 45 [1]. Made-up claim [3].", [{"doc_id": "x"}])
    assert text == "Screen at 45 [1]. Made-up claim ."
    assert notices


def test_turn_lists_restart_each_turn_and_append_within_it():
    assert turn_list(["old"], NewTurn(["first"])) == ["first"]
    assert turn_list(["first"], ["second"]) == ["first", "second"]


def test_a_flag_keeps_the_turn_that_first_raised_it():
    first = merge_flags({}, {"chest": {**_flag("chest", "emergency"), "turn": 1}})
    later = merge_flags(first, {"chest": {**_flag("chest", "emergency"), "turn": 4, "evidence": "again"}})
    assert later["chest"]["turn"] == 1 and later["chest"]["evidence"] == "again"


def test_engine_memory_merges_by_engine():
    assert merge_memory({"tutor": {"a": 1}, "triage": {"b": 2}}, {"tutor": {"a": 3}}) == {"tutor": {"a": 3}, "triage": {"b": 2}}
