"""How a medicine is taken, read around its name: dose and unit, route, frequency, and whether it is current, new,
stopped or changed ("amoxicillin 500 mg three times a day for 5 days", "I'll start you on ramipril 2.5mg od",
"stopped the naproxen", "salbutamol inhaler as needed")."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.understanding.findings import DrugMention

_I = re.IGNORECASE
_DOSE = re.compile(r"(\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+(?:[.,]\d+)?)?)\s*(mg|milligrams?|mcg|micrograms?|µg|ug|g|grams?|ml|"
                   r"millilitres?|milliliters?|mls?|mils?|units?|iu|puffs?|tablets?|tabs?|capsules?|caps|drops?|sprays?|sachets?|patch(?:es)?|"
                   r"%)\b", _I)
_ROUTES = (
    ("inhaled", re.compile(r"\b(?:inhaled|inhaler|puffs?|nebuli[sz]\w*|via\s+spacer|inh)\b", _I)),
    ("intravenous", re.compile(r"\b(?:iv|intravenous\w*|infusion|drip)\b", _I)),
    ("intramuscular", re.compile(r"\b(?:im|intramuscular\w*|injection\s+into\s+the\s+(?:thigh|arm))\b", _I)),
    ("subcutaneous", re.compile(r"\b(?:sc|s/c|subcut\w*|subcutaneous\w*|injection|injects?|pen)\b", _I)),
    ("topical", re.compile(r"\b(?:topical\w*|cream|ointment|gel|apply|applied|patch)\b", _I)),
    ("eye", re.compile(r"\b(?:eye\s*drops?|into\s+the\s+eye)\b", _I)),
    ("rectal", re.compile(r"\b(?:pr|rectal\w*|suppositor\w*)\b", _I)),
    ("sublingual", re.compile(r"\b(?:sl|sublingual\w*|under\s+the\s+tongue|spray\s+under)\b", _I)),
    ("oral", re.compile(r"\b(?:po|oral\w*|by\s+mouth|tablets?|tabs?|capsules?|caps|liquid|syrup|suspension|sachets?)\b", _I)),
)
_FREQUENCIES = (
    ("as needed", re.compile(r"\b(?:prn|as\s+(?:and\s+when\s+)?needed|when\s+(?:needed|required)|as\s+required|if\s+needed|"
                             r"when\s+(?:i|you|he|she|they|we)\s+needs?\s+(?:it|them|one)|now\s+and\s+(?:then|again))\b", _I)),
    ("once daily", re.compile(r"\b(?:od|qd|once\s+(?:a\s+)?(?:day|daily)|once\s+every\s+day|daily|every\s+day|each\s+day|"
                              r"in\s+the\s+morning|every\s+morning|mane|every\s+evening|each\s+evening|in\s+the\s+evening)\b", _I)),
    ("twice daily", re.compile(r"\b(?:bd|bid|b\.d\.|twice\s+(?:a\s+)?(?:day|daily)|two\s+times\s+a\s+day|morning\s+and\s+night|"
                               r"every\s+12\s+hours)\b", _I)),
    ("three times daily", re.compile(r"\b(?:tds|tid|t\.d\.s\.|three\s+times\s+(?:a\s+)?(?:day|daily)|every\s+8\s+hours)\b", _I)),
    ("four times daily", re.compile(r"\b(?:qds|qid|four\s+times\s+(?:a\s+)?(?:day|daily)|every\s+6\s+hours)\b", _I)),
    ("at night", re.compile(r"\b(?:nocte|at\s+night|every\s+night|at\s+bedtime|before\s+bed)\b", _I)),
    ("weekly", re.compile(r"\b(?:weekly|once\s+a\s+week|every\s+week)\b", _I)),
    ("every {} hours", re.compile(r"\b(?:every|q)\s*(\d{1,2}|two|three|four|six|eight|twelve)\s*(?:hours?|hrs?|h)\b",
                                  _I)),
    ("once only", re.compile(r"\b(?:stat|single\s+dose|one\s+dose|once\s+only|loading\s+dose|one[\s-]+off)\b", _I)),
    ("once daily", re.compile(r"\b(?:a|per)\s+day\b", _I)),  # "20 milligrams a day", after "twice a day" had its turn
)
# A number straight after the name with no unit ("ramipril 2.5 once a day", "metformin, 500 twice a day") or
# before it ("300 of aspirin"): the dose, its unit unstated. Not a count of days, times, years or a percentage.
_BARE_DOSE_AFTER = re.compile(r"^[\s,:]*(\d+(?:[.,]\d+)?)(?![.,]?\d)(?!\s*(?:x\b|times?|days?|weeks?|months?|"
                              r"years?|hours?|hrs?|minutes?|mins?|%|/|kg|kilo|puffs?|percent))", _I)
_BARE_DOSE_BEFORE = re.compile(r"\b(\d+(?:[.,]\d+)?)\s+of\s+(?:the\s+|his\s+|her\s+|my\s+)?$", _I)
_HOURS = {"two": "2", "three": "3", "four": "4", "six": "6", "eight": "8", "twelve": "12"}
_PER_KILO = re.compile(r"^\s*(?:per|a|/)\s*(?:kilo|kg|kilogram)s?\b", _I)
_ONE_OFF_ROUTES = ("intravenous", "intramuscular")
_GIVEN_NOW = re.compile(r"\b(?:now|immediately|straight\s+away|right\s+away)\b", _I)
_STATUS = (
    ("stopped", re.compile(r"\b(?:stop(?:ped|ping)?|discontinu\w*|come\s+off|came\s+off|no\s+longer\s+(?:take|taking|on)|"
                           r"don'?t\s+take\s+(?:it|them)\s+any\s*more|ran\s+out|hold)\b", _I)),
    ("changed", re.compile(r"\b(?:increas\w*|reduc\w*|decreas\w*|up(?:ped)?\s+the\s+dose|lower\w*\s+the\s+dose|switch\w*\s+to|"
                           r"change\w*\s+to|double\w*)\b", _I)),
    ("new", re.compile(r"\b(?:i'?ll\s+(?:start|give|prescribe|put)|i\s+will\s+(?:start|give|prescribe|put)|let'?s\s+start|"
                       r"start(?:ing)?\s+(?:you\s+)?on|prescrib\w*|commenc\w*|going\s+to\s+give|i'?m\s+going\s+to\s+give|"
                       r"give\s+you|take\s+a\s+course|course\s+of|script\s+for|plan\s*:|rx)\b", _I)),
)
_DURATION = re.compile(r"\bfor\s+(\d{1,3}|one|two|three|five|seven|ten|fourteen)\s+(days?|weeks?|months?)\b", _I)


def _earliest(patterns: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> tuple[str, re.Match[str]] | None:
    """The pattern said first: in "500 twice a day, and Trelegy one puff in the morning" the dose's own frequency
    is "twice a day", not the morning puff of the next medicine."""
    found = [(match.start(), order, name, match) for order, (name, pattern) in enumerate(patterns)
             for match in [pattern.search(text)] if match]
    if not found:
        return None
    _, _, name, match = min(found, key=lambda hit: (hit[0], hit[1]))
    return name, match


def _sentence(text: str, start: int, end: int) -> tuple[str, int]:
    """The clause around a mention and where it starts (a medicine's details sit in the same line or sentence)."""
    left = max(text.rfind(mark, 0, start) for mark in (".", "\n", ";", "?", "!")) + 1
    rights = [i for i in (text.find(mark, end) for mark in (".\n", ". ", "\n", ";", "?", "!")) if i != -1]
    right = min(rights) if rights else len(text)
    return text[left:right], left


def with_details(text: str, mentions: list[DrugMention]) -> list[DrugMention]:
    """Each mention with its dose, route, frequency and status read from its own clause."""
    out = []
    for index, mention in enumerate(mentions):
        clause, offset = _sentence(text, mention.start, mention.end)
        next_start = mentions[index + 1].start - offset if index + 1 < len(mentions) else len(clause)
        after = clause[mention.end - offset:max(mention.end - offset, next_start)][:80]
        before = clause[:mention.start - offset]
        dose = _DOSE.search(after)
        if dose and _PER_KILO.match(after[dose.end():]):  # "0.15 milligrams per kilo, so 1.8 milligrams": the total
            dose = _DOSE.search(after, dose.end()) or dose
        bare = None if dose else (_BARE_DOSE_AFTER.match(after) or _BARE_DOSE_BEFORE.search(before))
        route_said = _earliest(_ROUTES, after)
        route = route_said[0] if route_said else next(
            (name for name, pattern in _ROUTES if pattern.search(before[-25:])), None)
        frequency_said = _earliest(_FREQUENCIES, after)
        frequency = None
        if frequency_said:
            name, match = frequency_said
            frequency = name.format(_HOURS.get(match.group(1).lower(), match.group(1))) if "{}" in name else name
        amount = dose or bare
        said_after = after[amount.end():] if amount is not None and amount.string is after else after
        status = next((name for name, pattern in _STATUS if pattern.search(before[-60:]) or pattern.search(after[:30])), "current")
        duration = _DURATION.search(after)
        rest_of_clause = clause[mention.end - offset:]
        if frequency is None and amount and not duration and (
                _GIVEN_NOW.search(said_after[:40]) or (status == "new" and _GIVEN_NOW.search(rest_of_clause))):
            frequency = "once only"  # "prednisolone 40 milligrams orally now": a single dose, given now
        if frequency is None and dose and status == "new" and not duration and route in _ONE_OFF_ROUTES:
            frequency = "once only"  # "morphine 5 milligrams IV" ordered in the room: one dose, not a regimen
        out.append(replace(mention, dose=(amount.group(1).replace(",", ".") if amount else None),
                           unit=(dose.group(2).lower() if dose else None), route=route, frequency=frequency,
                           status=status, course=duration.group(0) if duration else None))
    return out
