"""A clinician's plan sentence as the items a note lists: "Keep moving, carry on with the ibuprofen, and I'll refer
you to physio" is three items; "doxycycline, 200 milligrams on the first day, five days in total" stays one (a dose
or a duration belongs to the item before it). Follow-up is written the way notes write it ("Review in 48 hours"),
and conditional advice is labelled as safety-netting. The words stay the clinician's; only the framing changes, and
each item keeps the line it came from.
"""

from __future__ import annotations

import re
from typing import Callable

_CONDITIONAL = re.compile(r"\b(?:if|unless|in\s+case)\b", re.IGNORECASE)
# A piece that only sets up the next one ("Because she's on warfarin, we need ...", "For the attacks, ...").
_LEADING = re.compile(r"^(?:because|with|for|given|as|since|while|depending|before|after|so|due\s+to|in\s+view\s+of)\b",
                      re.IGNORECASE)
_SPLIT = re.compile(r"\s*;\s*|,\s*(?:and\s+|then\s+)?(?=\S)")
# A piece that only qualifies the one before it: a dose, a frequency, a duration, "then ...".
_QUALIFIER = re.compile(r"^(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|half|then|for|until|up\s+to|every|"
                        r"once|twice|at\s+night|in\s+the|with|without|after|before|as\s+needed|when|so\b|which|that|"
                        r"and\s+then|or\s+|but\b|please\b|now\b|usually|about|around|starting|increasing|reducing|"
                        r"going\s+up|down\s+to|max(?:imum)?\b)", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"\b(?:see\s+(?:you|him|her|them)(?:\s+again)?|review\s+(?:you|him|her|them)?|come\s+back|"
    r"bring\s+(?:him|her|them)\s+back|follow(?:[\s-]+up)?|check\s+on\s+(?:you|him|her|them))\b[^.]*?"
    r"\b(?:in|after|within)\s+((?:\d+|an?|one|two|"
    r"three|four|five|six|seven|eight|ten|twelve|a\s+couple\s+of|a\s+few)\s+(?:hours?|days?|weeks?|months?))",
    re.IGNORECASE)
_SAFETY_NET = "Safety-net advice: "


def _pieces(text: str) -> list[str]:
    """Comma- or semicolon-separated pieces: a qualifier or a fragment of three words or fewer folds back into the
    piece before it, a lead-in ("because ...", "for the attacks") forward into the piece after it."""
    pieces: list[str] = []
    lead = ""
    for raw in _SPLIT.split(text):
        piece = raw.strip(" .")
        if not piece:
            continue
        if lead:
            pieces.append(f"{lead}, {piece}")
            lead = ""
        elif pieces and (_QUALIFIER.match(piece) or len(piece.split()) <= 3):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        elif _LEADING.match(piece):
            lead = piece
        else:
            pieces.append(piece)
    if lead:
        pieces.append(lead)
    return pieces


def _sentence(text: str) -> str:
    text = text.strip(" ,;")
    text = text[0].upper() + text[1:] if text else text
    return text if text.endswith((".", "!", "?")) else text + "."


def plan_items(text: str, is_safety_net: Callable[[str], bool]) -> list[str]:
    """The items of one plan sentence, each a sentence. A conditional stays whole; ``is_safety_net`` says whether it
    sends the patient somewhere ("... go to A&E", "come back if ...") and so is labelled as safety-netting."""
    text = re.sub(r"^(?:plan|management)\s+(?=\w)", "", text.strip(), flags=re.IGNORECASE)
    if not text:
        return []
    if _CONDITIONAL.search(text):
        if not is_safety_net(text):
            return [_sentence(text)]
        keep_capital = re.match(r"I\b", text) is not None  # "I" stays a capital
        return [_sentence(_SAFETY_NET + (text if keep_capital else text[0].lower() + text[1:]))]
    items = []
    for piece in _pieces(text):
        follow_up = _FOLLOW_UP.search(piece)
        if follow_up and len(piece.split()) <= 12 and not re.search(r"\bif\b", piece, re.IGNORECASE):
            items.append(_sentence(f"Review in {follow_up.group(1).lower()}"))
        else:
            items.append(_sentence(piece))
    return items
