"""check_dose: a proposed dose against the monograph's machine-readable limits (single, daily, per-kg, renal).

Answers one of: within_range, above_maximum, renal_adjustment, cannot_check — and always says why, naming the
monograph source. Frequency is parsed from common prescription wording (bid, q6h, "3 times a day").
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.drugs.monographs import Monograph

MASS_TO_MG = {"mg": 1.0, "mcg": 0.001, "g": 1000.0}
UNIT_ALIASES = {"mg": "mg", "milligram": "mg", "milligrams": "mg", "mcg": "mcg", "µg": "mcg", "ug": "mcg",
                "microgram": "mcg", "micrograms": "mcg", "g": "g", "gram": "g", "grams": "g", "gm": "g",
                "units": "units", "unit": "units", "iu": "units", "ml": "mL", "puffs": "puffs", "puff": "puffs"}
_WORD_COUNTS = {"once": 1, "twice": 2, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_FIXED = [(r"\b(?:qid|q\.i\.d|four times)\b", 4), (r"\b(?:tid|t\.i\.d|tds|three times)\b", 3),
          (r"\b(?:bid|b\.i\.d|bd|twice)\b", 2), (r"\b(?:od|qd|q\.d|once daily|once a day|daily|every day|nightly|"
                                                  r"at night|in the morning|qam|qhs)\b", 1)]


@dataclass
class Patient:
    age_years: float | None = None
    weight_kg: float | None = None
    egfr: float | None = None  # mL/min/1.73 m2 (or CrCl where the monograph says so)


@dataclass
class DoseCheck:
    query: str
    generic: str | None
    amount: float | None
    unit: str
    route: str
    frequency: str | None
    status: str  # within_range | above_maximum | renal_adjustment | cannot_check
    messages: list[str] = field(default_factory=list)
    doses_per_day: float | None = None
    daily_total: float | None = None
    population: str | None = None
    limits: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def doses_per_day(frequency: Any) -> tuple[float | None, str]:
    """(doses per day, note). None when the wording gives no fixed schedule (e.g. 'as needed')."""
    if frequency is None or (isinstance(frequency, str) and not frequency.strip()):
        return None, "frequency not given"
    if isinstance(frequency, (int, float)) and not isinstance(frequency, bool):
        return (float(frequency), "") if 0 < frequency <= 48 else (None, "frequency out of range")
    text = str(frequency).lower()[:100]
    if re.search(r"\bweek|weekly\b", text):
        return 1 / 7, "weekly"
    match = re.search(r"(?:every|q)\s*(\d+(?:\.\d+)?)\s*(?:-\s*\d+\s*)?(?:h|hr|hrs|hours?)\b", text)
    if match and float(match.group(1)) > 0:
        return 24 / float(match.group(1)), ""
    match = re.search(r"(\d+|once|twice|one|two|three|four|five|six)\s*(?:x|times?)?\s*(?:a|per|/|each)?\s*(?:day|daily|d)\b",
                      text)
    if match:
        word = match.group(1)
        return float(_WORD_COUNTS.get(word, word)), ""
    for pattern, count in _FIXED:
        if re.search(pattern, text):
            return float(count), ""
    if re.search(r"\b(?:once|single|stat|one dose)\b", text):
        return 1.0, "single dose"
    if re.search(r"\b(?:prn|as needed|when required)\b", text):
        return None, "as needed with no fixed interval"
    return None, f"could not read the frequency {frequency!r}"


def _population(patient: Patient, available: set[str]) -> tuple[str, str]:
    if patient.age_years is None:
        return "adult", "age not given; adult limits used"
    if patient.age_years < 18:
        return "child", ""
    if patient.age_years >= 65 and "older_adult" in available:
        return "older_adult", ""
    return "adult", ""


def _limit_in_unit(limit: dict[str, Any] | None, unit: str, weight: float | None) -> tuple[float | None, str]:
    """Convert a monograph limit to the dose's unit; returns (value, problem)."""
    if not limit:
        return None, ""
    amount, lunit = float(limit["amount"]), limit["unit"]
    if lunit.endswith("/kg"):
        if weight is None:
            return None, f"the limit is {amount:g} {lunit}, so a weight is needed"
        amount, lunit = amount * weight, lunit[:-3]
    if lunit == unit:
        return amount, ""
    if lunit in MASS_TO_MG and unit in MASS_TO_MG:
        return amount * MASS_TO_MG[lunit] / MASS_TO_MG[unit], ""
    return None, f"the limit is in {lunit}, the dose in {unit}"


