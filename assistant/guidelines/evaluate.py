"""Retrieval evaluation: recall@k and MRR, at document and section level, for BM25, dense and hybrid.

The questions live in ``knowledge/eval/retrieval_*.yaml`` as items ``{question, doc_id, section}``. Run with
``python -m assistant.guidelines.evaluate [--data-dir DIR] [--json]`` to print a table; ``evaluate()`` returns the
numbers as a dict so tests can assert on them.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

import knowledge
from assistant.guidelines.search import open_index
from assistant.settings import load_settings
from knowledge.retrieval.library import GuidelineIndex
from knowledge.yaml_text import parse_yaml

EVAL_DIR = Path(knowledge.__file__).parent / "eval"
MODES = ("bm25", "dense", "hybrid")


@dataclass
class EvalItem:
    question: str
    doc_id: str
    section: str | None = None


def load_eval_items(folder: Path | None = None) -> list[EvalItem]:
    """All items from ``retrieval_*.yaml`` (a list, or a mapping with an ``items`` list); bad entries skipped."""
    items: list[EvalItem] = []
    for path in sorted((folder or EVAL_DIR).glob("retrieval_*.yaml")):
        data = parse_yaml(path.read_text(encoding="utf-8")) or []
        entries = data.get("items", []) if isinstance(data, dict) else data
        for entry in entries:
            if isinstance(entry, dict) and entry.get("question") and entry.get("doc_id"):
                items.append(EvalItem(str(entry["question"]), str(entry["doc_id"]), entry.get("section")))
    return items


def _rank(hits: list[Any], item: EvalItem, by_section: bool) -> int | None:
    for rank, hit in enumerate(hits, 1):
        if hit.chunk.doc_id != item.doc_id:
            continue
        if not by_section or (item.section and hit.chunk.section.lower() == str(item.section).strip().lower()):
            return rank
    return None


def evaluate(index: GuidelineIndex, items: list[EvalItem], k: int = 5) -> dict[str, Any]:
    """Metrics per mode: doc/section recall@k and MRR@k, plus the questions each mode missed (doc level)."""
    report: dict[str, Any] = {"items": len(items), "k": k, "modes": {}, "misses": {}}
    for mode in MODES:
        doc_ranks, section_ranks, misses = [], [], []
        for item in items:
            hits = index.search(item.question, k, mode=mode)
            doc_rank, section_rank = _rank(hits, item, False), _rank(hits, item, True)
            doc_ranks.append(doc_rank)
            section_ranks.append(section_rank)
            if doc_rank is None:
                misses.append({"question": item.question, "expected": item.doc_id,
                               "got": [h.chunk.doc_id for h in hits[:3]]})
        n = max(len(items), 1)
        report["modes"][mode] = {
            "doc_recall": sum(r is not None for r in doc_ranks) / n,
            "doc_mrr": sum(1 / r for r in doc_ranks if r) / n,
            "section_recall": sum(r is not None for r in section_ranks) / n,
            "section_mrr": sum(1 / r for r in section_ranks if r) / n,
        }
        report["misses"][mode] = misses
    return report


def print_table(report: dict[str, Any]) -> None:
    k = report["k"]
    table = Table(title=f"Guideline retrieval on {report['items']} questions (k={k})")
    for column in ("retriever", f"doc recall@{k}", "doc MRR", f"section recall@{k}", "section MRR"):
        table.add_column(column, justify="right" if column != "retriever" else "left")
    for mode, m in report["modes"].items():
        table.add_row(mode, f"{m['doc_recall']:.3f}", f"{m['doc_mrr']:.3f}", f"{m['section_recall']:.3f}",
                      f"{m['section_mrr']:.3f}")
    console = Console()
    console.print(table)
    for miss in report["misses"].get("hybrid", []):
        console.print(f"[yellow]hybrid miss[/]: {miss['question']} -> expected {miss['expected']}, got {miss['got']}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    items = load_eval_items()
    if not items:
        raise SystemExit(f"No evaluation items found in {EVAL_DIR}/retrieval_*.yaml")
    report = evaluate(open_index(load_settings(data_dir=args.data_dir)), items, args.k)
    print(json.dumps(report, indent=2)) if args.json else print_table(report)
    return report


if __name__ == "__main__":
    main()
