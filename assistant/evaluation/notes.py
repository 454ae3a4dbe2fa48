"""Score SOAP notes against annotated consultations, and the floor of simply pasting the transcript as the note.

An item is ``{id, setting, transcript, gold: {symptoms_present, symptoms_absent, other_person: [{concept, who}],
history, vitals: [{kind, value, unit}], medicines: [{name, dose, route, frequency, status}], allergies: [{substance,
reaction}], exam_findings, impression, plan}}`` (concept ids from knowledge/language/concepts.yaml; the last three
are short phrases). ``read(transcript)`` returns a note artifact; its ``facts`` are scored.

Figures (each with n and a 95% Wilson interval): fact recall and precision overall and per fact type; negation
accuracy (a symptom the gold says is absent must not be stated present, and the reverse); medicine dose, frequency,
route and status accuracy; allergy reaction accuracy; and findings attributed to the wrong person (a concept the
gold gives to someone else stated as the patient's).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

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
PHRASE_MATCH = 0.75  # share of a gold phrase's content words a note statement must hold
VITAL_TOLERANCE = {"temperature": 0.15, "glucose": 0.15, "inr": 0.05}
VITAL_KINDS = {"temp": "temperature", "temp_c": "temperature", "pulse": "heart_rate", "hr": "heart_rate",
               "rr": "resp_rate", "respiratory_rate": "resp_rate", "sats": "spo2", "oxygen_saturation": "spo2",
               "bp": "blood_pressure", "sbp": "blood_pressure"}
_STOP = frozenset({"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "is", "are", "if", "at", "be",
                   "you", "your", "his", "her", "their", "he", "she", "we", "will", "i", "it", "this", "that", "by",
                   "from", "as", "get", "gets", "some", "any", "into", "them", "him"})
_FREQUENCIES = (
    ("as needed", r"\b(?:prn|as\s+needed|when\s+(?:needed|required|she\s+needs|he\s+needs|i\s+need)|as\s+required|"
                  r"if\s+needed|sometimes)\b"),
    ("2-3 times daily", r"\btwo\s+(?:to|or)\s+three\s+times\b"),
    ("four times daily", r"\b(?:qds|qid|four\s+times|every\s+6\s+hours)\b"),
    ("three times daily", r"\b(?:tds|tid|three\s+times|every\s+8\s+hours)\b"),
    ("twice daily", r"\b(?:bd|bid|twice|two\s+times|every\s+12\s+hours|morning\s+and\s+night)\b"),
    ("at night", r"\b(?:nocte|at\s+night|every\s+night|at\s+bedtime|before\s+bed|on)\b"),
    ("once only", r"\b(?:stat|single\s+dose|once\s+only|one\s+dose|loading\s+dose|"
                  r"once(?!\s+(?:a|per|every|each|daily|weekly|in|at|on)\b))\b"),
    ("weekly", r"\b(?:weekly|once\s+a\s+week)\b"),
    ("once daily", r"\b(?:od|qd|once|daily|every\s+day|in\s+the\s+morning|every\s+morning|mane|every\s+evening|"
                   r"in\s+the\s+evening|a\s+day)\b"),
)
_ROUTES = {"po": "oral", "by mouth": "oral", "oral": "oral", "inh": "inhaled", "inhaler": "inhaled",
           "inhaled": "inhaled", "nebulised": "inhaled", "nebulized": "inhaled", "iv": "intravenous",
           "intravenous": "intravenous", "im": "intramuscular", "intramuscular": "intramuscular",
           "sc": "subcutaneous", "subcut": "subcutaneous", "subcutaneous": "subcutaneous", "sl": "sublingual",
           "sublingual": "sublingual", "pr": "rectal", "rectal": "rectal", "topical": "topical", "eye": "eye"}
_UNITS = {"milligram": "mg", "milligrams": "mg", "mg": "mg", "microgram": "mcg", "micrograms": "mcg", "mcg": "mcg",
          "µg": "mcg", "ug": "mcg", "g": "g", "gram": "g", "grams": "g", "ml": "ml", "millilitres": "ml",
          "milliliters": "ml", "mls": "ml", "mil": "ml", "mils": "ml", "units": "units", "unit": "units", "iu": "units",
          "puff": "puffs", "puffs": "puffs"}
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


# -- matching -----------------------------------------------------------------------------------------------------
_SAME_WORD = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
              "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "fourteen": "14", "twenty": "20",
              "milligram": "mg", "microgram": "mcg", "mcgs": "mcg", "gram": "g", "millilitre": "ml", "milliliter": "ml",
              "centimetre": "cm", "centimeter": "cm", "millimetre": "mm", "millimeter": "mm", "kilogram": "kg",
              "percent": "%", "hr": "hour", "hrs": "hour", "wk": "week", "wks": "week", "by": "x"}


def _stem(word: str) -> str:
    """A light stem so that the note's inflection does not decide a match: "wheezing"/"wheeze", "swollen" stays."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if len(word) > max(3, len(suffix) + 3) - (suffix == "s") and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _words(text: str) -> set[str]:
    """Content words, with number words as digits and unit words as their symbols (the gold and the note may
    write "five days"/"5 days" or "500 milligrams"/"500 mg" for the same fact)."""
    words = set()
    for word in re.findall(r"[a-z0-9%]+", str(text).lower().replace("per cent", "percent")):
        if word in _STOP:
            continue
        word = _SAME_WORD.get(word, _SAME_WORD.get(word.rstrip("s"), word))
        words.add(_stem(word))
    return words


