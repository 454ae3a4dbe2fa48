"""Score the one parse per turn against annotated utterances: concepts (precision, recall, F1), assertion and
experiencer of the concepts found, vitals with units, demographics, and the other-language emergency core."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

from assistant.evaluation.stats import proportion
from assistant.understanding.findings import Findings
from knowledge.yaml_text import parse_yaml

Reader = Callable[[str, str | None], Findings]  # (message, the question it answers or None) -> Findings
VITAL_TOLERANCE = {"temperature": 0.15, "glucose": 0.15, "inr": 0.05}
EVAL_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "eval"
_BRIEF_CONCEPT = re.compile(r"^- `([a-z_]+)` \((?:symptom|sign|event|condition|diagnosis)[^)]*\):", re.M)


def _yaml_items(paths: list[Path]) -> list[dict]:
    items: list[dict] = []
    for path in paths:
        items += parse_yaml(path.read_text(encoding="utf-8")) or []
    return items


def own_items() -> list[dict]:
    return _yaml_items([EVAL_DIR / "understanding_own.yaml"])


def blind_items() -> list[dict]:
    return _yaml_items(sorted((EVAL_DIR / "blind" / "understanding").glob("set_*.yaml")))


def scored_concepts() -> set[str]:
    """The concept ids the blind writers were given (concepts added to the inventory later are not scored)."""
    brief = (EVAL_DIR / "blind" / "understanding" / "BRIEF.md").read_text(encoding="utf-8")
    return set(_BRIEF_CONCEPT.findall(brief))


def own_language_items() -> list[dict]:
    return _yaml_items([EVAL_DIR / "multilingual_own.yaml"])


def blind_language_items() -> list[dict]:
    return _yaml_items(sorted((EVAL_DIR / "blind" / "multilingual").glob("set_*.yaml")))


def _vital_matches(gold: dict, predicted) -> bool:
    kind = gold.get("kind")
    if predicted.kind != kind:
        return False
    written = predicted.written_value
    value = gold.get("value")
    if kind == "blood_pressure":
        return str(value).replace(" ", "") == f"{int(predicted.value)}/{int(predicted.diastolic)}" if predicted.diastolic else False
    if kind == "avpu":
        return str(value).strip().upper()[:1] == str(predicted.value).upper()[:1]
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    tolerance = VITAL_TOLERANCE.get(kind, 0.5)
    if not isinstance(written, (int, float)) or abs(float(written) - number) > tolerance:
        return False
    unit = str(gold.get("unit") or "").lower().replace("°", "")
    if kind == "temperature":
        return unit[:1] == str(predicted.written_unit or "").lower()[:1]
    if kind == "glucose":
        return unit.startswith("mg") == str(predicted.written_unit or "").lower().startswith("mg")
    return True


def evaluate(items: list[dict], read: Reader, concept_ids: set[str]) -> dict:
    """Report for a list of annotated utterances (the blind set's format)."""
    tp = fp = fn = 0
    assertion_ok = assertion_n = experiencer_ok = experiencer_n = 0
    negation_ok = negation_n = 0
    vitals_ok = vitals_n = vitals_extra = 0
    age_ok = age_n = 0
    per_concept: dict[str, Counter] = defaultdict(Counter)
    per_style: dict[str, Counter] = defaultdict(Counter)
    errors: list[dict] = []
    for item in items:
        findings = read(str(item["text"]), item.get("context_question"))
        predicted = {m.concept: m for m in findings.mentions if m.concept in concept_ids}
        gold = {c["concept"]: c for c in item.get("concepts") or [] if c.get("concept") in concept_ids}
        style = item.get("style", "?")
        hit = set(predicted) & set(gold)
        tp += len(hit)
        fp += len(set(predicted) - set(gold))
        fn += len(set(gold) - set(predicted))
        per_style[style].update(tp=len(hit), fp=len(set(predicted) - set(gold)), fn=len(set(gold) - set(predicted)))
        for concept in set(gold) | set(predicted):
            per_concept[concept].update(tp=concept in hit, fp=concept in predicted and concept not in gold,
                                        fn=concept in gold and concept not in predicted)
        for concept in hit:
            assertion_n += 1
            same = predicted[concept].assertion == gold[concept].get("assertion")
            assertion_ok += same
            if gold[concept].get("assertion") == "absent" or predicted[concept].assertion == "absent":
                negation_n += 1
                negation_ok += (predicted[concept].assertion == "absent") == (gold[concept].get("assertion") == "absent")
            experiencer_n += 1
            experiencer_ok += predicted[concept].experiencer == gold[concept].get("experiencer")
        missing = [c for c in gold if c not in predicted]
        extra = [c for c in predicted if c not in gold]
        wrong = [c for c in hit if predicted[c].assertion != gold[c].get("assertion")
                 or predicted[c].experiencer != gold[c].get("experiencer")]
        used = set()
        for vital in item.get("vitals") or []:
            vitals_n += 1
            match = next((i for i, v in enumerate(findings.vitals) if i not in used and _vital_matches(vital, v)), None)
            if match is not None:
                used.add(match)
                vitals_ok += 1
            else:
                wrong.append(f"vital:{vital.get('kind')}")
        gold_kinds = {v.get("kind") for v in item.get("vitals") or []}
        vitals_extra += sum(1 for i, v in enumerate(findings.vitals) if i not in used and v.kind not in gold_kinds
                            and v.kind in {"temperature", "heart_rate", "resp_rate", "spo2", "blood_pressure", "gcs",
                                           "avpu", "glucose", "inr", "pain_score"})
        age = (item.get("demographics") or {}).get("age_years")
        if age is not None:
            age_n += 1
            got = findings.demographics.age_years
            ok = got is not None and abs(got - float(age)) <= max(0.03, 0.1 * float(age))
            age_ok += ok
            if not ok:
                wrong.append("age")
        if missing or extra or wrong:
            errors.append({"id": item.get("id"), "missing": missing, "extra": extra, "wrong": wrong})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "items": len(items),
        "concepts": {"precision": proportion(tp, tp + fp), "recall": proportion(tp, tp + fn), "f1": f1,
                     "tp": tp, "fp": fp, "fn": fn},
        "assertion": proportion(assertion_ok, assertion_n),
        "negation": proportion(negation_ok, negation_n),
        "experiencer": proportion(experiencer_ok, experiencer_n),
        "vitals": proportion(vitals_ok, vitals_n),
        "vitals_extra": vitals_extra,
        "age": proportion(age_ok, age_n),
        "by_style": {s: _f1(c) for s, c in sorted(per_style.items())},
        "worst_concepts": sorted(((c, dict(v)) for c, v in per_concept.items()),
                                 key=lambda kv: -(kv[1].get("fn", 0) + kv[1].get("fp", 0)))[:15],
        "errors": errors,
    }


