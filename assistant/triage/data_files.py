"""Load the triage lexicon, level rules, advice and reference cases once per process (read-only data)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "triage"


class TriageDataError(RuntimeError):
    """A triage data file is missing or malformed; the message names the file."""


def _load(name: str) -> Any:
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise TriageDataError(f"Cannot read triage data file {path}: {error}") from error


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    data = _load("lexicon.yaml")
    if not isinstance(data, dict) or "complaints" not in data or "items" not in data:
        raise TriageDataError("knowledge/triage/lexicon.yaml needs 'items' and 'complaints' sections.")
    return data


@lru_cache(maxsize=1)
def level_rules() -> list[dict[str, Any]]:
    data = _load("level_rules.yaml")
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        raise TriageDataError("knowledge/triage/level_rules.yaml needs a 'rules' list.")
    for rule in rules:
        missing = {"id", "level", "reason", "source"} - set(rule)
        if missing:
            raise TriageDataError(f"Rule {rule.get('id', '?')} lacks {', '.join(sorted(missing))}.")
    return rules


@lru_cache(maxsize=1)
def advice() -> dict[str, Any]:
    return _load("advice.yaml")


@lru_cache(maxsize=1)
def reference_cases() -> list[dict[str, Any]]:
    data = _load("reference_cases.yaml")
    cases = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(cases, list) or not cases:
        raise TriageDataError("knowledge/triage/reference_cases.yaml needs a non-empty 'cases' list.")
    return cases


def complaint_info(complaint: str | None) -> dict[str, Any]:
    return lexicon()["complaints"].get(complaint or "", {})


def concept_label(concept: str) -> str:
    data = lexicon()
    entry = data["complaints"].get(concept) or data["symptoms"].get(concept) or {}
    return entry.get("label", concept.replace("_", " "))


@lru_cache(maxsize=1)
def concept_terms() -> dict[str, list[str]]:
    """Concept id -> phrases, complaints and symptoms merged (the lexicon handed to find_concepts)."""
    data = lexicon()
    terms: dict[str, list[str]] = {}
    for section in ("complaints", "symptoms"):
        for concept, entry in data[section].items():
            terms.setdefault(concept, [])
            terms[concept] += [t for t in entry.get("terms", []) if t not in terms[concept]]
    return terms
