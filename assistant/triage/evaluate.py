"""Evaluate one-turn triage on the vignette set (knowledge/eval/triage_vignettes.yaml).

Reports exact accuracy, emergency recall, under-triage (a less urgent level than expected) and over-triage
rates, overall and per group, next to published anchors (Semigran 2015; Levine 2023).
Run: ``python -m assistant.triage.evaluate``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import yaml

from assistant.artifacts import LEVELS, level_rank
from assistant.settings import Settings

VIGNETTES = Path(__file__).resolve().parents[2] / "knowledge" / "eval" / "triage_vignettes.yaml"
ANCHORS = (
    ("Symptom checkers (Semigran et al. 2015)", 0.57),
    ("GPT-3 (Levine et al. 2023)", 0.71),
    ("Physicians (Levine et al. 2023)", 0.91),
)


def load_vignettes(path: Path = VIGNETTES) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["vignettes"]


def _rates(rows: list[dict[str, Any]]) -> dict[str, float]:
    n = len(rows) or 1
    emergencies = [r for r in rows if r["expected"] == "emergency"]
    return {
        "n": len(rows),
        "exact": sum(r["predicted"] == r["expected"] for r in rows) / n,
        "emergency_recall": (sum(r["predicted"] == "emergency" for r in emergencies) / len(emergencies)) if emergencies else 1.0,
        "under_triage": sum(level_rank(r["predicted"]) > level_rank(r["expected"]) for r in rows) / n,
        "over_triage": sum(level_rank(r["predicted"]) < level_rank(r["expected"]) for r in rows) / n,
    }


def evaluate(settings: Settings | None = None, vignettes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Run every vignette through triage_text (no citations: retrieval is not what is measured here)."""
    from assistant.triage.one_turn import triage_text

    settings = settings or Settings()
    vignettes = vignettes if vignettes is not None else load_vignettes()
    rows = []
    started = time.perf_counter()
    for vignette in vignettes:
        result = triage_text(vignette["text"], settings, with_citations=False)
        rows.append({
            "text": vignette["text"],
            "group": vignette.get("group", "adult"),
            "expected": vignette["level"],
            "predicted": result["level"],
            "red_flags": [f["id"] for f in result["red_flags"]],
        })
    report: dict[str, Any] = {"overall": _rates(rows)}
    report["by_group"] = {g: _rates([r for r in rows if r["group"] == g]) for g in sorted({r["group"] for r in rows})}
    report["confusion"] = {e: {p: sum(r["expected"] == e and r["predicted"] == p for r in rows) for p in (*LEVELS, None)} for e in LEVELS}
    report["errors"] = [r for r in rows if r["predicted"] != r["expected"]]
    report["seconds"] = round(time.perf_counter() - started, 2)
    report["anchors"] = {name: value for name, value in ANCHORS}
    return report


def print_report(report: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="Triage vignettes (one-turn)")
    for column in ("set", "n", "exact", "emergency recall", "under-triage", "over-triage"):
        table.add_column(column, justify="right" if column != "set" else "left")
    for name, rates in [("all", report["overall"]), *report["by_group"].items()]:
        table.add_row(name, str(rates["n"]), f"{rates['exact']:.1%}", f"{rates['emergency_recall']:.1%}",
                      f"{rates['under_triage']:.1%}", f"{rates['over_triage']:.1%}")
    console.print(table)
    anchors = Table(title="Published anchors (exact accuracy, different vignette sets)")
    anchors.add_column("system")
    anchors.add_column("exact", justify="right")
    for name, value in report["anchors"].items():
        anchors.add_row(name, f"{value:.0%}")
    console.print(anchors)
    for row in report["errors"]:
        console.print(f"[yellow]expected {row['expected']}, got {row['predicted']}[/]: {row['text']}")
    console.print(f"{report['overall']['n']} vignettes in {report['seconds']} s")


def main() -> None:
    print_report(evaluate())


if __name__ == "__main__":
    main()
