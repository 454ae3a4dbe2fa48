"""Level from the intake under the complaint rules of knowledge/triage/level_rules.yaml.

Rules are evaluated with three values: True, False or None (depends on a slot we do not know yet).
None is what makes a question worth asking; for the provisional level, an unknown condition counts as
not met, except ``without`` (symptoms not mentioned are provisionally taken as absent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.artifacts import most_urgent
from assistant.triage.data_files import complaint_info, level_rules
from assistant.triage.intake import Intake

_COMPARE = {"gt": lambda a, b: a > b, "gte": lambda a, b: a >= b, "lt": lambda a, b: a < b, "lte": lambda a, b: a <= b}
_NUMERIC_SLOTS = {"duration_days": "duration", "severity": "severity", "age_years": "age"}


@dataclass
class RuleOutcome:
    rule: dict[str, Any]
    status: bool | None  # True fired, False cannot fire, None undecided
    unknown_items: list[str] = field(default_factory=list)  # intake items that would decide it
    provisional: bool = False  # True when it fires only because unmentioned symptoms were assumed absent


@dataclass
class RuleLevel:
    level: str | None
    base_level: str | None  # the complaints' default level before rules
    fired: list[RuleOutcome]
    undecided: list[RuleOutcome]


def _as_list(value: Any) -> list[str]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _check(intake: Intake, key: str, want: Any) -> tuple[bool | None, str | None, bool]:
    """(result, intake item that would decide it when unknown, assumed) for one condition."""
    if key == "complaint":
        return bool(set(_as_list(want)) & intake.present), None, False
    if key == "with":
        wanted = set(want)
        if wanted & intake.present:
            return True, None, False
        if wanted <= set(intake.absent) or intake.is_known("associated") and intake.is_known("red_flags"):
            return False, None, False
        return None, "associated", False
    if key == "without":
        unwanted = set(want)
        if unwanted & intake.present:
            return False, None, False
        if unwanted <= set(intake.absent) or intake.is_known("red_flags") and intake.is_known("associated"):
            return True, None, False
        return None, "red_flags", True
    if key in _NUMERIC_SLOTS:
        value = getattr(intake, key)
        if value is None:
            return None, _NUMERIC_SLOTS[key], False
        return all(_COMPARE[op](value, bound) for op, bound in want.items()), None, False
    if key == "temperature_c":
        value = intake.vitals.get("temp_c")
        if value is None:
            return None, "vitals", False
        return all(_COMPARE[op](value, bound) for op, bound in want.items()), None, False
    if key == "sex":
        return (None, "sex", False) if intake.sex is None else (intake.sex == want, None, False)
    if key == "pregnant":
        if intake.pregnant is None:
            if intake.sex == "male" or (intake.age_years is not None and not 11 <= intake.age_years <= 55):
                return (want is False), None, False
            return None, "pregnancy", False
        return intake.pregnant == want, None, False
    if key == "onset":
        return (None, "onset", False) if intake.onset is None else (intake.onset == want, None, False)
    if key == "conditions_any":
        if intake.conditions is None and intake.medicines is None:
            return None, "conditions", False
        history = " ".join((intake.conditions or []) + (intake.medicines or [])).lower()
        return any(word in history for word in want), None, False
    raise ValueError(f"Unknown rule condition {key!r}")


def evaluate_rule(rule: dict[str, Any], intake: Intake) -> RuleOutcome:
    unknown: list[str] = []
    assumed = False
    status: bool | None = True
    for key, want in rule.items():
        if key in ("id", "level", "reason", "source"):
            continue
        result, item, assumption = _check(intake, key, want)
        if result is False:
            return RuleOutcome(rule, False)
        if result is None:
            if assumption:
                assumed = True
            else:
                status = None
            if item and item not in unknown:
                unknown.append(item)
    if status and assumed:
        return RuleOutcome(rule, True, unknown, provisional=True)
    return RuleOutcome(rule, status, unknown)


def base_level(intake: Intake) -> str | None:
    """Most urgent default level among the complaints mentioned (None when no complaint is known)."""
    return most_urgent(*(complaint_info(c).get("default_level") for c in intake.complaints))


def level_from_rules(intake: Intake) -> RuleLevel:
    """Most urgent fired rule, else the complaints' default level."""
    outcomes = [evaluate_rule(rule, intake) for rule in level_rules()]
    fired = [o for o in outcomes if o.status is True]
    undecided = [o for o in outcomes if o.status is None or o.provisional]
    base = base_level(intake)
    level = most_urgent(*(o.rule["level"] for o in fired)) if fired else base
    return RuleLevel(level=level, base_level=base, fired=fired, undecided=undecided)


def emergency_rule_flags(result: RuleLevel) -> list[dict[str, Any]]:
    """Fired emergency rules, shaped as red flags (they veto like red flags do)."""
    return [
        {
            "id": f"rule:{o.rule['id']}",
            "label": o.rule["reason"],
            "level": "emergency",
            "rule": o.rule["id"],
            "source": o.rule["source"],
            "evidence": "triage rule on the intake",
        }
        for o in result.fired
        if o.rule["level"] == "emergency"
    ]
