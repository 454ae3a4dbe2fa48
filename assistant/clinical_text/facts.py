"""Patient facts gathered across turns: demographics plus the latest vital signs.

Shape: ``{age_years, sex, pregnant, gestation_weeks, postpartum, vitals: {...}, conditions: [...],
findings: [...]}`` with only known keys. ``conditions``/``findings`` are filled by the safety screen.
"""

from __future__ import annotations

from assistant.clinical_text.demographics import extract_demographics
from assistant.clinical_text.vitals import extract_vitals

_LIST_KEYS = ("conditions",)


def extract_patient_facts(text: str) -> dict:
    """Demographics and vital signs stated in one piece of text."""
    facts = extract_demographics(text)
    vitals = extract_vitals(text)
    if vitals:
        facts["vitals"] = vitals
    return facts


def merge_facts(old: dict | None, new: dict | None) -> dict:
    """Newer facts win key by key; vitals merge reading by reading; condition lists are unioned."""
    merged = dict(old or {})
    for key, value in (new or {}).items():
        if value is None:
            continue
        if key == "vitals" and isinstance(value, dict):
            merged["vitals"] = {**(merged.get("vitals") or {}), **value}
        elif key in _LIST_KEYS and isinstance(value, list):
            merged[key] = sorted(set(merged.get(key) or []) | set(value))
        else:
            merged[key] = value
    return merged