def _fmt(value: float, unit: str) -> str:
    return f"{value:,.4g} {unit}"


def check_dose(catalogue: DrugCatalogue, drug: str, amount: Any, unit: str = "mg", frequency: Any = None,
               route: str = "oral", patient: Patient | None = None) -> DoseCheck:
    """Check one dose against the monograph; never raises for bad input."""
    patient = patient or Patient()
    unit_key = UNIT_ALIASES.get(str(unit).strip().lower(), "")
    route = str(route or "oral").strip().lower()
    result = DoseCheck(query=str(drug)[:200], generic=None, amount=None, unit=unit_key or str(unit)[:20], route=route,
                       frequency=None if frequency is None else str(frequency)[:100], status="cannot_check")
    res = catalogue.resolve(drug)
    if not res.found:
        hint = f" Did you mean: {', '.join(res.suggestions[:3])}?" if res.suggestions else ""
        result.messages.append(f"Cannot check: {res.reason}.{hint}")
        return result
    result.generic = res.generic
    try:
        value = float(amount)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value > 1e7:
        result.messages.append(f"Cannot check: the amount {str(amount)[:40]!r} is not a positive number.")
        return result
    result.amount = value
    if not unit_key:
        result.messages.append(f"Cannot check: unknown unit {str(unit)[:20]!r} (use mg, mcg, g, units, mL or puffs).")
        return result
    mono = catalogue.monograph(res.monograph) if res.monograph else None
    if mono is None:
        result.messages.append(f"Cannot check: no dosing data for {res.generic} in our monographs.")
        return result
    result.source = mono.source_label
    return _check_against(mono, result, value, unit_key, frequency, route, patient)


