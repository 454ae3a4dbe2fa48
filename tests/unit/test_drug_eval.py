"""The interaction evaluation set meets its aims (assistant/drugs/evaluate.py)."""

from collections import Counter

from assistant.drugs.evaluate import evaluate, load_cases


def test_eval_set_is_broad():
    cases = load_cases()
    assert len(cases) >= 100
    severities = Counter(c["expected"] for c in cases)
    assert all(severities[s] >= 5 for s in ("contraindicated", "major", "moderate", "minor", "none"))
    kinds = Counter(c["kind"] for c in cases)
    assert kinds["brand"] >= 5 and kinds["misspelling"] >= 3 and kinds["safe"] >= 20


def test_eval_aims_are_met(drug_catalogue):
    result = evaluate(drug_catalogue)
    assert result["serious_recall"] == 1.0, result["errors"]
    assert result["false_alarm_rate"] == 0.0, result["errors"]
    assert result["unchecked"] == 0


def test_evaluate_counts_a_miss(drug_catalogue):
    result = evaluate(drug_catalogue, [{"a": "warfarin", "b": "ibuprofen", "expected": "none", "kind": "safe"},
                       {"a": "amlodipine", "b": "lisinopril", "expected": "major", "kind": "pair"}])
    assert result["false_alarm_rate"] == 1.0
    assert result["serious_recall"] == 0.0
    assert len(result["errors"]) == 2
