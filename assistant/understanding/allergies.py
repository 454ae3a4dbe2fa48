"""Allergies with their reaction: "allergic to penicillin (rash)", "penicillin allergy - hives", "NKDA".

Only the substance is kept as the allergen; the words around it ("I get a") are not, so a note never lists
"i get a (rash)" as an allergy.
"""

from __future__ import annotations

import re

from assistant.understanding.findings import Allergy

_I = re.IGNORECASE
_NONE = re.compile(r"\b(?:nkda|nka|nkfa|no\s+known\s+(?:drug\s+|medication\s+|medicine\s+)?allerg\w*|no\s+(?:drug\s+)?allerg\w*|"
                   r"allergies\s*[:\-]\s*(?:none|nil|nkda|no)|not\s+allergic\s+to\s+anything|nil\s+allerg\w*)\b", _I)
_SUBSTANCE = r"([a-z][a-z\-]*(?:\s+[a-z][a-z\-]*){0,2}?)"
_REACTIONS = (r"anaphyla\w*|hives|urticaria|rash(?:es)?|swelling|swollen\s+(?:lips|face|tongue|throat)|wheez\w*|itch\w*|"
              r"vomiting|nausea|diarrho?ea|blisters?|angioedema|breathing\s+(?:problems|difficulty)|throat\s+(?:closing|swelling)|"
              r"shortness\s+of\s+breath|sob|stevens[- ]johnson|sjs|upset\s+stomach|dizziness|headache|collapse|palpitations|"
              r"facial\s+swelling|lip\s+swelling")
_PATTERNS = (
    re.compile(rf"\ballergic\s+to\s+{_SUBSTANCE}(?=\s*(?:[,.;()\-–—:]|\band\b|\bit\b|\bgives?\b|\bcaus|\bwhich\b|\bgot\b|\bi\s+get\b|$))", _I),
    re.compile(rf"\b{_SUBSTANCE}\s+allerg(?:y|ies)\b", _I),
    re.compile(rf"\ballerg(?:y|ies)\s*(?:to|:|-)\s*{_SUBSTANCE}(?=\s*(?:[,.;()\-–—]|\band\b|$))", _I),
    re.compile(rf"\b{_SUBSTANCE}\s+(?:gives|gave)\s+(?:me|him|her)\s+(?:a\s+)?(?={_REACTIONS})", _I),
)
_REACTION_AFTER = re.compile(rf"^[^.;\n]{{0,40}}?\b({_REACTIONS})\b", _I)
_NOT_SUBSTANCE = {"i", "me", "my", "a", "an", "the", "it", "this", "that", "something", "anything", "nothing", "some",
                  "any", "known", "drug", "drugs", "medication", "medications", "medicine", "medicines", "no", "not",
                  "severe", "seasonal", "food", "foods", "he", "she", "they", "you", "mild", "an", "is", "was", "get",
                  "got", "having", "had", "any drug", "his", "her", "what", "which", "also", "only"}
_LEADING = re.compile(r"^(?:to|the|a|an|my|his|her|any|some|severe|mild|known|also|only|really|very)\s+", _I)


def read_allergies(text: str) -> tuple[list[Allergy], bool]:
    """(allergies stated, "no known allergies" said)."""
    no_known = bool(_NONE.search(text))
    found: dict[str, Allergy] = {}
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            substance = _LEADING.sub("", match.group(1).strip().lower())
            substance = re.sub(r"\s+(?:and|which|that|it|gives?|caus\w*|i|makes?)$", "", substance).strip()
            if not substance or substance in _NOT_SUBSTANCE or substance.split()[0] in _NOT_SUBSTANCE:
                continue
            if re.fullmatch(_REACTIONS, substance, _I):
                continue
            reaction_match = _REACTION_AFTER.search(text[match.end():match.end() + 60]) or \
                re.search(rf"\b({_REACTIONS})\b", text[max(0, match.start() - 30):match.start()], _I)
            reaction = reaction_match.group(1).lower() if reaction_match else None
            if substance not in found or (reaction and not found[substance].reaction):
                found[substance] = Allergy(substance=substance, reaction=reaction, surface=match.group(0))
    return list(found.values()), no_known and not found


_ANSWER_SPLIT = re.compile(r"\s*(?:[,;:()\-–—]|\bgives?\b|\bgave\b|\bcaus\w*\b|\bmakes?\b|\bi\s+get\b|\bhe\s+gets\b|"
                           r"\bshe\s+gets\b|\bwith\b)\s*", _I)


def read_allergy_answer(text: str) -> list[Allergy]:
    """An answer to "any allergies?" that names substances without the word allergy: "penicillin - rash",
    "amoxicillin, I get hives", "peanuts and latex"."""
    found, _ = read_allergies(text)
    if found:
        return found
    reaction = re.search(rf"\b({_REACTIONS})\b", text, _I)
    head = _ANSWER_SPLIT.split(text.strip(), maxsplit=1)[0]
    allergies = []
    for part in re.split(r"\s*(?:\band\b|&|/)\s*", head):
        substance = _LEADING.sub("", part.strip().lower()).strip(" .!")
        if (substance and len(substance.split()) <= 3 and substance not in _NOT_SUBSTANCE
                and substance.split()[0] not in _NOT_SUBSTANCE and not re.fullmatch(_REACTIONS, substance, _I)
                and not re.match(r"^(?:yes|yeah|yep|only|just|um+|er+|well)\b", substance)):
            allergies.append(Allergy(substance=substance, reaction=reaction.group(1).lower() if reaction else None,
                                     surface=text.strip()[:80]))
    return allergies
