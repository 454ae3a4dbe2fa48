"""Read the small facts of an intake answer: durations, onset, 0-10 severity, yes/no, "none".

Only what the intake itself asks about; demographics, vitals, conditions and medicines come from
assistant.clinical_text so that there is one extractor for them in the product.
"""

from __future__ import annotations

import re

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "few": 3, "a few": 3, "several": 4,
}
_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365}
_NUM = r"(\d+(?:\.\d+)?|a few|a couple of|couple of|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several)"
_DURATION = re.compile(
    rf"\b{_NUM}[\s-]*(?:\+\s*)?(minute|min|hour|hr|day|night|week|wk|month|year)s?\b(?![\s-]*(?:old|pregnant|gestation|postpartum|of age|since birth))",
    re.I,
)
_SINCE = {
    r"\bjust now\b|\bfew minutes ago\b|\bminutes ago\b|\bright now\b": 0.01,
    r"\bthis (?:morning|afternoon|evening)\b|\btonight\b|\bearlier today\b|\btoday\b|\ban hour ago\b": 0.3,
    r"\blast night\b|\byesterday\b|\bovernight\b": 1,
    r"\bsince (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bthe weekend\b": 3,
    r"\b(?:last|past) hour\b|\bhalf an hour\b": 0.04,
    r"\bfor days\b|\bfew days\b": 3,
    r"\b(?:last|past) week\b|\ba week\b": 7,
    r"\bfor (?:several |many )?weeks\b|\bfor a few weeks\b": 21,
    r"\bfor (?:several |many )?months\b|\bfor a few months\b": 60,
    r"\bfor ages\b|\bmonths\b|\blast month\b": 30,
}
_UNIT_ALIASES = {"min": "minute", "hr": "hour", "wk": "week"}
_SUDDEN = re.compile(r"\b(sudden(?:ly)?|all of a sudden|out of nowhere|came on fast|instantly|abrupt(?:ly)?|thunderclap|in seconds)\b", re.I)
_GRADUAL = re.compile(r"\b(gradual(?:ly)?|slowly|over (?:a few |several )?(?:days|weeks|hours)|creeping|built up|building up)\b", re.I)
_SCORE = re.compile(r"\b(10|[0-9])\s*(?:/|out of)\s*10\b", re.I)
_BARE_NUMBER = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)\s*\.?\s*$")
_SEVERITY_WORDS = (
    (re.compile(r"\b(worst|unbearable|excruciating|agony|agonising|agonizing|severe|terrible|really bad|very bad)\b", re.I), 8),
    (re.compile(r"\b(moderate|quite bad|pretty bad)\b", re.I), 5),
    (re.compile(r"\b(mild|slight|a bit|a little|minor|not too bad|niggl\w*)\b", re.I), 2),
)
_YES = re.compile(r"^\s*(yes|yeah|yep|yup|y|correct|i am|she is|he is|possibly|maybe|might be|could be)\b", re.I)
_NO = re.compile(r"^\s*(no|nope|nah|n|not|none|nothing|never|neither|not really|no chance|i am not|she is not|she isn't|he isn't)\b", re.I)
_NONE = re.compile(r"^\s*(none|nothing|no|nil|nope|not that i know|no known|n/?a)\b", re.I)


def parse_duration_days(text: str) -> float | None:
    """Days since onset from "for 3 days", "since yesterday", "2 weeks" (None if no duration is stated)."""
    match = _DURATION.search(text)
    if match:
        raw, unit = match.group(1).lower(), match.group(2).lower()
        unit = _UNIT_ALIASES.get(unit, unit)
        number = float(raw) if raw[0].isdigit() else _NUMBER_WORDS.get(raw.replace("a couple of", "couple of"), 1)
        return round(number * _UNIT_DAYS[unit], 3)
    lowered = text.lower()
    for pattern, days in _SINCE.items():
        if re.search(pattern, lowered):
            return days
    return None


def parse_onset(text: str) -> str | None:
    if _SUDDEN.search(text):
        return "sudden"
    if _GRADUAL.search(text):
        return "gradual"
    return None


def parse_severity(text: str, *, expecting_score: bool = False) -> int | None:
    """0-10 from "7/10", "7 out of 10", a bare number when we asked for one, or a strong/weak word."""
    match = _SCORE.search(text)
    if match:
        return int(match.group(1))
    if expecting_score:
        bare = _BARE_NUMBER.match(text)
        if bare and float(bare.group(1)) <= 10:
            return round(float(bare.group(1)))
    for pattern, score in _SEVERITY_WORDS:
        if pattern.search(text):
            return score
    return None


def parse_yes_no(text: str) -> bool | None:
    if _NO.match(text):
        return False
    if _YES.match(text):
        return True
    return None


def says_none(text: str) -> bool:
    """ "none", "no", "nothing" as a whole answer (to conditions, medicines, allergies, warning signs)."""
    return bool(_NONE.match(text)) and len(text.split()) <= 6


def parse_bare_age(text: str) -> float | None:
    """An answer to "how old?": "34", "34 years", "6 months", "3 weeks old"."""
    match = re.match(r"^\s*(?:about |around |she is |he is |i am |i'm )?(\d{1,3}(?:\.\d+)?)\s*(years?|yrs?|y|months?|mo|weeks?|wk|days?)?\b", text, re.I)
    if not match:
        return None
    value, unit = float(match.group(1)), (match.group(2) or "years").lower()
    if unit.startswith("mo"):
        return round(value / 12, 3)
    if unit.startswith("w"):
        return round(value / 52, 3)
    if unit.startswith("d"):
        return round(value / 365, 3)
    return value if value <= 120 else None
