"""Vital signs written the way people type them ("BP 150/95", "sats 91%", "T 101.5F", "RR 28").

Implausible numbers are dropped rather than guessed; the last reading in the text wins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.clinical_text.tokens import clean_text

_SEP = r"(?:\s*(?:is|was|are|were|of|at|about|around|only|reading|reads|now|down\s+to|dropped\s+to|up\s+to|:|=|-|~))*\s*"
_PLAUSIBLE = {
    "spo2": (50, 100),
    "heart_rate": (20, 300),
    "sbp": (40, 300),
    "dbp": (20, 200),
    "resp_rate": (3, 80),
    "temp_c": (30.0, 45.0),
}
# Most to least severe, so the worst stated level of consciousness wins (ACVPU, RCP NEWS2 2017).
_CONSCIOUSNESS = {
    "unresponsive": ["unresponsive", "unconscious", "not responding", "no response", "wont wake up", "cant wake",
                     "cant be woken", "not rousable", "unrousable", "passed out and not waking"],
    "pain": ["responds to pain", "responds only to pain", "only responds to pain", "response to pain",
             "responsive to pain"],
    "voice": ["responds to voice", "responds only to voice", "response to voice", "responsive to voice",
              "only responds when spoken to"],
    "confusion": ["confused", "confusion", "disoriented", "disorientated", "delirious", "delirium",
                  "not making sense", "talking nonsense", "muddled"],
    "alert": ["alert", "a and o", "a o x3", "alert and oriented", "fully conscious", "gcs 15"],
}


@lru_cache(maxsize=1)
def _patterns() -> dict:
    flags = re.IGNORECASE
    return {
        "spo2": [
            re.compile(r"\b(?:spo2|sp02|sao2|o2\s*sats?|o2\s*saturation|sats?|saturations?|oxygen\s*(?:saturation|"
                       r"sat|sats|level|levels)?|pulse\s*ox(?:imeter|imetry)?|ox\s*sat)" + _SEP + r"(\d{2,3}(?:\.\d)?)(?!\s*(?:-|to)\s*\d)\s*%?",
                       flags),
            re.compile(r"\b(\d{2,3})\s*%\s*(?:on\s+)?(?:ra|room\s+air|air|o2|oxygen|sats?)\b", flags),
            re.compile(r"\b(?:spo2|sp02|sats?|saturations?|oxygen)\b[^.%\d]{0,40}?(?:\d{2}\s*(?:-|to)\s*\d{2}\b[^.%\d]{0,40}?)?"
                       r"\b(\d{2,3})\s*%", flags),
        ],
        "heart_rate": [
            re.compile(r"\b(?:heart\s*rate|hr|pulse(?!\s*ox)(?:\s*rate)?|heartrate)" + _SEP + r"(\d{2,3})\b(?!\s*/)", flags),
            re.compile(r"\b(\d{2,3})\s*(?:bpm|beats\s*(?:per|a|/)\s*min(?:ute)?)", flags),
        ],
        "bp": [
            re.compile(r"\b(?:bp|b/p|blood\s*pressure|nibp)" + _SEP + r"(\d{2,3})\s*(?:/|over)\s*(\d{2,3})", flags),
            re.compile(r"\b(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm\s*hg|mmhg)", flags),
        ],
        "resp_rate": [
            re.compile(r"\b(?:rr|resp(?:iratory)?\s*rate|resps|respirations?|breathing\s*rate|breaths)" + _SEP
                       + r"(\d{1,2})\b", flags),
            re.compile(r"\b(\d{1,2})\s*(?:breaths|resps)\s*(?:per|a|/)\s*min", flags),
        ],
        "temp": [
            re.compile(r"\b(?:temp(?:erature)?|t|fever(?:\s*of)?|febrile(?:\s*to)?)" + _SEP
                       + r"(\d{2,3}(?:\.\d+)?)\s*(°\s*[cf]?|deg(?:rees?)?\s*[cf]?|celsius|fahrenheit|[cf](?![a-z]))?", flags),
            re.compile(r"\b(\d{2,3}(?:\.\d+)?)\s*(°\s*[cf]|deg(?:rees?)?\s*[cf]|celsius|fahrenheit|[cf](?![a-z]))", flags),
        ],
        "on_oxygen": [
            re.compile(r"\bon\s+(?:\d+(?:\.\d+)?\s*(?:l|litres?|liters?|lpm)(?:\s*/\s*min)?\s*(?:of\s+)?)?"
                       r"(?:o2|oxygen|supplemental\s+oxygen|home\s+oxygen|nasal\s+cannula|a\s+mask|high\s+flow)", flags),
        ],
        "room_air": [re.compile(r"\b(?:on\s+)?(?:room\s+air|ra)\b", flags)],
        "gcs": [re.compile(r"\bgcs" + _SEP + r"(\d{1,2})\b", flags)],
        "consciousness_hint": re.compile(
            r"respon|conscious|wake|rous|confus|disorient|delir|sense|nonsense|muddled|alert|a\s*(?:and|&)\s*o|gcs", flags
        ),
    }


def _last_number(patterns: list[re.Pattern[str]], text: str) -> tuple[re.Match[str] | None]:
    best = None
    for pattern in patterns:
        for match in pattern.finditer(text):
            if best is None or match.start() > best.start():
                best = match
    return best


def _plausible(name: str, value: float) -> bool:
    low, high = _PLAUSIBLE[name]
    return low <= value <= high


def _temperature_c(value: float, unit: str | None) -> float:
    unit = (unit or "").lower()
    fahrenheit = "f" in unit or (not unit.strip("° ") and value > 45)
    celsius = (value - 32) * 5 / 9 if fahrenheit else value
    return round(celsius, 1)


def extract_vitals(text: str) -> dict:
    """Vital signs stated in ``text``: spo2, heart_rate, sbp, dbp, resp_rate, temp_c, consciousness, on_oxygen."""
    text = clean_text(text)
    patterns = _patterns()
    vitals: dict = {}
    for name in ("spo2", "heart_rate", "resp_rate"):
        match = _last_number(patterns[name], text)
        if match and _plausible(name, float(match.group(1))):
            value = float(match.group(1))
            vitals[name] = int(value) if value.is_integer() else value
    match = _last_number(patterns["bp"], text)
    if match:
        sbp, dbp = int(match.group(1)), int(match.group(2))
        if _plausible("sbp", sbp) and _plausible("dbp", dbp) and dbp < sbp:
            vitals["sbp"], vitals["dbp"] = sbp, dbp
    match = _last_number(patterns["temp"], text)
    if match:
        temp_c = _temperature_c(float(match.group(1)), match.group(2))
        if _plausible("temp_c", temp_c):
            vitals["temp_c"] = temp_c
    oxygen = _last_number(patterns["on_oxygen"], text)
    room_air = _last_number(patterns["room_air"], text)
    if oxygen or room_air:
        vitals["on_oxygen"] = bool(oxygen and (not room_air or oxygen.start() > room_air.start()))
    consciousness = _consciousness(text)
    if consciousness:
        vitals["consciousness"] = consciousness
    return vitals


def _consciousness(text: str) -> str | None:
    from assistant.clinical_text.negation import find_concepts

    gcs = _last_number(_patterns()["gcs"], text)
    stated = set()
    if _patterns()["consciousness_hint"].search(text):  # cheap pre-filter: most turns mention none
        stated = {m.concept for m in find_concepts(text, _CONSCIOUSNESS) if m.affirmed}
    if gcs and 3 <= int(gcs.group(1)) <= 15:
        score = int(gcs.group(1))
        stated.add("alert" if score == 15 else "confusion" if score >= 13 else "voice" if score >= 9 else "unresponsive")
    for level in _CONSCIOUSNESS:
        if level in stated:
            return level
    return None
