"""Evaluate the interaction engine on knowledge/eval/interactions.yaml.

Metrics: recall on contraindicated/major cases (a serious pair reported as contraindicated or major), false-alarm
rate on safe pairs (a "none" case reported with any severity), and exact severity accuracy. Run
``python -m assistant.drugs.evaluate`` for a table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from assistant.drugs.interactions import check_interactions
from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.drugs.interaction_data import severity_rank
from knowledge.yaml_text import parse_yaml

EVAL_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "eval" / "interactions.yaml"
SERIOUS = {"contraindicated", "major"}


def load_cases(path: Path = EVAL_FILE) -> list[dict[str, Any]]:
    return list((parse_yaml(path.read_text(encoding="utf-8")) or {}).get("cases") or [])


def predict(catalogue: DrugCatalogue, a: str, b: str) -> str:
    """The worst severity reported for the pair, or 'unchecked' when the engine could not check it."""
    report = check_interactions(catalogue, [a, b])
    if report.unchecked or not report.interactions:
        return "unchecked"
    return min((f.severity for f in report.interactions), key=severity_rank)


def evaluate(catalogue: DrugCatalogue, cases: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    cases = load_cases() if cases is None else cases
    rows = []
    for case in cases:
        got = predict(catalogue, case["a"], case["b"])
        rows.append({**case, "got": got, "correct": got == case["expected"]})
    serious = [r for r in rows if r["expected"] in SERIOUS]
    safe = [r for r in rows if r["expected"] == "none"]
    return {
        "cases": len(rows),
        "serious_cases": len(serious),
        "safe_cases": len(safe),
        "serious_recall": sum(r["got"] in SERIOUS for r in serious) / len(serious) if serious else None,
        "false_alarm_rate": sum(r["got"] != "none" for r in safe) / len(safe) if safe else None,
        "exact_accuracy": sum(r["correct"] for r in rows) / len(rows) if rows else None,
        "unchecked": sum(r["got"] == "unchecked" for r in rows),
        "errors": [r for r in rows if not r["correct"]],
    }


def main() -> None:
    result = evaluate(DrugCatalogue.load())
    table = Table(title=f"Interaction engine evaluation ({EVAL_FILE.name}, {result['cases']} cases)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("aim", justify="right")
    table.add_row("recall, contraindicated/major", f"{result['serious_recall']:.1%} of {result['serious_cases']}", "100%")
    table.add_row("false alarms, safe pairs", f"{result['false_alarm_rate']:.1%} of {result['safe_cases']}", "0%")
    table.add_row("exact severity accuracy", f"{result['exact_accuracy']:.1%}", "")
    table.add_row("unchecked", str(result["unchecked"]), "0")
    console = Console()
    console.print(table)
    for row in result["errors"]:
        console.print(f"[red]mismatch[/red] {row['a']} + {row['b']}: expected {row['expected']}, got {row['got']}")


if __name__ == "__main__":
    main()
