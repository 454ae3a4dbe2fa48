"""Medicines and allergies named in a sentence, told apart ("allergic to penicillin" is not a medicine).

Drug names come from knowledge.drugs.names.find_mentions (one name resolver for the whole product);
negation comes from assistant.clinical_text.find_concepts run on the drug's own words.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.clinical_text import find_concepts

_NONE_KNOWN = re.compile(
    r"\b(?:no known (?:drug |medication |medicine )?allergies|nkda|nka|no (?:drug |medication )?allergies|"
    r"not allergic to anything|no allergies to (?:any )?(?:medicines|medications|drugs))\b",
    re.IGNORECASE,
)
_ALLERGY_BEFORE = re.compile(
    r"\b(?:allergic|allergy|allergies|sensitive|sensitivity|intolerant|intolerance|reaction|reacts?|reacted)"
    r"\s+(?:to|with)\s+(?:(?:an?|the|some)\s+)?$",
    re.IGNORECASE,
)
_ALLERGY_AFTER = re.compile(r"^\s*(?:allergy|allergic|intolerance|sensitivity)\b", re.IGNORECASE)
_ALLERGY_REACTION_AFTER = re.compile(
    r"^\s*(?:gives?|gave|caused?|causes|brings? (?:me )?out in|brought \w+ out in)\s+(?:me\s+|him\s+|her\s+|them\s+)?"
    r"(?:a\s+|an\s+)?(?:rash|hives|anaphylaxis|swelling|wheez\w*|reaction)",
    re.IGNORECASE,
)
_ALLERGY_LIST = re.compile(
    r"\b(?:allergic|allergy|allergies|intolerant|intolerance)\s*(?:is\s+|are\s+|include\s+)?(?:to\b|:|-)\s*"
    r"(?P<list>[^.;:!?()]+)",
    re.IGNORECASE,
)
_LIST_STOP = re.compile(r"\b(?:which|that|it|they|gives?|gave|caus\w*|with|since|when|but|as|so)\b.*$", re.IGNORECASE)
_ALLERGY_NOUN_BEFORE = re.compile(r"\b(?P<before>[a-z][a-z\-]{2,20})\s+allerg(?:y|ies)\b", re.IGNORECASE)
_REACTION = re.compile(r"\b(anaphylaxis|anaphylactic|hives|urticaria|rash|swelling|wheez\w*|angioedema|vomiting)\b", re.I)
_STOPPED = re.compile(
    r"\b(?:stopped|stop(?:ping)?|came off|come off|discontinued?|no longer (?:on|taking)|used to take|ran out of)\b[^.]{0,15}$",
    re.IGNORECASE,
)
_CONTINUE = re.compile(r"\b(?:continue|keep (?:taking|using|on)|carry on|stay on)\b", re.IGNORECASE)
_NOT_MEDICINES = frozenset({"alcohol", "caffeine", "ethanol", "nicotine", "water", "oxygen"})
_NOT_ALLERGEN_START = frozenset({"no", "not", "any", "known", "drug", "medication", "food", "seasonal", "an", "this",
                                 "gets", "get", "got", "makes", "made", "only", "just", "severe", "mild"})
_NOT_ALLERGENS = frozenset(
    {"anything", "nothing", "any", "anything else", "none", "medicines", "medications", "drugs", "it", "that", "them"}
)


def _mentions(sentence: str) -> list[Any]:
    from knowledge.drugs.names import find_mentions  # lazy: the name tables load on first use

    return [m for m in find_mentions(sentence) if _believable(m, sentence)]


def _believable(mention: Any, sentence: str) -> bool:
    """Drop name matches that are everyday words in a consultation ("sinus", "alert", "target" are US brand
    names; "antibiotics" is a class, not a medicine; alcohol is not a prescription)."""
    res = mention.resolution
    if res.matched_by == "fuzzy" and res.score < 93:
        return False
    if (res.matched_by == "brand" or (res.matched_by == "fuzzy" and res.score >= 100)) and not (mention.text[:1].isupper() and sentence[: mention.start].strip()):
        return False  # a brand name is written with a capital, and not only because it starts the sentence
    if re.search(r"\bagents?\b", res.generic or "") or (res.generic or "").lower() in _NOT_MEDICINES:
        return False
    return True


def _negated(sentence: str, surface: str) -> bool:
    """Negated within its own clause ("No medicines, he's allergic to amoxicillin" does not deny amoxicillin)."""
    lexicon = {"drug": [surface.lower()]}
    clauses = [c for c in re.split(r"[,;]|\bbut\b", sentence) if surface.lower() in c.lower()]
    found = [m for clause in clauses or [sentence] for m in find_concepts(clause, lexicon)]
    return bool(found) and all(m.negated for m in found)


def allergy_none_known(sentence: str) -> bool:
    return bool(_NONE_KNOWN.search(sentence))


def read_sentence(sentence: str, *, plan: bool = False) -> tuple[list[dict], list[dict]]:
    """(medications, allergies) in one sentence, each with its evidence."""
    medications: list[dict] = []
    allergies: list[dict] = []
    if _NONE_KNOWN.search(sentence):
        return medications, allergies
    for mention in _mentions(sentence):
        name = mention.resolution.generic or mention.text.lower()
        before, after = sentence[: mention.start], sentence[mention.end:]
        allergy = bool(_ALLERGY_BEFORE.search(before[-40:]) or _ALLERGY_AFTER.match(after)
                       or _ALLERGY_REACTION_AFTER.match(after)
                       or any(a <= mention.start < b for a, b in _list_spans(sentence)))
        if _negated(sentence, mention.text):
            continue
        if allergy:
            reaction = _REACTION.search(sentence)
            allergies.append({"substance": name, "surface": mention.text, "evidence": sentence,
                              "reaction": reaction.group(1).lower() if reaction else None})
            continue
        if _STOPPED.search(before[-40:]):
            status = "stopped"
        elif plan and not _CONTINUE.search(sentence):
            status = "new"
        else:
            status = "current"
        medications.append({"name": name, "surface": mention.text, "status": status, "evidence": sentence})
    for what in _allergen_words(sentence):
        if any(a["substance"] == what or a["surface"].lower() == what for a in allergies):
            continue
        reaction = _REACTION.search(sentence)
        allergies.append({"substance": what, "surface": what, "evidence": sentence,
                          "reaction": reaction.group(1).lower() if reaction else None})
    return medications, allergies


def _list_spans(sentence: str) -> list[tuple[int, int]]:
    spans = []
    for match in _ALLERGY_LIST.finditer(sentence):
        listed = _LIST_STOP.sub("", match.group("list"))
        spans.append((match.start("list"), match.start("list") + len(listed)))
    return spans


def _allergen_words(sentence: str) -> list[str]:
    """Non-drug allergens named after "allergic to" / "allergies:" or before "allergy" (peanuts, latex)."""
    drugs = {m.text.lower() for m in _mentions(sentence)}
    found: list[str] = []
    pieces = [sentence[a:b] for a, b in _list_spans(sentence)]
    items = [p for piece in pieces for p in re.split(r",|\band\b|\bor\b|/", piece)]
    items += [m.group("before") for m in _ALLERGY_NOUN_BEFORE.finditer(sentence)]
    for item in items:
        words = re.sub(r"^(?:an?|the|some|any|to)\s+", "", item.strip().lower()).split()[:3]
        what = " ".join(words).strip(" -")
        if not what or what in _NOT_ALLERGENS or words[0] in _NOT_ALLERGEN_START or what in drugs or _REACTION.search(what):
            continue
        if any(what in d or d in what for d in drugs) or _negated(sentence, words[-1]):
            continue
        found.append(what)
    return found


def drug_names_in(sentence: str) -> list[str]:
    """Generic names of every drug named (used for yes/no questions such as "Are you on warfarin?")."""
    return [m.resolution.generic for m in _mentions(sentence) if m.resolution.generic]
