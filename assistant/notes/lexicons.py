"""Load the note engine's data (knowledge/notes/*.yaml) once per process, merged with the triage lexicon.

The symptom vocabulary reuses the triage lexicon's phrases for the same ids, so triage and documentation
read "chest pain" the same way; the note data only adds clinician wording and ICD-10-CM symptom codes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "notes"


class NoteDataError(RuntimeError):
    """A documentation data file is missing or malformed; the message names the file."""


def _load(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise NoteDataError(f"Cannot read documentation data file {path}: {error}") from error
    if not isinstance(data, dict):
        raise NoteDataError(f"{path} should hold a mapping.")
    return data


@lru_cache(maxsize=1)
def symptom_data() -> dict[str, dict[str, Any]]:
    """Symptom id -> {label, icd10?, terms} with the triage phrases for the same id merged in."""
    raw = _load("symptoms.yaml")
    excluded = {t.lower() for t in raw.get("exclude_terms") or []}
    by_id = {k: {t.lower() for t in v} for k, v in (raw.get("exclude_by_id") or {}).items()}
    try:
        from assistant.triage.data_files import concept_terms

        triage_terms = concept_terms()
    except (ImportError, RuntimeError):
        triage_terms = {}
    merged: dict[str, dict[str, Any]] = {}
    for concept, entry in raw["symptoms"].items():
        terms: list[str] = []
        for term in list(entry.get("terms") or []) + list(triage_terms.get(concept, [])):
            key = term.lower()
            if key not in terms and key not in excluded and key not in by_id.get(concept, set()):
                terms.append(key)
        terms = terms or [entry["label"]]
        merged[concept] = {**entry, "terms": terms}
    return merged


@lru_cache(maxsize=1)
def diagnosis_data() -> dict[str, dict[str, Any]]:
    return _load("diagnoses.yaml")["diagnoses"]


@lru_cache(maxsize=1)
def symptom_lexicon() -> dict[str, list[str]]:
    return {concept: entry["terms"] for concept, entry in symptom_data().items()}


@lru_cache(maxsize=1)
def diagnosis_lexicon() -> dict[str, list[str]]:
    return {concept: list(entry["terms"]) for concept, entry in diagnosis_data().items()}


def label_of(concept: str) -> str:
    entry = symptom_data().get(concept) or diagnosis_data().get(concept) or {}
    return entry.get("label", concept.replace("_", " "))


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    return _load("cues.yaml")


@lru_cache(maxsize=16)
def cue_pattern(name: str) -> re.Pattern[str]:
    """One regex for a cue list, longest phrase first, on word boundaries."""
    raw = cues()[name]
    if not all(isinstance(p, str) for p in raw):
        raise NoteDataError(f"knowledge/notes/cues.yaml: every entry of {name!r} must be a quoted string.")
    phrases = sorted((p.lower() for p in raw), key=len, reverse=True)
    body = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<![a-z])(?:{body})(?![a-z])", re.IGNORECASE)