def phrase_matches(gold: str, statement: str) -> bool:
    want = _words(gold)
    if not want:
        return False
    return len(want & _words(statement)) / len(want) >= PHRASE_MATCH


def _number(value: Any) -> float | None:
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def vital_matches(gold: dict[str, Any], noted: dict[str, Any]) -> bool:
    """A noted reading is the gold one: same kind (a kindless number matches any kind), same value."""
    kind = VITAL_KINDS.get(str(gold.get("kind")), str(gold.get("kind")))
    noted_kind = noted.get("kind")
    if noted_kind is not None and VITAL_KINDS.get(str(noted_kind), str(noted_kind)) != kind:
        return False
    value = str(gold.get("value", "")).replace(" ", "")
    if "/" in value:
        systolic, _, diastolic = value.partition("/")
        return (_number(noted.get("value")) == _number(systolic)
                and _number(noted.get("diastolic")) == _number(diastolic))
    number = _number(value)
    if number is None:
        return str(noted.get("value", "")).strip().lower()[:1] == value.lower()[:1]
    tolerance = VITAL_TOLERANCE.get(kind, 0.5)
    written, canonical = _number(noted.get("written_value")), _number(noted.get("value"))
    close = [x for x in (written, canonical) if x is not None and abs(x - number) <= tolerance]
    if not close:
        return False
    unit = str(gold.get("unit") or "").lower().replace("°", "")
    if kind == "temperature" and unit[:1] in ("c", "f") and written is not None and abs(written - number) <= tolerance:
        return str(noted.get("written_unit") or noted.get("unit") or unit).lower().replace("°", "")[:1] == unit[:1]
    return True


def frequency_key(text: Any) -> str | None:
    if not text:
        return None
    text = str(text).lower()
    for word, digits in _SAME_WORD.items():
        if digits.isdigit():
            text = re.sub(rf"\bevery\s+{word}\b", f"every {digits}", text)
    hours = re.search(r"\bevery\s+(\d{1,2})\s*(?:hours?|hrs?|h)\b", text)
    if hours and hours.group(1) not in ("6", "8", "12"):
        return f"every {hours.group(1)} hours"
    return next((key for key, pattern in _FREQUENCIES if re.search(pattern, text)), text.strip())


