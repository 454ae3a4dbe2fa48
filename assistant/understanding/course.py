"""The course of the illness in a message: how long (days), how it started, how bad (0-10).

"for 3 days", "since yesterday", "2/7", "x3/52", "started suddenly", "7/10", "worst ever". A time ahead ("a wedding
in 2 weeks", "review next week") or a frequency ("every 3 days") is not how long the illness has lasted.
A denied onset ("nothing sudden", "didn't come on suddenly") is no onset; a severity word counts only when it
describes pain in the same clause ("really bad pain", "the headache is the worst ever", "agony") - "severe asthma"
or "my cough is really bad" says nothing about a pain score.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2, "few": 3, "a few": 3, "several": 4,
    "half an": 0.5, "half a": 0.5,
}
_UNIT_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30,
              "year": 365}
_NUM = r"(\d+(?:\.\d+)?|a few|a couple of|couple of|half an|half a|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several)"
_DURATION = re.compile(
    rf"\b{_NUM}[\s-]*(?:\+\s*)?(second|sec|minute|min|hour|hr|h|day|d|night|week|wk|month|mth|year|yr)s?\b"
    r"(?![\s-]*(?:old|pregnant|gestation|postpartum|post\s*partum|of age|since birth|along|ago\s+(?:i|she|he)\s+(?:gave|had)))", _I)
_SLASH = re.compile(r"(?<![\d/])(?:x\s*)?(\d{1,2})\s*/\s*(7|52|12|24|60)(?![\d/])(?!\s*(?:old|pregnant|gestation))", _I)
_SLASH_DAYS = {"7": 1, "52": 7, "12": 30, "24": 1 / 24, "60": 1 / 1440}
_SINCE = (
    (r"\bjust now\b|\bfew minutes ago\b|\bminutes ago\b|\bright now\b|\bjust (?:started|happened|came on)\b", 0.01),
    (r"\b(?:last|past) hour\b|\bhalf an hour\b|\ban hour ago\b", 0.04),
    (r"\bthis (?:morning|afternoon|evening)\b|\btonight\b|\bearlier today\b|\btoday\b|\bsince lunch\w*\b|\bsince breakfast\b", 0.3),
    (r"\blast night\b|\byesterday\b|\bovernight\b|\bsince last night\b", 1),
    (r"\bsince (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend)\b|\bthe weekend\b", 3),
    (r"\bfor days\b|\bfew days\b|\bcouple of days\b", 3),
    (r"\b(?:last|past) week\b|\ba week\b", 7),
    (r"\bfor (?:several |many )?weeks\b|\bfor a few weeks\b|\bcouple of weeks\b", 21),
    (r"\bfor ages\b|\blast month\b|\bfor a month\b", 30),
    (r"\bfor (?:several |many )?months\b|\bfor a few months\b|\b(?:over|in|during) the (?:last|past) (?:few |couple of |several )?months\b", 60),
    (r"\bfor years\b|\b(?:over|in|during) the (?:last|past) (?:year|12 months|twelve months)\b", 365),
)
_UNIT_ALIASES = {"sec": "second", "min": "minute", "hr": "hour", "h": "hour", "d": "day", "wk": "week", "mth": "month",
                 "yr": "year"}
_SUDDEN = re.compile(r"\b(sudden(?:ly)?|all of a sudden|out of nowhere|out of the blue|came on fast|instantly|abrupt(?:ly)?|"
                     r"thunderclap|in seconds|within seconds|acute onset)\b", _I)
_GRADUAL = re.compile(r"\b(gradual(?:ly)?|slowly|over (?:a few |several |the (?:last|past) )?(?:days|weeks|hours|months)|creeping|"
                      r"built up|building up|insidious)\b", _I)
_SCORE = re.compile(r"(?<![\d./])(10|[0-9](?:\.\d)?)\s*(?:/|out of)\s*10\b", _I)
_SEVERITY_WORDS = (
    (re.compile(r"\b(worst|unbearable|excruciating|agony|agonising|agonizing|severe|terrible|really bad|very bad|"
                r"horrendous|killing me|intense)\b", _I), 8.0),
    (re.compile(r"\b(moderate|quite bad|pretty bad|fairly bad)\b", _I), 5.0),
    (re.compile(r"\b(mild|slight|a bit sore|a little sore|minor|not too bad|niggl\w*|twinge)\b", _I), 2.0),
)


# "N ago" dates an earlier event, not this illness, when the clause names one ("tetanus jab was 3 years ago", "had a
# knee replacement 2 weeks ago", "same as last time, about a year ago")
_EARLIER_EVENT = re.compile(r"\b(?:jab|jabs|vaccin\w*|booster|immunis\w*|operation|op|surgery|replacement|procedure|appointment|check\s*up|"
                            r"checked|test|tested|scan|x[- ]?ray|last\s+time|previous|previously|before|diagnosed|started\s+(?:on|taking)|"
                            r"started\s+\w+(?:in|ol|am|ne|ide|pril|sartan|statin|cycline|mycin|cillin|pam|zole)\b|prescribed|course\s+of)\b", _I)
_FREQUENCY_BEFORE = re.compile(r"\b(?:times?|once|twice|x|every)\s+$", _I)  # "a couple of times a year" is how often
# "in 2 weeks" (not "in the last 2 weeks") and "next week" look ahead: a wedding, a holiday, an appointment
_FUTURE_BEFORE = re.compile(r"(?:\b(?:in|within\s+the\s+next|next|due|booked\s+for|until)\s+(?:about\s+|around\s+|another\s+)?|"
                            r"\bfor\s+(?:the\s+)?next\s+)$", _I)
_AGO_AFTER = re.compile(r"^\s*ago\b", _I)


def _earlier_event(text: str, match: re.Match[str]) -> bool:
    if not _AGO_AFTER.match(text[match.end():]):
        return False
    start = max(text.rfind(mark, 0, match.start()) for mark in ".;!?\n") + 1
    return bool(_EARLIER_EVENT.search(text[start:match.start()]))


def duration_days(text: str) -> float | None:
    """Days since onset from "for 3 days", "since yesterday", "2/7", "3 hrs" (None when no duration is stated)."""
    found: list[tuple[int, float]] = []
    for match in _DURATION.finditer(text):
        if _earlier_event(text, match) or _FREQUENCY_BEFORE.search(text[max(0, match.start() - 12):match.start()]):
            continue
        if _FUTURE_BEFORE.search(text[max(0, match.start() - 25):match.start()]) and not _AGO_AFTER.match(text[match.end():]):
            continue
        raw, unit = match.group(1).lower(), match.group(2).lower()
        unit = _UNIT_ALIASES.get(unit, unit)
        if unit == "day" and match.group(2).lower() == "d" and not re.search(r"\d\s*d\b", match.group(0), _I):
            continue
        number = float(raw) if raw[0].isdigit() else _NUMBER_WORDS.get(raw.replace("a couple of", "couple of"), 1)
        found.append((match.start(), round(number * _UNIT_DAYS[unit], 3)))
    for match in _SLASH.finditer(text):
        number = float(match.group(1))
        if match.group(2) == "7" and number > 7 or match.group(2) == "12" and number > 12:
            continue
        found.append((match.start(), round(number * _SLASH_DAYS[match.group(2)], 3)))
    lowered = text.lower()
    since = next((days for pattern, days in _SINCE if re.search(pattern, lowered)), None)
    if since is not None:
        found.append((0, since))  # "attacks last a few minutes, for months now": the story is months long
    if found:
        return max(days for _, days in found)
    return None


_DENIED_BEFORE = re.compile(r"\b(?:no|not|nothing|never|neither|nor|without|wasnt|wasn't|isnt|isn't|didnt|didn't|"
                            r"doesnt|doesn't|dont|don't)\b(?:\s+\w+){0,3}\s*$", _I)
_CLAUSE = re.compile(r"[^.;!?\n,]+")
_PAIN_WORDS = re.compile(r"\b(?:pain\w*|ache\w*|aching|hurt\w*|sore\w*|cramp\w*|agony|agonising|agonizing|excruciating|"
                         r"killing\s+me|headache\w*|migraine\w*|toothache|earache|tummy\s*ache|stomach\s*ache|throbbing|"
                         r"stabbing|burning|tender\w*)\b", _I)


def _said(pattern: re.Pattern[str], text: str) -> bool:
    """A match that is not denied by the few words before it ("nothing sudden" is not a sudden onset)."""
    return any(not _DENIED_BEFORE.search(text[max(0, m.start() - 30):m.start()]) for m in pattern.finditer(text))


def onset(text: str) -> str | None:
    if _said(_SUDDEN, text):
        return "sudden"
    if _said(_GRADUAL, text):
        return "gradual"
    return None


def severity_score(text: str) -> float | None:
    """0-10 from "7/10", "7 out of 10" or a strong or weak word."""
    match = _SCORE.search(text)
    if match:
        return float(match.group(1))
    clauses = [c.group(0) for c in _CLAUSE.finditer(text) if _PAIN_WORDS.search(c.group(0))]
    for pattern, score in _SEVERITY_WORDS:
        if any(_said(pattern, clause) for clause in clauses):
            return score
    return None
