"""Fact-extraction evaluation on the written transcripts (knowledge/eval/transcripts/*.yaml).

Prints recall and precision per fact type and negation accuracy (for gold symptoms the engine found, the share
put on the right side: present vs denied). Run: ``python -m assistant.notes.evaluate``.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from assistant.notes.extract import extract_facts
from assistant.notes.transcript import parse_transcript

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "knowledge" / "eval" / "transcripts"
CATEGORIES = ("symptoms_present", "symptoms_absent", "vitals", "medications", "allergies", "plan")
AIMS = {"recall": 0.85, "negation_accuracy": 0.9}


def load_transcripts(folder: Path = TRANSCRIPTS) -> list[dict[str, Any]]:
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        case.setdefault("id", path.stem)
        cases.append(case)
    return cases


def _generic(name: str) -> str:
    from knowledge.drugs.names import resolve

    found = resolve(name)
    return (found.generic or name).lower()


def _same_substance(gold: str, predicted: str) -> bool:
    gold, predicted = gold.lower(), predicted.lower()
    return gold == predicted or gold.rstrip("s") == predicted.rstrip("s") or _generic(gold) == predicted


def score_case(case: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Per category: tp, gold, predicted; plus negation: correct, judged."""
    facts = extract_facts(parse_transcript(case["transcript"]))
    gold = case.get("gold") or {}
    out: dict[str, dict[str, int]] = {}
    for key in ("symptoms_present", "symptoms_absent"):
        want, got = set(gold.get(key) or []), {s["id"] for s in facts[key]}
        out[key] = {"tp": len(want & got), "gold": len(want), "predicted": len(got)}
    want_v, got_v = gold.get("vitals") or {}, {k: v for k, v in facts["vitals"].items() if k != "on_oxygen"}
    out["vitals"] = {"tp": sum(1 for k, v in want_v.items() if k in got_v and abs(float(got_v[k]) - float(v)) <= 0.05),
                     "gold": len(want_v), "predicted": len(got_v)}
    want_m = {_generic(m) for m in gold.get("medications") or []}
    got_m = {m["name"].lower() for m in facts["medications"]}
    out["medications"] = {"tp": len(want_m & got_m), "gold": len(want_m), "predicted": len(got_m)}
    want_a, got_a = list(gold.get("allergies") or []), [a["substance"] for a in facts["allergies"]]
    out["allergies"] = {"tp": sum(1 for g in want_a if any(_same_substance(g, p) for p in got_a)),
                        "gold": len(want_a), "predicted": len(got_a)}
    plan_texts = [p["text"].lower() for p in facts["plan_items"]]
    keywords = [k.lower() for k in gold.get("plan") or []]
    out["plan"] = {"tp": sum(1 for k in keywords if any(k in t for t in plan_texts)), "gold": len(keywords),
                   "predicted": len(plan_texts),
                   "predicted_tp": sum(1 for t in plan_texts if any(k in t for k in keywords))}
    present, absent = {s["id"] for s in facts["symptoms_present"]}, {s["id"] for s in facts["symptoms_absent"]}
    judged = correct = 0
    for concept in gold.get("symptoms_present") or []:
        if concept in present | absent:
            judged += 1
            correct += concept in present
    for concept in gold.get("symptoms_absent") or []:
        if concept in present | absent:
            judged += 1
            correct += concept in absent
    out["negation"] = {"correct": correct, "judged": judged}
    return out


def evaluate(cases: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    cases = load_transcripts() if cases is None else cases
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_case = {}
    for case in cases:
        scored = score_case(case)
        per_case[case["id"]] = scored
        for key, counts in scored.items():
            for name, value in counts.items():
                totals[key][name] += value
    table = {}
    for key in CATEGORIES:
        t = totals[key]
        hits = t.get("predicted_tp", t["tp"])
        table[key] = {"recall": t["tp"] / t["gold"] if t["gold"] else 1.0,
                      "precision": hits / t["predicted"] if t["predicted"] else 1.0,
                      "gold": t["gold"], "predicted": t["predicted"]}
    tp = sum(totals[k]["tp"] for k in CATEGORIES)
    gold = sum(totals[k]["gold"] for k in CATEGORIES)
    hits = sum(totals[k].get("predicted_tp", totals[k]["tp"]) for k in CATEGORIES)
    predicted = sum(totals[k]["predicted"] for k in CATEGORIES)
    negation = totals["negation"]
    return {
        "cases": len(cases),
        "categories": table,
        "recall": tp / gold if gold else 1.0,
        "precision": hits / predicted if predicted else 1.0,
        "negation_accuracy": negation["correct"] / negation["judged"] if negation["judged"] else 1.0,
        "per_case": per_case,
    }


def print_table(result: dict[str, Any]) -> None:
    print(f"Note fact extraction on {result['cases']} transcripts")
    print(f"{'fact type':<18}{'recall':>8}{'precision':>11}{'gold':>6}{'found':>7}")
    for key, row in result["categories"].items():
        print(f"{key:<18}{row['recall']:>8.2f}{row['precision']:>11.2f}{row['gold']:>6}{row['predicted']:>7}")
    print(f"{'overall':<18}{result['recall']:>8.2f}{result['precision']:>11.2f}")
    print(f"negation accuracy {result['negation_accuracy']:.2f}  "
          f"(aims: recall >= {AIMS['recall']}, negation accuracy >= {AIMS['negation_accuracy']})")


def main() -> None:
    cases = load_transcripts()
    print_table(evaluate(cases))
    held_out = [case for case in cases if case.get("split") == "held_out"]
    if held_out:
        print("\nHeld-out subset (written after the lexicon was tuned on the others):")
        print_table(evaluate(held_out))


if __name__ == "__main__":
    main()