def _f1(counts: Counter) -> dict:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "n": tp + fn}


Detect = Callable[[str], tuple[set[str], str]]  # message -> (emergencies raised, language identified)


def evaluate_languages(items: list[dict], detect: Detect) -> dict:
    """Emergency recall per language and category (an emergency raised by the safety screen, whichever rule raised
    it), false alarms on the non-emergency messages, and how often the language was identified."""
    by_language: dict[str, Counter] = defaultdict(Counter)
    by_category: dict[str, Counter] = defaultdict(Counter)
    misses: list[dict] = []
    for item in items:
        found, language_found = detect(str(item["text"]))
        gold = set(item.get("emergency") or [])
        language = item.get("language", "?")
        if gold:
            by_language[language]["emergency_n"] += 1
            by_language[language]["emergency_any"] += bool(found)
            for category in gold:
                by_category[category]["n"] += 1
                by_category[category]["hit"] += bool(found)
            if not found:
                misses.append({"id": item.get("id"), "language": language, "gold": sorted(gold)})
        else:
            by_language[language]["calm_n"] += 1
            by_language[language]["false_alarm"] += bool(found)
            if found:
                misses.append({"id": item.get("id"), "language": language, "false_alarm": sorted(found)})
        by_language[language]["language_ok"] += language_found == language
        by_language[language]["n"] += 1
    return {
        "items": len(items),
        "by_language": {lang: {"emergency_recall": proportion(c["emergency_any"], c["emergency_n"]),
                               "false_alarms": proportion(c["false_alarm"], c["calm_n"]),
                               "language_identified": proportion(c["language_ok"], c["n"])}
                        for lang, c in sorted(by_language.items())},
        "by_category": {cat: proportion(c["hit"], c["n"]) for cat, c in sorted(by_category.items())},
        "emergency_recall": proportion(sum(c["emergency_any"] for c in by_language.values()),
                                       sum(c["emergency_n"] for c in by_language.values())),
        "misses": misses,
    }
