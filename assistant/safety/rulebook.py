"""Load the safety knowledge (red-flag rules, crisis phrases, contacts, injection patterns) from YAML.

The rules are data in ``knowledge/safety/`` so clinicians can read and review them without reading
code; this module only validates and freezes them. Loaded lazily, once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from assistant.artifacts import LEVELS


class RulebookError(ValueError):
    """The safety data files are missing or malformed: the safety layer must not run half-loaded."""


_VITAL_RE = re.compile(r"^\s*(spo2|heart_rate|sbp|dbp|resp_rate|temp_c)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class VitalThreshold:
    field: str
    op: str
    value: float

    def holds(self, vitals: dict) -> bool:
        reading = vitals.get(self.field)
        if reading is None:
            return False
        return {"<": reading < self.value, "<=": reading <= self.value,
                ">": reading > self.value, ">=": reading >= self.value}[self.op]

    def __str__(self) -> str:
        return f"{self.field} {self.op} {self.value:g}"


@dataclass(frozen=True)
class RedFlagRule:
    """One red flag: fires when its gates hold and any of its triggers (phrases, concepts, vitals, NEWS2) does."""

    id: str
    label: str
    level: str
    rule: str
    source: str
    patterns: tuple[str, ...] = ()
    requires_all: tuple[tuple[str, ...], ...] = ()  # each inner tuple: any one of these concepts
    requires_any: tuple[str, ...] = ()
    min_any: int = 1
    unless_any: tuple[str, ...] = ()
    age_min_years: float | None = None
    age_max_years: float | None = None
    age_alternatives: tuple[str, ...] = ()  # concepts that satisfy the age gate when age is unknown
    only_if_any: tuple[str, ...] = ()  # gate: one of these concepts must be known (e.g. COPD)
    adult_only: bool = False  # gate: skipped for a known age under 16 or in pregnancy (NEWS2 scope)
    pregnant: bool | None = None
    include_postpartum: bool = False
    vitals_any: tuple[VitalThreshold, ...] = ()
    news2_min: int | None = None
    news2_max: int | None = None
    news2_single_3: bool = False
    resolved_level: str | None = None
    note: str | None = None
    group: str | None = None  # only the most urgent fired rule of a group is reported
    retracted_by: tuple[str, ...] = ()

    @property
    def pattern_concept(self) -> str:
        return f"rule:{self.id}"


@dataclass(frozen=True)
class RedFlagBook:
    concepts: dict[str, list[str]]
    persistent: frozenset[str]
    rules: tuple[RedFlagRule, ...]
    lexicon: dict[str, list[str]] = field(default_factory=dict)  # concepts + each rule's own patterns
    derived: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept -> vital thresholds / fact names


def _read(name: str) -> Any:
    try:
        text = resources.files("knowledge").joinpath("safety", name).read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as error:
        raise RulebookError(f"Cannot read safety data file {name}: {error}") from error


def vital_threshold(text: str) -> VitalThreshold:
    match = _VITAL_RE.match(text)
    if not match:
        raise RulebookError(f"bad vital threshold {text!r}")
    return VitalThreshold(match.group(1), match.group(2), float(match.group(3)))


def _rule(raw: dict, concepts: dict | set) -> RedFlagRule:
    try:
        rule_id = raw["id"]
        requires_all = tuple(tuple(item) if isinstance(item, list) else (item,) for item in raw.get("requires_all", []))
        vitals = [vital_threshold(text) for text in raw.get("vitals_any", [])]
        rule = RedFlagRule(
            id=rule_id, label=raw["label"], level=raw["level"], rule=" ".join(raw["rule"].split()),
            source=raw["source"], patterns=tuple(raw.get("patterns", [])), requires_all=requires_all,
            requires_any=tuple(raw.get("requires_any", [])), min_any=int(raw.get("min_any", 1)),
            unless_any=tuple(raw.get("unless_any", [])), age_min_years=raw.get("age_min_years"),
            age_max_years=raw.get("age_max_years"), age_alternatives=tuple(raw.get("age_alternatives", [])),
            only_if_any=tuple(raw.get("only_if_any", [])), adult_only=bool(raw.get("adult_only", False)),
            pregnant=raw.get("pregnant"), include_postpartum=bool(raw.get("include_postpartum", False)),
            vitals_any=tuple(vitals), news2_min=raw.get("news2_min"), news2_max=raw.get("news2_max"),
            news2_single_3=bool(raw.get("news2_single_3", False)), resolved_level=raw.get("resolved_level"),
            note=raw.get("note"), group=raw.get("group"),
            retracted_by=tuple(raw.get("retracted_by", [c for group in requires_all for c in group])),
        )
    except KeyError as missing:
        raise RulebookError(f"red-flag rule {raw.get('id', '?')} lacks {missing}") from missing
    for level in (rule.level, rule.resolved_level):
        if level is not None and level not in LEVELS:
            raise RulebookError(f"rule {rule.id}: unknown level {level!r}")
    used = [c for group in rule.requires_all for c in group] + list(rule.requires_any) + list(rule.unless_any)
    used += list(rule.only_if_any)
    unknown = [c for c in used + list(rule.age_alternatives) if c not in concepts]
    if unknown:
        raise RulebookError(f"rule {rule.id}: unknown concepts {unknown}")
    if not (rule.patterns or rule.requires_all or rule.requires_any or rule.vitals_any or rule.news2_min
            or rule.news2_single_3):
        raise RulebookError(f"rule {rule.id} has no trigger")
    return rule


@lru_cache(maxsize=1)
def red_flag_book() -> RedFlagBook:
    data = _read("red_flags.yaml") or {}
    concepts = {name: list(phrases) for name, phrases in (data.get("concepts") or {}).items()}
    derived = {name: tuple(items) for name, items in (data.get("derived_concepts") or {}).items()}
    for name, items in derived.items():
        for item in items:
            if item not in ("pregnant", "postpartum"):
                vital_threshold(item)
    rules = tuple(_rule(raw, set(concepts) | set(derived)) for raw in data.get("rules") or [])
    if not rules:
        raise RulebookError("red_flags.yaml has no rules")
    ids = [rule.id for rule in rules]
    if len(ids) != len(set(ids)):
        raise RulebookError("duplicate red-flag rule ids")
    lexicon = dict(concepts)
    for rule in rules:
        if rule.patterns:
            lexicon[rule.pattern_concept] = list(rule.patterns)
    return RedFlagBook(concepts, frozenset(data.get("persistent_concepts") or []), rules, lexicon, derived)


@lru_cache(maxsize=1)
def crisis_data() -> dict:
    data = _read("crisis.yaml") or {}
    for key in ("kinds", "replies"):
        if key not in data:
            raise RulebookError(f"crisis.yaml lacks {key}")
    return data


@lru_cache(maxsize=1)
def contacts_data() -> dict:
    data = _read("contacts.yaml") or {}
    if "countries" not in data or "generic" not in data["countries"]:
        raise RulebookError("contacts.yaml needs countries with a 'generic' fallback")
    return data


@lru_cache(maxsize=1)
def injection_data() -> dict:
    data = _read("injection.yaml") or {}
    if not data.get("patterns"):
        raise RulebookError("injection.yaml has no patterns")
    return data
