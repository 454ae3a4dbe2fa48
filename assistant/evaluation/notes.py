"""Score SOAP notes against annotated consultations, and the floor of simply pasting the transcript as the note.

An item is ``{id, setting, transcript, gold: {symptoms_present, symptoms_absent, other_person: [{concept, who}],
history, vitals: [{kind, value, unit}], medicines: [{name, dose, route, frequency, status}], allergies: [{substance,
reaction}], exam_findings, impression, plan}}`` (concept ids from knowledge/language/concepts.yaml; the last three
are short phrases). ``read(transcript)`` returns a note artifact; its ``facts`` are scored.

Figures (each with n and a 95% Wilson interval): fact recall and precision overall and per fact type; negation
accuracy (a symptom the gold says is absent must not be stated present, and the reverse); medicine dose, frequency,
route and status accuracy; allergy reaction accuracy; and findings attributed to the wrong person (a concept the
gold gives to someone else stated as the patient's). Whether one fact matches another: ``note_matching``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

from assistant.evaluation.note_matching import (MedicineNames, dose_matches, frequency_key, pair_up, phrase_matches,
                                                route_key, vital_matches)
from assistant.evaluation.sets import written_sets
from assistant.evaluation.stats import fmt, proportion
from assistant.understanding.findings import Findings
from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.yaml_text import parse_yaml

Reader = Callable[[str], dict[str, Any]]
OWN_SET = Path(__file__).resolve().parents[2] / "knowledge" / "eval" / "transcripts"
CONCEPT_TYPES = ("symptoms_present", "symptoms_absent", "history", "other_person")
FACT_TYPES = CONCEPT_TYPES + ("vitals", "medicines", "allergies", "exam_findings", "impression", "plan")
PHRASE_TYPES = ("exam_findings", "impression", "plan")
_REACTIONS = {"urticaria": "hives", "hive": "hives", "anaphylactic": "anaphylaxis", "wheezing": "wheeze",
              "wheezy": "wheeze", "rashes": "rash"}


# -- loading ------------------------------------------------------------------------------------------------------
def load_items(folder: Path = OWN_SET) -> list[dict[str, Any]]:
    """The annotated consultations of a folder of YAML files (the project's own set by default)."""
    items = []
    for path in sorted(folder.glob("*.yaml")):
        item = parse_yaml(path.read_text(encoding="utf-8"))
        item.setdefault("id", path.stem)
        items.append(item)
    return items


def blind_items() -> list[dict[str, Any]]:
    """The frozen blind consultations (knowledge/eval/blind/notes)."""
    return written_sets("blind", "notes")


def dev_items() -> list[dict[str, Any]]:
    """Written blind like the blind set, then studied while fixing mechanisms (knowledge/eval/dev/notes)."""
    return written_sets("dev", "notes")


# -- scoring ------------------------------------------------------------------------------------------------------
def _concepts(facts: dict[str, Any], key: str) -> list[str]:
    return list(dict.fromkeys(str(f.get("concept")) for f in facts.get(key) or [] if f.get("concept")))


def _texts(facts: dict[str, Any], key: str) -> list[str]:
    return [str(f.get("text") or "") for f in facts.get(key) or [] if f.get("text")]


def score_item(item: dict[str, Any], note: dict[str, Any], names: MedicineNames,
               concepts_of: Callable[[str], set[str]] | None = None) -> dict[str, Any]:
    """Counts for one item: per fact type (gold, recalled, noted, correct) and the accuracy tallies.

    ``concepts_of`` reads the concepts a gold impression names: a concept the gold also gives the patient there
    ("acute inferior myocardial infarction" when the brother had a heart attack too) is not a wrong-person fact."""
    facts = note.get("facts") or {}
    gold = item.get("gold") or {}
    counts: dict[str, dict[str, int]] = {}
    misses: dict[str, list[Any]] = {}

    def tally(kind: str, gold_items: list[Any], noted: list[Any], same: Callable[[Any, Any], bool], *,
              one_to_one: bool = True) -> list[tuple[int, int]]:
        """One-to-one for facts; a statement may hold several gold phrases ("ECG and troponin now")."""
        if one_to_one:
            pairs = pair_up(gold_items, noted, same)
        else:
            pairs = [(g, next(n for n, x in enumerate(noted) if same(item, x)))
                     for g, item in enumerate(gold_items) if any(same(item, x) for x in noted)]
        correct = sum(1 for n in noted if any(same(g, n) for g in gold_items))
        counts[kind] = {"gold": len(gold_items), "recalled": len(pairs), "noted": len(noted), "correct": correct}
        matched = {g for g, _ in pairs}
        misses[kind] = [g for i, g in enumerate(gold_items) if i not in matched]
        return pairs

    present, absent = _concepts(facts, "symptoms_present"), _concepts(facts, "symptoms_absent")
    history, family = _concepts(facts, "history"), _concepts(facts, "family")
    tally("symptoms_present", list(gold.get("symptoms_present") or []), present, str.__eq__)
    tally("symptoms_absent", list(gold.get("symptoms_absent") or []), absent, str.__eq__)
    tally("history", list(gold.get("history") or []), history, str.__eq__)
    others = [o.get("concept") for o in gold.get("other_person") or []]
    tally("other_person", list(dict.fromkeys(others)), family, str.__eq__)
    tally("vitals", list(gold.get("vitals") or []), list(facts.get("vitals") or []), vital_matches)
    noted_medicines = list(facts.get("medicines") or [])
    medicine_pairs = tally("medicines", list(gold.get("medicines") or []), noted_medicines,
                           lambda g, n: names.same(g.get("name"), n.get("name")))
    noted_allergies = list(facts.get("allergies") or [])
    allergy_pairs = tally("allergies", list(gold.get("allergies") or []), noted_allergies,
                          lambda g, n: names.same(g.get("substance"), n.get("substance")))
    for kind in PHRASE_TYPES:
        tally(kind, list(gold.get(kind) or []), _texts(facts, kind), phrase_matches, one_to_one=False)

    negation = {"correct": 0, "judged": 0, "errors": []}
    for concept in gold.get("symptoms_present") or []:
        if concept in present or concept in absent:
            negation["judged"] += 1
            if concept in present:
                negation["correct"] += 1
            else:
                negation["errors"].append(f"{concept} stated absent")
    for concept in gold.get("symptoms_absent") or []:
        if concept in present or concept in absent:
            negation["judged"] += 1
            if concept in absent:
                negation["correct"] += 1
            else:
                negation["errors"].append(f"{concept} stated present")
    medicine = {key: [0, 0] for key in ("dose", "frequency", "route", "status")}
    gold_medicines = list(gold.get("medicines") or [])
    for g_index, n_index in medicine_pairs:
        want, have = gold_medicines[g_index], noted_medicines[n_index]
        checks = {"dose": lambda: dose_matches(want.get("dose"), have),
                  "frequency": lambda: frequency_key(want.get("frequency")) == frequency_key(have.get("frequency")),
                  "route": lambda: route_key(want.get("route")) == route_key(have.get("route")),
                  "status": lambda: str(want.get("status")).lower() == str(have.get("status")).lower()}
        for key, check in checks.items():
            if want.get(key) not in (None, ""):
                medicine[key][1] += 1
                medicine[key][0] += bool(check())
    reactions = [0, 0]
    gold_allergies = list(gold.get("allergies") or [])
    for g_index, n_index in allergy_pairs:
        want = gold_allergies[g_index].get("reaction")
        if want:
            reactions[1] += 1
            have = str(noted_allergies[n_index].get("reaction") or "").lower()
            want_key = _REACTIONS.get(str(want).lower(), str(want).lower())
            have_key = _REACTIONS.get(have, have)
            reactions[0] += bool(have) and (want_key in have_key or have_key in want_key)
    patients = set(present) | set(history)
    own = set(gold.get("symptoms_present") or []) | set(gold.get("history") or [])
    if concepts_of is not None and gold.get("impression"):
        own |= concepts_of("; ".join(map(str, gold["impression"])))
    theirs = [o for o in gold.get("other_person") or [] if o.get("concept") not in own]  # not also the patient's
    wrong = [o for o in theirs if o.get("concept") in patients]
    return {"counts": counts, "misses": misses, "negation": negation, "medicine": medicine, "reactions": reactions,
            "wrong_person": wrong, "other_person": len(theirs)}


def evaluate(items: list[dict[str, Any]], read: Reader, *, drugs: DrugCatalogue | None = None,
             concepts_of: Callable[[str], set[str]] | None = None) -> dict[str, Any]:
    """The report for a list of annotated consultations (the blind set's format)."""
    names = MedicineNames(drugs)
    totals: dict[str, dict[str, int]] = {kind: defaultdict(int) for kind in FACT_TYPES}  # type: ignore[misc]
    negation = [0, 0]
    negation_errors = 0
    medicine = {key: [0, 0] for key in ("dose", "frequency", "route", "status")}
    reactions = [0, 0]
    wrong_person: list[dict[str, Any]] = []
    others = 0
    per_item = []
    for item in items:
        scored = score_item(item, read(str(item["transcript"])), names, concepts_of)
        for kind, counts in scored["counts"].items():
            for name, value in counts.items():
                totals[kind][name] += value
        negation[0] += scored["negation"]["correct"]
        negation[1] += scored["negation"]["judged"]
        negation_errors += len(scored["negation"]["errors"])
        for key, (ok, n) in scored["medicine"].items():
            medicine[key][0] += ok
            medicine[key][1] += n
        reactions[0] += scored["reactions"][0]
        reactions[1] += scored["reactions"][1]
        wrong_person += [{"id": item.get("id"), **o} for o in scored["wrong_person"]]
        others += scored["other_person"]
        per_item.append({"id": item.get("id"), "misses": {k: v for k, v in scored["misses"].items() if v},
                         "negation_errors": scored["negation"]["errors"],
                         "wrong_person": scored["wrong_person"]})
    by_type = {kind: {"recall": proportion(t["recalled"], t["gold"]), "precision": proportion(t["correct"], t["noted"])}
               for kind, t in totals.items()}
    return {
        "items": len(items),
        "recall": proportion(sum(t["recalled"] for t in totals.values()), sum(t["gold"] for t in totals.values())),
        "precision": proportion(sum(t["correct"] for t in totals.values()), sum(t["noted"] for t in totals.values())),
        "by_type": by_type,
        "negation_accuracy": proportion(*negation),
        "negation_errors": negation_errors,
        "medicine_accuracy": {key: proportion(*pair) for key, pair in medicine.items()},
        "allergy_reaction_accuracy": proportion(*reactions),
        "wrong_person": {"count": len(wrong_person), "of": others, "rate": proportion(len(wrong_person), others),
                         "cases": wrong_person},
        "per_item": per_item,
    }


# -- the floor ----------------------------------------------------------------------------------------------------
def copy_floor(parse: Callable[[str], Findings]) -> Reader:
    """A reader that pastes the transcript as the note: it "states" every concept it mentions as present (for the
    patient), every number as a reading, every medicine name as a medicine, and every line as an exam finding,
    an impression and a plan item."""

    def read(transcript: str) -> dict[str, Any]:
        findings = parse(transcript)
        numbers = []
        for match in re.finditer(r"(\d+(?:\.\d+)?)(?:\s*/\s*(\d+(?:\.\d+)?))?", transcript):
            value = float(match.group(1))
            numbers.append({"kind": None, "value": value, "written_value": value,
                            "diastolic": float(match.group(2)) if match.group(2) else None})
        lines = [{"text": line.strip()} for line in transcript.splitlines() if line.strip()]
        concepts = list(dict.fromkeys(m.concept for m in findings.mentions))
        medicines = list(dict.fromkeys(d.name for d in findings.medicines))
        return {"facts": {
            "symptoms_present": [{"concept": c} for c in concepts], "symptoms_absent": [], "history": [],
            "family": [], "vitals": numbers, "medicines": [{"name": n} for n in medicines], "allergies": [],
            "exam_findings": lines, "impression": lines, "plan": lines,
        }}

    return read


def compare(items: list[dict[str, Any]], read: Reader, parse: Callable[[str], Findings], *,
            drugs: DrugCatalogue | None = None) -> dict[str, Any]:
    """{"notes": report, "copy_floor": report} on the same items."""
    def concepts_of(text: str) -> set[str]:
        return {m.concept for m in parse(text).mentions if m.current}

    return {"notes": evaluate(items, read, drugs=drugs, concepts_of=concepts_of),
            "copy_floor": evaluate(items, copy_floor(parse), drugs=drugs, concepts_of=concepts_of)}


def print_table(result: dict[str, Any]) -> None:
    """The notes against the copy floor, one row per figure."""
    notes, floor = result["notes"], result["copy_floor"]
    print(f"SOAP notes on {notes['items']} consultations (value, n, 95% Wilson interval)")
    print(f"{'figure':<34}{'notes':<28}{'copy floor':<28}")
    rows = [("fact recall", notes["recall"], floor["recall"]),
            ("fact precision", notes["precision"], floor["precision"])]
    for kind in FACT_TYPES:
        rows.append((f"  {kind} recall", notes["by_type"][kind]["recall"], floor["by_type"][kind]["recall"]))
        rows.append((f"  {kind} precision", notes["by_type"][kind]["precision"], floor["by_type"][kind]["precision"]))
    rows.append(("negation accuracy", notes["negation_accuracy"], floor["negation_accuracy"]))
    for key in ("dose", "frequency", "route", "status"):
        rows.append((f"medicine {key} accuracy", notes["medicine_accuracy"][key], floor["medicine_accuracy"][key]))
    rows.append(("allergy reaction accuracy", notes["allergy_reaction_accuracy"], floor["allergy_reaction_accuracy"]))
    rows.append(("wrong person (share of others)", notes["wrong_person"]["rate"], floor["wrong_person"]["rate"]))
    for name, mine, base in rows:
        print(f"{name:<34}{fmt(mine):<28}{fmt(base):<28}")
    print(f"findings attributed to the wrong person: notes {notes['wrong_person']['count']}, "
          f"copy floor {floor['wrong_person']['count']} (of {notes['wrong_person']['of']} other-person facts)")
