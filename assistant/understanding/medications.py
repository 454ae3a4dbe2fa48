"""How a medicine is taken, read around its name: dose and unit, route, frequency, and whether it is current, new,
stopped or changed ("amoxicillin 500 mg three times a day for 5 days", "I'll start you on ramipril 2.5mg od",
"stopped the naproxen", "salbutamol inhaler as needed")."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.understanding.findings import DrugMention

_I = re.IGNORECASE
_DOSE = re.compile(r"(\d+(?:[.,]\d+)?(?:\s*(?:-|to)\s*\d+(?:[.,]\d+)?)?)\s*(mg|milligrams?|mcg|micrograms?|µg|ug|g|grams?|ml|"
                   r"millilitres?|milliliters?|units?|iu|puffs?|tablets?|tabs?|capsules?|caps|drops?|sprays?|sachets?|patch(?:es)?|"
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
    ("as needed", re.compile(r"\b(?:prn|as\s+(?:and\s+when\s+)?needed|when\s+(?:needed|required)|as\s+required|if\s+needed)\b", _I)),
    ("once daily", re.compile(r"\b(?:od|qd|once\s+(?:a\s+)?(?:day|daily)|once\s+every\s+day|daily|every\s+day|each\s+day|"
                              r"in\s+the\s+morning|every\s+morning|mane)\b", _I)),
    ("twice daily", re.compile(r"\b(?:bd|bid|b\.d\.|twice\s+(?:a\s+)?(?:day|daily)|two\s+times\s+a\s+day|morning\s+and\s+night|"
                               r"every\s+12\s+hours)\b", _I)),
    ("three times daily", re.compile(r"\b(?:tds|tid|t\.d\.s\.|three\s+times\s+(?:a\s+)?(?:day|daily)|every\s+8\s+hours)\b", _I)),
    ("four times daily", re.compile(r"\b(?:qds|qid|four\s+times\s+(?:a\s+)?(?:day|daily)|every\s+6\s+hours)\b", _I)),
    ("at night", re.compile(r"\b(?:nocte|at\s+night|every\s+night|at\s+bedtime|before\s+bed|on)\b(?=[\s,.;]|$)", _I)),
    ("weekly", re.compile(r"\b(?:weekly|once\s+a\s+week|every\s+week)\b", _I)),
    ("every {} hours", re.compile(r"\b(?:every|q)\s*(\d{1,2})\s*(?:hours?|hrs?|h)\b", _I)),
    ("once only", re.compile(r"\b(?:stat|single\s+dose|one\s+dose|once\s+only)\b", _I)),
)
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
        route = next((name for name, pattern in _ROUTES if pattern.search(after) or pattern.search(before[-25:])), None)
        frequency = None
        for name, pattern in _FREQUENCIES:
            match = pattern.search(after)
            if match:
                frequency = name.format(match.group(1)) if "{}" in name else name
                break
        status = next((name for name, pattern in _STATUS if pattern.search(before[-60:]) or pattern.search(after[:30])), "current")
        duration = _DURATION.search(after)
        out.append(replace(mention, dose=(dose.group(1).replace(",", ".") if dose else None),
                           unit=(dose.group(2).lower() if dose else None), route=route, frequency=frequency,
                           status=status, course=duration.group(0) if duration else None))
    return out
