"""ICD-10-CM code suggestions for a note: stated diagnoses first, else the presenting symptoms.

Codes are looked up in knowledge/notes/*.yaml and checked against the ICD-10-CM tabular list shipped in the
simple-icd-10-cm package; the description shown is always the package's own. Every code is a suggestion for
the clinician to confirm - coding depends on documentation this engine cannot see.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from types import ModuleType
from typing import Any

from assistant.notes.lexicons import diagnosis_data, symptom_data

MAX_CODES = 6
SOURCE = "ICD-10-CM tabular list (CDC/NCHS) via the simple-icd-10-cm package"


@lru_cache(maxsize=1)
def _icd() -> ModuleType:
    """The ICD-10-CM tables, loaded on first use (about 3 s)."""
    with warnings.catch_warnings():
        # simple-icd-10-cm 1.5 reads its data with importlib.resources.read_text, deprecated in Python 3.11.
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


def describe(code: str) -> str | None:
    """The official description of a code, or None when the code is not in ICD-10-CM."""
    icd = _icd()
    return icd.get_description(code) if icd.is_valid_item(code) else None


def _code(code: str, evidence: str, basis: str, note: str | None = None) -> dict[str, Any] | None:
    description = describe(code)
    if description is None:
        return None
    item = {"code": code, "description": description, "suggestion": True, "evidence": evidence, "basis": basis,
            "source": SOURCE}
    if note:
        item["verify_note"] = note
    return item


def suggest_codes(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """[{code, description, suggestion: True, evidence, basis, source}] - suggestions, never final codes."""
    codes: list[dict[str, Any]] = []
    stated = [d for d in facts.get("diagnoses") or [] if d.get("status") in ("stated", "possible")]
    history = [d for d in facts.get("diagnoses") or [] if d.get("status") == "history"]
    for diagnosis in stated + history:
        entry = diagnosis_data().get(diagnosis["id"]) or {}
        if entry.get("icd10"):
            basis = {"stated": "diagnosis stated", "possible": "possible diagnosis (uncertain)",
                     "history": "known condition"}[diagnosis["status"]]
            item = _code(entry["icd10"], diagnosis["evidence"], basis, entry.get("verify_note"))
            if item:
                codes.append(item)
    if not stated:  # no diagnosis stated: the presenting symptoms are what can be coded
        for symptom in facts.get("symptoms_present") or []:
            code = (symptom_data().get(symptom["id"]) or {}).get("icd10")
            if code:
                item = _code(code, symptom["evidence"], "symptom (no diagnosis stated)")
                if item:
                    codes.insert(len(codes) - len(history) if history else len(codes), item)
    for item in facts.get("manual_codes") or []:
        checked = _code(item["code"], item.get("evidence", ""), "added by the clinician")
        if checked:
            codes.append(checked)
    unique: dict[str, dict[str, Any]] = {}
    removed = set(facts.get("removed_codes") or [])
    for item in codes:
        if item["code"] not in removed:
            unique.setdefault(item["code"], item)
    return list(unique.values())[:MAX_CODES]


@lru_cache(maxsize=1)
def _word_index() -> tuple[list[str], list[set[str]]]:
    icd = _icd()
    leaves = [c for c in icd.get_all_codes(with_dots=True) if icd.is_leaf(c)]
    return leaves, [set(_words(icd.get_description(c))) for c in leaves]


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in {"the", "and", "with", "unspecified"}]


def search_codes(phrase: str, limit: int = 3) -> list[tuple[str, str]]:
    """Billable codes whose description shares the most words with ``phrase`` (for "add diagnosis X" edits)."""
    wanted = set(_words(phrase))
    if not wanted:
        return []
    leaves, words = _word_index()
    scored = []
    for code, have in zip(leaves, words):
        overlap = len(wanted & have)
        if overlap:
            scored.append((overlap / len(wanted | have), overlap, code))
    scored.sort(key=lambda t: (-t[1], "unspecified" not in (describe(t[2]) or "").lower(), -t[0], t[2]))
    return [(code, describe(code) or "") for _, overlap, code in scored[:limit] if overlap == len(wanted)]
