"""The red-flag rule engine: concepts found in the text + known patient facts + NEWS2 -> fired rules.

A rule fires when its gates (age, pregnancy, exclusions) hold and any one trigger does: one of its own
phrases, its co-occurring concepts, a vital-sign threshold or a NEWS2 score. Nothing here can lower a
level: the engine only ever adds red flags.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from assistant.artifacts import level_rank
from assistant.safety.rulebook import RedFlagBook, RedFlagRule


@dataclass(frozen=True)
class RedFlag:
    """A fired rule, with the words that fired it and the guideline it comes from."""

    id: str
    label: str
    level: str
    rule: str
    source: str
    evidence: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Findings:
    """What the engine may use: concept -> the words that showed it (affirmed now or carried over)."""

    present: dict[str, str]
    resolved: dict[str, str]
    patient: dict
    early_warning: dict | None


def _gates_hold(rule: RedFlagRule, findings: Findings, concepts: dict[str, str]) -> bool:
    patient = findings.patient
    if any(concept in concepts for concept in rule.unless_any):
        return False
    if rule.only_if_any and not any(concept in concepts for concept in rule.only_if_any):
        return False
    age = patient.get("age_years")
    if rule.adult_only and ((age is not None and age < 16) or patient.get("pregnant") is True):
        return False
    if rule.age_min_years is not None or rule.age_max_years is not None:
        alternative = any(concept in concepts for concept in rule.age_alternatives)
        if age is None:
            if not alternative:
                return False
        elif (rule.age_min_years is not None and age < rule.age_min_years) or (
            rule.age_max_years is not None and age >= rule.age_max_years
        ):
            return False
    if rule.pregnant:
        pregnant = patient.get("pregnant") is True or (rule.include_postpartum and patient.get("postpartum"))
        if not pregnant:
            return False
    return True


def _concept_evidence(rule: RedFlagRule, concepts: dict[str, str]) -> list[str] | None:
    if rule.pattern_concept in concepts:
        return [concepts[rule.pattern_concept]]
    if not (rule.requires_all or rule.requires_any):
        return None
    evidence: list[str] = []
    for group in rule.requires_all:
        hit = next((c for c in group if c in concepts), None)
        if hit is None:
            return None
        evidence.append(concepts[hit])
    if rule.requires_any:
        hits = [concepts[c] for c in rule.requires_any if c in concepts]
        if len(hits) < rule.min_any:
            return None
        evidence.extend(hits)
    return evidence


def _vital_evidence(rule: RedFlagRule, findings: Findings) -> list[str] | None:
    vitals = findings.patient.get("vitals") or {}
    held = [f"{t.field} {vitals[t.field]:g}" for t in rule.vitals_any if t.holds(vitals)]
    if held:
        return held
    news = findings.early_warning
    if news and (rule.news2_min is not None or rule.news2_single_3):
        in_range = rule.news2_min is not None and news["score"] >= rule.news2_min and (
            rule.news2_max is None or news["score"] <= rule.news2_max
        )
        if in_range or (rule.news2_single_3 and news["single_parameter_3"] and news["band"] == "low-medium"):
            parts = ", ".join(f"{name} {points}" for name, points in news["components"].items() if points)
            return [f"NEWS2 {news['score']} ({parts})"]
    return None


def _fire(rule: RedFlagRule, findings: Findings, concepts: dict[str, str]) -> list[str] | None:
    if not _gates_hold(rule, findings, concepts):
        return None
    return _concept_evidence(rule, concepts) or _vital_evidence(rule, findings)


def _unique(parts: list[str]) -> str:
    seen: list[str] = []
    for part in parts:
        if part not in seen:
            seen.append(part)
    return " + ".join(seen)


def evaluate_red_flags(book: RedFlagBook, findings: Findings, resolved_suffix: str = "") -> list[RedFlag]:
    """Every rule that fires, most urgent first (resolved-only evidence fires at the rule's resolved_level)."""
    fired: list[RedFlag] = []
    groups: dict[str, str] = {}
    with_resolved = {**findings.resolved, **findings.present}
    for rule in book.rules:
        evidence = _fire(rule, findings, findings.present)
        level, text = rule.level, rule.rule
        if evidence is None and rule.resolved_level and findings.resolved:
            evidence = _fire(rule, findings, with_resolved)
            level, text = rule.resolved_level, f"{rule.rule} {resolved_suffix}".strip()
        if evidence is None:
            continue
        if rule.group and rule.group in groups:
            kept = next(i for i, f in enumerate(fired) if f.id == groups[rule.group])
            if level_rank(level) >= level_rank(fired[kept].level):
                continue
            fired.pop(kept)
        if rule.group:
            groups[rule.group] = rule.id
        if rule.note:
            text = f"{text} Note: {rule.note}"
        fired.append(RedFlag(rule.id, rule.label, level, text, rule.source, _unique(evidence)))
    fired.sort(key=lambda flag: level_rank(flag.level))
    return fired
