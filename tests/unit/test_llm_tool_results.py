"""A tool result the model reads is whole JSON within its limit, best-ranked items first, bookkeeping left out."""

import json

from assistant.llm.tool_results import for_model

RESULT = {"query": "anaphylaxis", "results": [
    {"marker": f"[{rank}]", "title": f"Passage {rank}", "snippet": "adrenaline intramuscularly " * 40,
     "url": "https://example.org", "score": 0.9 - rank / 10, "doc_id": f"doc-{rank}"} for rank in range(1, 9)]}


def test_a_large_result_stays_valid_json_within_the_limit_and_keeps_the_best_passages():
    text = for_model(RESULT, 3000)
    data = json.loads(text)
    assert len(text) <= 3000
    assert [r["marker"] for r in data["results"]] == [f"[{rank}]" for rank in range(1, len(data["results"]) + 1)]
    assert not {"url", "score", "doc_id"} & set(data["results"][0])


def test_a_tiny_limit_shortens_strings_rather_than_breaking_the_json():
    data = json.loads(for_model(RESULT, 300))
    assert data["results"][0]["snippet"].endswith(" ...")


def test_a_small_result_is_passed_whole():
    small = {"drug": "warfarin", "interactions": [{"a": "warfarin", "b": "ibuprofen", "severity": "major"}]}
    assert json.loads(for_model(small, 3000)) == small
