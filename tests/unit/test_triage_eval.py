"""Vignette evaluation: emergency recall must be 100% and exact accuracy at least 90%.

One-turn triage (``triage_text``, vote included) over the own vignettes (knowledge/eval/triage_vignettes.yaml),
scored by assistant.evaluation.triage. The knowledge has the real embedding model (paraphrases, nearest cases).
"""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from assistant.evaluation.triage import EVAL_DIR, evaluate, own_vignettes
from assistant.triage.one_turn import triage_text
from knowledge import triage as triage_data


def test_vignette_set_is_large_and_balanced():
    vignettes = own_vignettes()
    assert len(vignettes) >= 100
    levels = Counter(v["level"] for v in vignettes)
    assert set(levels) == {"emergency", "urgent", "routine", "self_care"}
    assert max(levels.values()) - min(levels.values()) <= 2
    assert {v["population"] for v in vignettes} == {"adult", "child", "pregnancy", "older_adult"}
    raw = yaml.safe_load((EVAL_DIR / "triage_vignettes.yaml").read_text(encoding="utf-8"))["vignettes"]
    assert all(v.get("source") for v in raw)


def test_reference_cases_are_separate_from_vignettes():
    vignette_texts = {v["text"].strip().lower() for v in own_vignettes()}
    cases = triage_data.load("reference_cases")["cases"]
    assert len(cases) >= 80
    assert not vignette_texts & {c["text"].strip().lower() for c in cases}


@pytest.fixture(scope="module")
def report(embedded_knowledge):
    rows_text = {v["id"]: v["text"] for v in own_vignettes()}
    result = evaluate(own_vignettes(), lambda text: triage_text(text, embedded_knowledge))
    for row in result["rows"]:
        row["text"] = rows_text[row["id"]]
    return result


def test_emergency_recall_is_complete(report):
    missed = [r["text"] for r in report["rows"] if r["expected"] == "emergency" and r["predicted"] != "emergency"]
    assert report["emergency_recall"]["value"] == 1.0, missed


def test_exact_accuracy_at_least_90_percent(report):
    errors = [(r["expected"], r["predicted"], r["text"]) for r in report["rows"] if r["predicted"] != r["expected"]]
    assert report["exact"]["value"] >= 0.9, errors
