"""Retrieval quality on the eval set: hybrid doc-level recall@5 must reach 0.95 (full starter corpus)."""

from __future__ import annotations

import pytest

from assistant.guidelines.evaluate import EvalItem, evaluate, load_eval_items
from knowledge.corpus import load_starter_corpus

ITEMS = load_eval_items()
MIN_ITEMS = 80


def test_metrics_on_a_tiny_set(small_guideline_index):
    index = small_guideline_index
    items = [EvalItem("mammography every two years", "uspstf-breast-cancer-screening-2024", "Key recommendations"),
             EvalItem("zzzz qqqq", "no-such-doc", None)]
    report = evaluate(index, items, k=5)
    for mode in ("bm25", "dense", "hybrid"):
        assert report["modes"][mode]["doc_recall"] == 0.5
        assert 0 < report["modes"][mode]["doc_mrr"] <= 0.5
    assert report["misses"]["hybrid"][0]["expected"] == "no-such-doc"


@pytest.mark.skipif(len(ITEMS) < MIN_ITEMS, reason=f"eval set incomplete: {len(ITEMS)} of {MIN_ITEMS} items in "
                    "knowledge/eval/retrieval_*.yaml")
def test_hybrid_recall_at_5(guideline_index):
    """On the run-wide starter-corpus index (tests/fixtures/guidelines.py), embedded once per run."""
    report = evaluate(guideline_index, ITEMS, k=5)
    hybrid = report["modes"]["hybrid"]
    assert hybrid["doc_recall"] >= 0.95, report["misses"]["hybrid"]


def test_eval_items_point_at_real_documents_and_sections():
    docs = {d.id: d for d in load_starter_corpus()}
    for item in ITEMS:
        assert item.doc_id in docs, item
        if item.section:
            assert docs[item.doc_id].section(item.section) is not None, item
