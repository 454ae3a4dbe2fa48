"""The graph's shape and the check node's guarantees."""

from graphs import build_graph
from graphs.nodes.check import _merge_flags, _resolve_markers


def test_graph_has_the_designed_path():
    graph = build_graph().compile()
    nodes = set(graph.get_graph().nodes)
    assert {"guard", "route", "triage", "tutor", "document", "drug_info", "answer", "compose", "check"} <= nodes


def _flag(flag_id, level):
    return {"id": flag_id, "label": flag_id, "level": level, "rule": "r", "source": "s", "evidence": "e"}


def test_red_flags_raise_but_never_lower_the_level():
    raised = _merge_flags({"level": "self_care", "red_flags": []}, [_flag("chest", "emergency")])
    assert raised["level"] == "emergency"
    kept = _merge_flags({"level": "emergency", "red_flags": []}, [_flag("fever", "urgent")])
    assert kept["level"] == "emergency"
    assert [f["id"] for f in kept["red_flags"]] == ["fever"]


def test_citation_markers_without_a_source_are_removed():
    notices = []
    text = _resolve_markers("Screen at 45 [1]. Made-up claim [3].", [{"doc_id": "x"}], notices)
    assert text == "Screen at 45 [1]. Made-up claim ."
    assert notices