def route_key(text: Any) -> str | None:
    return _ROUTES.get(str(text).lower().strip(), str(text).lower().strip()) if text else None


def dose_key(dose: Any, unit: Any = None) -> tuple[tuple[float, ...], str | None] | None:
    """(numbers, unit) of a dose: "500 mg" -> ((500.0,), "mg"); "1 g" -> ((1.0,), "g")."""
    if dose in (None, ""):
        return None
    text = f"{dose} {unit or ''}".lower()
    numbers = tuple(float(n.replace(",", ".")) for n in re.findall(r"\d+(?:[.,]\d+)?", text))
    words = re.findall(r"[a-zµ]+", text)
    found = next((_UNITS[w] for w in words if w in _UNITS), None)
    return numbers, found


def _amounts(text: str) -> list[tuple[float, str | None]]:
    """Each number of a dose with the unit written after it: "120 mg (5 mL)" -> [(120, "mg"), (5, "ml")]."""
    found = []
    for number, unit in re.findall(r"(\d+(?:[.,]\d+)?)\s*([a-zµ%]+)?", text.lower()):
        found.append((float(number.replace(",", ".")), _UNITS.get(unit) if unit else None))
    return found


def dose_matches(gold: Any, noted: dict[str, Any]) -> bool:
    """The note's dose is the gold one, or one of the amounts the gold gives for it ("120 mg (5 mL)" is matched by
    "5 ml": the same dose by volume)."""
    want, have = dose_key(gold), dose_key(noted.get("dose"), noted.get("unit"))
    if want is None or have is None:
        return False
    if want[0] == have[0]:
        return want[1] is None or have[1] is None or want[1] == have[1]
    if len(have[0]) != 1:
        return False
    amount, unit = have[0][0], have[1]
    return any(number == amount and (unit is None or written is None or written == unit)
               for number, written in _amounts(f"{gold}"))


class _Names:
    """Medicine and allergen names compared by generic (through the drug catalogue when one is given)."""

    def __init__(self, drugs: DrugCatalogue | None) -> None:
        self.drugs = drugs

    def key(self, name: Any) -> str:
        text = str(name or "").lower().strip()
        if self.drugs is not None and text:
            found = self.drugs.resolve(text)
            if getattr(found, "found", False) and getattr(found, "generic", None):
                return str(found.generic).lower()
        return text[:-1] if len(text) > 3 and text.endswith("s") else text

    def keys(self, name: Any) -> set[str]:
        """The name, and each part a writer may have given with it: "paracetamol (Calpol)", "a/b (Brand)"."""
        text = str(name or "").strip()
        parts = {text, *re.findall(r"\(([^()]+)\)", text), re.sub(r"\([^()]*\)", "", text).strip()}
        return {self.key(part) for part in parts if part}

    def same(self, gold: Any, noted: Any) -> bool:
        b = self.key(noted)
        return bool(b) and any(a and (a == b or a in b or b in a) for a in self.keys(gold))


def _pair(gold: list[Any], noted: list[Any], same: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """One-to-one matches, gold order, first free noted item that fits."""
    used: set[int] = set()
    pairs = []
    for g_index, item in enumerate(gold):
        for n_index, candidate in enumerate(noted):
            if n_index not in used and same(item, candidate):
                used.add(n_index)
                pairs.append((g_index, n_index))
                break
    return pairs


# -- scoring ------------------------------------------------------------------------------------------------------
def _concepts(facts: dict[str, Any], key: str) -> list[str]:
    return list(dict.fromkeys(str(f.get("concept")) for f in facts.get(key) or [] if f.get("concept")))


def _texts(facts: dict[str, Any], key: str) -> list[str]:
    return [str(f.get("text") or "") for f in facts.get(key) or [] if f.get("text")]


def score_item(item: dict[str, Any], note: dict[str, Any], names: _Names,
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
            pairs = _pair(gold_items, noted, same)
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
    names = _Names(drugs)
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
