"""Vignette evaluation: emergency recall must be 100% and exact accuracy at least 90%."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.settings import Settings
from assistant.triage.data_files import reference_cases
from assistant.triage.evaluate import evaluate, load_vignettes


def test_vignette_set_is_large_and_balanced():
    vignettes = load_vignettes()
    assert len(vignettes) >= 100
    levels = Counter(v["level"] for v in vignettes)
    assert set(levels) == {"emergency", "urgent", "routine", "self_care"}
    assert max(levels.values()) - min(levels.values()) <= 2
    assert {v["group"] for v in vignettes} == {"adult", "child", "pregnancy", "older_adult"}
    assert all(v.get("source") for v in vignettes)


def test_reference_cases_are_separate_from_vignettes():
    vignette_texts = {v["text"].strip().lower() for v in load_vignettes()}
    cases = reference_cases()
    assert len(cases) >= 80
    assert not vignette_texts & {c["text"].strip().lower() for c in cases}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return evaluate(Settings(data_dir=tmp_path_factory.mktemp("triage-eval")))


def test_emergency_recall_is_complete(report):
    missed = [e["text"] for e in report["errors"] if e["expected"] == "emergency"]
    assert report["overall"]["emergency_recall"] == 1.0, missed


def test_exact_accuracy_at_least_90_percent(report):
    assert report["overall"]["exact"] >= 0.9, [(e["expected"], e["predicted"], e["text"]) for e in report["errors"]]