def _check_against(mono: Monograph, result: DoseCheck, value: float, unit: str, frequency: Any, route: str,
                   patient: Patient) -> DoseCheck:
    entries = [d for d in mono.raw.get("dosing") or [] if d.get("route") == route]
    if not entries:
        routes = sorted({d.get("route") for d in mono.raw.get("dosing") or []})
        result.messages.append(f"Cannot check: no {route} dosing for {mono.generic} in the monograph "
                               f"(routes available: {', '.join(routes) or 'none'}).")
        return result
    population, note = _population(patient, {d.get("population", "adult") for d in entries})
    if note:
        result.messages.append(note[0].upper() + note[1:] + ".")
        result.missing.append("age")
    chosen = [d for d in entries if d.get("population", "adult") == population]
    if not chosen and population == "older_adult":
        chosen = [d for d in entries if d.get("population", "adult") == "adult"]
    if not chosen:
        result.messages.append(f"Cannot check: no {population} {route} dosing for {mono.generic} in the monograph.")
        return result
    result.population = population
    per_day, freq_note = doses_per_day(frequency)
    result.doses_per_day = per_day
    over: list[str] = []
    problems: list[str] = []
    # Several entries (e.g. prescription vs OTC): the dose must fit the most permissive one; stricter ones are noted.
    best_single = best_daily = None
    for entry in chosen:
        single, p1 = _limit_in_unit(entry.get("single_dose_max"), unit, patient.weight_kg)
        daily, p2 = _limit_in_unit(entry.get("daily_max"), unit, patient.weight_kg)
        problems += [p for p in (p1, p2) if p]
        best_single = single if single is not None and (best_single is None or single > best_single) else best_single
        best_daily = daily if daily is not None and (best_daily is None or daily > best_daily) else best_daily
    if population == "child":
        for entry in (d for d in entries if d.get("population", "adult") == "adult"):
            cap, _ = _limit_in_unit(entry.get("daily_max"), unit, None)
            if cap is not None and best_daily is not None and cap < best_daily:
                best_daily = cap  # weight-based child doses never exceed the adult maximum
    result.limits = {"single_dose_max": best_single, "daily_max": best_daily, "unit": unit,
                     "usual": [d.get("usual") for d in chosen if d.get("usual")]}
    if best_single is None and best_daily is None:
        result.messages.append("Cannot check: " + ("; ".join(dict.fromkeys(problems)) or
                               "the monograph gives no machine-readable maximum for this route and population") + ".")
        if any("weight" in p for p in problems):
            result.missing.append("weight_kg")
        return result
    if best_single is not None and value > best_single * 1.0001:
        over.append(f"{_fmt(value, unit)} is above the maximum single dose of {_fmt(best_single, unit)}")
    if per_day is not None:
        total = value * per_day if freq_note != "weekly" else None
        result.daily_total = total
        if total is not None and best_daily is not None and total > best_daily * 1.0001:
            over.append(f"{_fmt(total, unit)} a day is above the maximum of {_fmt(best_daily, unit)} a day")
        min_gap = min((d.get("min_interval_hours") or 0 for d in chosen), default=0)
        if min_gap and per_day and 24 / per_day < min_gap - 1e-6:
            over.append(f"dosing every {24 / per_day:g} hours is more often than every {min_gap:g} hours")
    elif best_daily is not None:
        result.messages.append(f"Daily total not checked ({freq_note}); the daily maximum is {_fmt(best_daily, unit)}.")
        result.missing.append("frequency")
    renal_status = _renal(mono, result, unit, patient)
    if over:
        result.status = "above_maximum"
        result.messages[:0] = [s[0].upper() + s[1:] + "." for s in over]
    elif renal_status:
        result.status = "renal_adjustment"
    else:
        result.status = "within_range"
        result.messages.insert(0, f"Within the labelled {population.replace('_', ' ')} {route} limits.")
    if problems and result.status == "within_range":
        result.messages.append("Partly checked: " + "; ".join(dict.fromkeys(problems)) + ".")
    return result


def _renal(mono: Monograph, result: DoseCheck, unit: str, patient: Patient) -> bool:
    rules = sorted(mono.raw.get("renal") or [], key=lambda r: r["egfr_below"])
    if not rules:
        return False
    if patient.egfr is None:
        result.missing.append("egfr")
        result.messages.append(f"Kidney function not given: {mono.generic} has renal limits (from eGFR below "
                               f"{max(r['egfr_below'] for r in rules):g}); not checked.")
        return False
    applicable = next((r for r in rules if patient.egfr < r["egfr_below"]), None)
    if applicable is None:
        return False
    advice = applicable.get("advice", "adjust the dose")
    if applicable.get("avoid"):
        result.messages.append(f"Avoid at eGFR {patient.egfr:g} (below {applicable['egfr_below']:g}): {advice}")
        return True
    cap, _ = _limit_in_unit(applicable.get("daily_max"), unit, patient.weight_kg)
    if cap is not None and result.daily_total is not None and result.daily_total > cap * 1.0001:
        result.status = "above_maximum"
        result.messages.append(f"{_fmt(result.daily_total, unit)} a day is above the renal maximum of "
                               f"{_fmt(cap, unit)} a day at eGFR below {applicable['egfr_below']:g}.")
        return True
    result.messages.append(f"Renal adjustment at eGFR {patient.egfr:g} (below {applicable['egfr_below']:g}): {advice}")
    return True
