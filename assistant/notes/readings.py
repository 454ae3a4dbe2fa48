"""Durations, vital signs and demographics in one sentence, each kept with the words it came from.

Vital signs and demographics reuse assistant.clinical_text (one parser for the product); durations reuse the
triage engine's reader for the number of days and add only the span, so the note can quote it.
"""

from __future__ import annotations

import re

from assistant.clinical_text import extract_demographics, extract_vitals
from assistant.triage.answers import parse_duration_days

_NUM = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|a couple of|few|several)"
_UNIT = r"(?:minute|min|hour|hr|day|night|week|wk|month|year)s?"
_DURATION = re.compile(
    rf"\b(?:(?:for|over|in)\s+(?:the\s+)?(?:last|past)\s+{_NUM}\s+{_UNIT}"
    rf"|(?:for|over|since)\s+(?:about|around|nearly|almost|roughly|over|the\s+last|the\s+past)?\s*{_NUM}\s+{_UNIT}"
    rf"|(?:the\s+)?(?:last|past)\s+{_NUM}\s+{_UNIT}"
    rf"|{_NUM}[\s-]+{_UNIT}\s+(?:ago|history|now)"
    rf"|\d+[\s-]*{_UNIT}[\s-]+history"
    rf"|x\s*\d+\s*{_UNIT}"
    rf"|since\s+(?:yesterday|last\s+night|this\s+morning|(?:last\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
    rf"saturday|sunday)|the\s+weekend|last\s+week)"
    rf"|(?:started|began)\s+(?:yesterday|last\s+night|this\s+morning|today|{_NUM}\s+{_UNIT}\s+ago))\b",
    re.IGNORECASE,
)
_NOT_DURATION = re.compile(r"^\s*(?:old|of age|pregnant|gestation|along)\b", re.IGNORECASE)


def durations_in(sentence: str) -> list[dict]:
    """[{text, days}] for every stated duration ("for 3 days", "since yesterday", "2-week history")."""
    found = []
    for match in _DURATION.finditer(sentence):
        if _NOT_DURATION.match(sentence[match.end():]):
            continue
        text = match.group(0).strip()
        days = parse_duration_days(re.sub(r"^x\s*", "", text, flags=re.I))
        if days is not None:
            found.append({"text": text, "days": days})
    return found


_FETAL = re.compile(r"\b(?:fetal|foetal|baby'?s)\s+heart(?:\s*rate|\s*beat)?\b[^,.;]*|\bfhr\b[^,.;]*", re.IGNORECASE)
_FILLER_WORDS = re.compile(r"\b(?:today|now|currently|this morning|at the moment|here|lying|sitting|standing)\b\s*", re.I)


def vitals_in(sentence: str) -> dict:
    """The patient's numeric vital signs (a fetal heart rate is not the mother's pulse; consciousness words are
    left to the exam findings, where they are quoted)."""
    text = _FILLER_WORDS.sub("", _FETAL.sub(" ", sentence))
    return {k: v for k, v in extract_vitals(text).items() if k != "consciousness"}


def demographics_in(sentence: str) -> dict:
    return extract_demographics(sentence)
