"""Whether a fact in a note is a gold fact: the same phrase (content words, number and unit words alike), the same
reading within a tolerance, the same medicine (by generic, or either name of "paracetamol (Calpol)") with the same
dose, frequency and route. The scorer in ``assistant.evaluation.notes`` counts with these."""

from __future__ import annotations

import re
from typing import Any, Callable

from knowledge.drugs.catalogue import DrugCatalogue

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


class MedicineNames:
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


def pair_up(gold: list[Any], noted: list[Any], same: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
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
