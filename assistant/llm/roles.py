"""The clinical facts of one sentence, by role: drug, dose and unit, route, frequency, population, setting, line of
treatment, strength of the recommendation and "do" vs "do not".

The faithfulness check (assistant/llm/faithfulness.py) compares these roles between a model sentence and the
passage it cites. Extraction is deliberately plain - word patterns with canonical values - so that a reviewer can
read exactly what "the same fact in the same role" means, and so that a miss fails closed (an unrecognised
wording adds no role, and the sentence must then still share most of its words with one passage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

DrugFinder = Callable[[str], list[tuple[str, int, int]]]  # text -> (generic name, start, end) of each medicine named

DRUG_CLASSES: dict[str, str] = {  # classes stand in the drug role too ("antihistamines are first-line" is a claim)
    r"\bantihistamines?\b": "antihistamine", r"\b(?:gluco|cortico)?steroids?\b|\bglucocorticoids?\b": "steroid",
    r"\bantibiotics?\b": "antibiotic", r"\bNSAIDs?\b|\banti-inflammator(?:y|ies)\b": "nsaid",
    r"\bopioids?\b": "opioid", r"\bbeta[- ]?blockers?\b": "beta_blocker", r"\bbronchodilators?\b": "bronchodilator",
    r"\banticoagulants?\b|\bblood thinners?\b": "anticoagulant", r"\bstatins?\b": "statin",
    r"\bACE inhibitors?\b|\bangiotensin[- ]converting enzyme\b": "ace_inhibitor",
    r"\bangiotensin II receptor blockers?\b|(?-i:\bARBs?\b)": "arb",
    r"\bcalcium[- ]channel blockers?\b|(?-i:\bCCBs?\b)": "ccb", r"\bthiazides?\b": "thiazide", r"\bantivirals?\b": "antiviral", r"\bdiuretics?\b": "diuretic",
    r"\bproton pump inhibitors?\b|\bPPIs?\b": "ppi", r"\bbenzodiazepines?\b": "benzodiazepine",
    r"\bantidepressants?\b|\bSSRIs?\b": "antidepressant", r"\bantiplatelets?\b": "antiplatelet",
    r"\binsulin\b": "insulin", r"\bvaccines?\b|\bvaccination\b": "vaccine", r"\boxygen\b": "oxygen",
    r"\bfluids?\b": "fluids",
}

ROUTES: dict[str, str] = {
    r"\bintramuscular(?:ly)?\b|(?-i:\bIM\b)|\bi\.m\.|\binto the (?:\w+[- ])*thigh\b": "intramuscular",
    r"\bintravenous(?:ly)?\b|(?-i:\bIV\b)|\bi\.v\.|\binfusions?\b|\binfused\b|\bdrip\b": "intravenous",
    r"\bsubcutaneous(?:ly)?\b|(?-i:\bS[CQ]\b)|\bs\.c\.": "subcutaneous",
    r"\boral(?:ly)?\b|\bby mouth\b|(?-i:\bPO\b)|\btablets?\b|\bcapsules?\b|\bswallow": "oral",
    r"\binhal(?:ed|er|ers|ation)\b|\bnebuli[sz](?:ed|er)\b|\bpuffs?\b": "inhaled",
    r"\bintranasal(?:ly)?\b|\bnasal spray\b": "intranasal",
    r"\bsublingual(?:ly)?\b|\bunder the tongue\b": "sublingual",
    r"\brectal(?:ly)?\b|\bsuppositor(?:y|ies)\b": "rectal",
    r"\btopical(?:ly)?\b|\bcream\b|\bointment\b": "topical",
}
POPULATIONS: dict[str, str] = {
    r"\badults?\b|\bgrown[- ]ups?\b": "adult",
    r"\bchild(?:ren)?\b|\bpa?ediatric\b|\bkids?\b": "child",
    r"\binfants?\b|\bbab(?:y|ies)\b": "infant",
    r"\bneonates?\b|\bnewborns?\b|\bneonatal\b": "neonate",
    r"\badolescents?\b|\bteenagers?\b|\byoung people\b": "adolescent",
    r"\bolder (?:adults|people|patients)\b|\belderly\b|\bover 65s?\b": "older_adult",
    r"\bpregnan(?:t|cy)\b": "pregnancy",
    r"\bbreast[- ]?feeding\b|\blactat(?:ing|ion)\b": "lactation",
}
SETTINGS: dict[str, str] = {
    r"\b(?:in|to) hospital\b|\binpatients?\b|\badmi(?:t|tted|ssion)\b|\bward\b": "hospital",
    r"\bintensive care\b|\bICU\b|\bcritical care\b": "icu",
    r"\bemergency department\b|\bA&E\b|(?-i:\bED\b)|\bemergency room\b": "emergency_department",
    r"\bprimary care\b|\bcommunity\b(?!-acquired)|\boutpatients?\b|(?-i:\bGP\b)|\bgeneral practice\b": "primary_care",
    r"\bat home\b|\bhome care\b|\bself[- ]care\b": "home",
    r"\bexperienced clinicians?\b|\bspecialists?\b|\bwith (?:close |continuous |cardiac )?monitoring\b|"
    r"\bmonitored\b": "specialist",
    r"\bpre-?hospital\b|\bambulance\b|\bparamedics?\b": "prehospital",
}
LINES: dict[str, str] = {
    r"\bfirst[- ]line\b|\bfirst[- ]choice\b|\btreatment of choice\b|\bmainstay\b|\bmost important treatment\b|"
    r"\bfirst treatment\b|\binitial treatment\b": "first_line",
    r"\bsecond[- ]line\b|\balternatives?\b|\bif .{0,40}\b(?:fails?|not tolerated|contraindicated)\b": "second_line",
    r"\brefractory\b|\bnot responding\b|\bunresponsive\b|\bno response\b|\bresistant\b|\blast resort\b|"
    r"\bpersist(?:s|ent|ing)? despite\b": "refractory",
    r"\badjuncts?\b|\badjunctive\b|\badd[- ]on\b": "adjunct",
    r"\bprophyla(?:xis|ctic)\b|\bprevent(?:ion|ive)?\b": "prevention",
    r"\bmaintenance\b|\blong[- ]term\b": "maintenance",
}
STRONG = re.compile(r"\b(?:must|should|always|recommended|is required|strongly|essential|class 1|grade a)\b", re.I)
WEAK = re.compile(r"\b(?:may|might|can be considered|consider(?:ed)?|could|optional|reasonable|class 2b?|grade [bc])\b",
                  re.I)
NEGATED_ACTION = re.compile(
    r"\b(?:do not|don't|does not|doesn't|did not|neither|nor|cannot|can't|will not|won't|is not|are not|isn't|aren't"
    r"|ineffective|never|avoid(?:ed|ing)?|should not|shouldn't|must not|mustn't|not be (?:given|used)|advises? against"
    r"|is not recommended|are not recommended|not recommended|contraindicated|withh(?:o|e)ld|no need (?:to|for)|"
    r"stop(?:ped)? taking|discontinue|instead of)\b", re.I)
AMOUNT = re.compile(
    r"(?<![\w.])(\d+(?:[.,]\d+)?)(?:\s*(?:-|to|–)\s*(\d+(?:[.,]\d+)?))?\s*"
    r"(mg/kg|mcg/kg|micrograms?/kg|microgram|micrograms|mcg|µg|ug|milligrams?|mg|grams?|g|ml|mL|millilitres?|"
    r"units?|IU|mmol|mg/mL|mg/ml)(?![\w/])", re.I)
RATIO = re.compile(r"\b1\s*:\s*(?:1,?000|10,?000)\b")
FREQUENCY = re.compile(
    r"\bevery\s+(\d+(?:\s*(?:-|to|–)\s*\d+)?)\s*(minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b|"
    r"\bq\s?(\d+)\s?h\b|\b(\d+)[- ]hourly\b|\b(once|twice|three times|four times|\d+ times)\s+(?:a|per|each)\s+day\b|"
    r"\b(once|twice)\s+daily\b|\b(daily|weekly|monthly|nightly|at night|as needed|when needed|PRN|b\.?d\.?|bid|"
    r"t\.?d\.?s\.?|tid|q\.?d\.?s\.?|qid|o\.?d\.?)\b", re.I)
_TIMES = {"once": 1, "twice": 2, "three times": 3, "four times": 4, "bd": 2, "bid": 2, "tds": 3, "tid": 3, "qds": 4,
          "qid": 4, "od": 1, "daily": 1}
_UNIT = {"microgram": "mcg", "micrograms": "mcg", "µg": "mcg", "ug": "mcg", "mcg": "mcg", "milligram": "mg",
         "milligrams": "mg", "mg": "mg", "gram": "g", "grams": "g", "g": "g", "ml": "ml", "millilitre": "ml",
         "millilitres": "ml", "unit": "units", "units": "units", "iu": "units", "mmol": "mmol"}
_TO_MG = {"mcg": 0.001, "mg": 1.0, "g": 1000.0}
NUMBER = re.compile(r"(?<![\[\w.])\d+(?:[.,]\d+)?(?![\]\w])")


Mention = tuple[int, str, object]  # (offset, role, value)
BINDINGS = (("doses", "populations"), ("doses", "routes"), ("lines", "routes"), ("lines", "drugs"),
            ("doses", "drugs"), ("frequencies", "populations"))


@dataclass(frozen=True)
class Roles:
    drugs: frozenset[str] = frozenset()
    doses: frozenset[tuple[float, str]] = frozenset()  # (amount in canonical unit, unit)
    routes: frozenset[str] = frozenset()
    frequencies: frozenset[str] = frozenset()
    populations: frozenset[str] = frozenset()
    settings: frozenset[str] = frozenset()
    lines: frozenset[str] = frozenset()
    strength: str | None = None  # strong | weak | None
    negated: bool = False
    numbers: frozenset[str] = field(default_factory=frozenset)  # every figure, units or not
    mentions: tuple[Mention, ...] = ()  # where each role value was said, to bind a dose to its population
    wording: str = ""  # the text with medicine names blanked (so "adrenaline" and "epinephrine" read the same)

    @property
    def clinical(self) -> bool:
        return bool(self.drugs or self.doses or self.routes or self.frequencies or self.lines or self.numbers
                    or self.negated or self.strength)


def _canonical_number(text: str) -> float:
    return float(text.replace(",", "."))


def _unit(raw: str) -> str:
    raw = raw.lower().replace("micrograms/kg", "mcg/kg").replace("microgram/kg", "mcg/kg")
    if "/" in raw:
        return raw.replace("µg", "mcg").replace("ug", "mcg")
    return _UNIT.get(raw, raw)


def dose_mentions(text: str) -> list[tuple[int, tuple[float, str]]]:
    """Every amount with its unit and offset; masses in mg, so 0.5 mg and 500 micrograms are the same dose."""
    found: list[tuple[int, tuple[float, str]]] = []
    for match in AMOUNT.finditer(text):
        unit = _unit(match.group(3))
        for value in filter(None, (match.group(1), match.group(2))):
            amount = _canonical_number(value)
            found.append((match.start(), (round(amount * _TO_MG[unit], 6), "mg") if unit in _TO_MG else (amount, unit)))
    found += [(m.start(), (0.0, "ratio:" + re.sub(r"\D", "", m.group(0)))) for m in RATIO.finditer(text)]
    return found


def doses_in(text: str) -> set[tuple[float, str]]:
    return {dose for _, dose in dose_mentions(text)}


def frequencies_in(text: str) -> set[str]:
    return {value for _, value in frequency_mentions(text)}


def frequency_mentions(text: str) -> list[tuple[int, str]]:
    return [(m.start(), _frequency(m)) for m in FREQUENCY.finditer(text)]


def _frequency(m: re.Match[str]) -> str:
    """Canonical frequency: q5-15min, q6h, 2/day, as needed."""
    if m.group(1):
        unit = m.group(2).lower()[0]
        span = re.sub(r"\s*(?:to|–)\s*", "-", m.group(1)).replace(" ", "")
        return f"q{span}{'min' if unit == 'm' else unit}"
    if m.group(3) or m.group(4):
        return f"q{m.group(3) or m.group(4)}h"
    if m.group(5):
        word = m.group(5).lower()
        return f"{_TIMES.get(word) or int(word.split()[0])}/day"
    if m.group(6):
        return f"{_TIMES[m.group(6).lower()]}/day"
    word = re.sub(r"\.", "", m.group(7).lower())
    return f"{_TIMES[word]}/day" if word in _TIMES else {"when needed": "as needed", "prn": "as needed",
                                                       "nightly": "at night"}.get(word, word)


def _labelled(table: dict[str, str], text: str) -> list[tuple[int, str]]:
    return [(m.start(), label) for pattern, label in table.items() for m in re.finditer(pattern, text, re.I)]


def numbers_in(text: str) -> set[str]:
    """Figures, with "1,000" and "1000" and "0.50" and "0.5" the same."""
    out = set()
    for n in NUMBER.findall(re.sub(r"\[\d{1,2}\]", " ", text)):
        value = n.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+", n) else n.replace(",", ".")
        out.add(value.rstrip("0").rstrip(".") if "." in value else value)
    return out


def roles_of(text: str, drugs: DrugFinder) -> Roles:
    strength = "strong" if STRONG.search(text) else "weak" if WEAK.search(text) else None
    named = drugs(text)
    wording = text
    for _, start, end in named:
        wording = wording[:start] + " " * (end - start) + wording[end:]
    said: dict[str, list[tuple[int, object]]] = {
        "drugs": [(at, name) for name, at, _ in named] + [(at, f"class:{c}") for at, c in _labelled(DRUG_CLASSES, text)],
        "doses": dose_mentions(text), "routes": _labelled(ROUTES, text), "frequencies": frequency_mentions(text),
        "populations": _labelled(POPULATIONS, text), "settings": _labelled(SETTINGS, text),
        "lines": _labelled(LINES, text)}
    values = {role: frozenset(v for _, v in found) for role, found in said.items()}
    asides = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text)]  # "(and adolescents)" binds nothing
    mentions = tuple(sorted((at, role, value) for role, found in said.items() for at, value in found
                            if not any(a <= at < b for a, b in asides)))
    return Roles(**values, strength=strength, negated=bool(NEGATED_ACTION.search(text)),  # type: ignore[arg-type]
                 numbers=frozenset(numbers_in(text)), mentions=mentions, wording=wording)


def bound(roles: Roles, anchor_role: str, anchor: object, role: str) -> set[object]:
    """The values of ``role`` said nearest to ``anchor`` (a dose, a line...) - what the sentence ties it to."""
    anchors = [at for at, r, v in roles.mentions if r == anchor_role and v == anchor]
    others = [(at, v) for at, r, v in roles.mentions if r == role]
    if not anchors or not others:
        return set()
    out: set[object] = set()
    for at in anchors:
        best = min(abs(o - at) for o, _ in others)
        out |= {v for o, v in others if abs(o - at) == best}
    return out
