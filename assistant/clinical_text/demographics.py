"""Age, sex and pregnancy as people state them ("my 3 month old", "I'm 67", "72M", "30 weeks pregnant").

When several ages appear, an age attached to a child the user is caring for ("my 2 year old") wins,
because that child is the patient being described.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.clinical_text.tokens import clean_text

_UNIT_YEARS = {"day": 1 / 365.25, "week": 7 / 365.25, "wk": 7 / 365.25, "month": 1 / 12, "mo": 1 / 12,
               "year": 1.0, "yr": 1.0, "y": 1.0}
_FEMALE = r"woman|female|girl|lady|mother|mom|mum|wife|daughter|sister|grandmother|grandma|aunt|she"
_MALE = r"man|male|boy|gentleman|father|dad|husband|son|brother|grandfather|grandpa|uncle|he"
_PREGNANCY = {
    "pregnant": ["pregnant", "pregnancy", "expecting a baby", "im expecting", "weeks gestation", "gestation",
                 "weeks along", "antenatal", "prenatal"],
    "postpartum": ["postpartum", "post partum", "postnatal", "post natal", "gave birth", "had a baby",
                   "just delivered", "since delivery", "after delivery", "after giving birth", "c section",
                   "caesarean", "cesarean"],
}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    i = re.IGNORECASE
    unit = r"(day|week|wk|month|mo|year|yr|y)s?"
    return {
        "child_age": re.compile(r"\bmy\s+(?:little\s+|baby\s+)?(\d{1,3}(?:\.\d)?)\s*[- ]?" + unit + r"\s*[- ]?old", i),
        "n_unit_old": re.compile(r"\b(\d{1,3}(?:\.\d)?)\s*[- ]?" + unit + r"\s*[- ]?old\b", i),
        "aged": re.compile(r"\b(?:aged?|age\s*:|age\s+is)\s*(\d{1,3})\b", i),
        "i_am": re.compile(
            r"\b(?:i'?m|i\s+am)\s+(\d{1,3})\b(?!\s*(?:%|kg|lbs?|pounds|cm|mins?|minutes|hours?|hrs?|days?|weeks?|"
            r"months?|times|pills|tablets|mg|/|\.\d|\s*-\s*\d))(?:\s*(?:years?|yrs?|y/?o))?", i),
        "yo": re.compile(r"(?<!for )(?<!past )(?<!last )(?<!over )(?<!in )(?<!about )(?<!than )"
                         r"\b(\d{1,3})\s*(?:y/?o|yrs?|years?)\b(?!\s*(?:ago|of|later|before|since|back|now))", i),
        "compact": re.compile(r"(?:^|[\s,(])(\d{1,3})\s?([mf])(?![a-z0-9])", i),
        "is_age": re.compile(r"\b(?:baby|son|daughter|child|kid|infant|newborn|he|she)\s+(?:is|was|'s)\s+(?:only\s+|just\s+)?"
                             r"(\d{1,3})\s*" + unit + r"\b(?!\s*(?:pregnant|gestation|along))", i),
        "pregnancy_hint": re.compile(r"pregnan|gestation|expecting|antenatal|prenatal|partum|postnatal|post natal|"
                                     r"birth|had a baby|deliver|c\s*-?\s*section|caesarean|cesarean", i),
        "newborn": re.compile(r"\b(?:newborn|new\s*born|neonate)\b", i),
        "gestation": re.compile(r"\b(\d{1,2})\s*(?:\+\d\s*)?(?:weeks?|wks?)\s*(?:pregnant|gestation|along)\b|\b(\d{1,2})/40\b", i),
        "female": re.compile(r"\b(?:i'?m|i\s+am)\s+(?:a\s+)?(?:\d+\s*[- ]?(?:years?|yrs?)\s*[- ]?old\s+)?(?:woman|female|girl|lady)\b"
                             r"|\d+\s*[- ]?(?:years?|yrs?|y)\s*[- ]?old\s+(?:woman|female|girl|lady|mother|mom|mum|daughter)\b"
                             r"|\bmy\s+(?:\d+\s*[- ]?\w+\s*[- ]?old\s+)?(?:mother|mom|mum|wife|daughter|sister|grandmother|grandma|girlfriend)\b", i),
        "male": re.compile(r"\b(?:i'?m|i\s+am)\s+(?:a\s+)?(?:\d+\s*[- ]?(?:years?|yrs?)\s*[- ]?old\s+)?(?:man|male|guy|boy)\b"
                           r"|\d+\s*[- ]?(?:years?|yrs?|y)\s*[- ]?old\s+(?:man|male|guy|boy|father|dad|son|gentleman)\b"
                           r"|\bmy\s+(?:\d+\s*[- ]?\w+\s*[- ]?old\s+)?(?:father|dad|husband|son|brother|grandfather|grandpa|boyfriend)\b", i),
    }


def _years(value: str, unit: str) -> float:
    return round(float(value) * _UNIT_YEARS[unit.lower()], 3)


def _age(text: str) -> float | None:
    p = _patterns()
    for name in ("child_age", "is_age", "n_unit_old"):
        match = p[name].search(text)
        if match:
            return _years(match.group(1), match.group(2))
    for name in ("aged", "i_am", "yo"):
        match = p[name].search(text)
        if match:
            return float(match.group(1))
    match = p["compact"].search(text)
    if match:
        return float(match.group(1))
    if p["newborn"].search(text):
        return 0.04  # about two weeks: a newborn is under 28 days old
    return None


def _sex(text: str) -> str | None:
    p = _patterns()
    compact = p["compact"].search(text)
    female, male = p["female"].search(text), p["male"].search(text)
    candidates = [(m.start(), "female") for m in (female,) if m] + [(m.start(), "male") for m in (male,) if m]
    if compact:
        candidates.append((compact.start(), "female" if compact.group(2).lower() == "f" else "male"))
    return min(candidates)[1] if candidates else None


def extract_demographics(text: str) -> dict:
    """``{age_years, sex, pregnant, gestation_weeks, postpartum}`` with only the keys found in ``text``.

    ``pregnant`` is True when stated, False when explicitly denied ("not pregnant"), absent otherwise.
    """
    from assistant.clinical_text.negation import find_concepts

    text = clean_text(text)
    found: dict = {}
    age = _age(text)
    if age is not None and 0 <= age <= 120:
        found["age_years"] = age
    sex = _sex(text)
    if sex:
        found["sex"] = sex
    hint = _patterns()["pregnancy_hint"].search(text)  # cheap pre-filter before the context pass
    mentions = find_concepts(text, _PREGNANCY) if hint else []
    gestation = _patterns()["gestation"].search(text)
    if gestation:
        weeks = int(gestation.group(1) or gestation.group(2))
        if 1 <= weeks <= 44:
            found["gestation_weeks"] = weeks
            found["pregnant"] = True
    pregnancy = [m for m in mentions if m.concept == "pregnant" and not (m.family or m.hypothetical or m.historical)]
    if pregnancy and "pregnant" not in found:
        found["pregnant"] = not all(m.negated for m in pregnancy)
    if any(m.concept == "postpartum" and m.affirmed for m in mentions):
        found["postpartum"] = True
    if found.get("pregnant") or found.get("postpartum"):
        found.setdefault("sex", "female")
    return found
