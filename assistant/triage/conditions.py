"""Three-valued conditions over a case: True (holds), False (does not), None (not known yet).

None is what makes a question worth asking: a discriminator that is None could still fire. Conditions are data
(knowledge/triage/*.yaml); the grammar is small on purpose:

  "chest_pain"                       the concept applies now (present or possible)
  "feature:sudden_onset"             a qualifier was said
  "history:heart_disease"            a background condition (now or in the past)
  "settled:chest_pain"               a finding of this illness that was present and has gone ("the pain has gone")
  {vital: spo2, lt: 92}              a measurement; lt | lte | gt | gte | eq
  {shock_index: {gte: 1}}  {news2: {gte: 7}}  {map: {lt: 65}}
  {age: {lt: 0.25}}  {pregnant: true}  {postpartum: true}  {sex: male}  {gestation_weeks: {gte: 20}}
  {duration_days: {gte: 5}}  {severity: {gte: 8}}  {onset: sudden}
  {all: [...]}  {any: [...]}  {not: ...}  {min: 2, of: [...]}
"""

from __future__ import annotations

from typing import Any, Protocol

Truth = bool | None
_OPS = {"lt": lambda a, b: a < b, "lte": lambda a, b: a <= b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
        "eq": lambda a, b: a == b}


class CaseView(Protocol):
    """What conditions read; the triage Case implements it."""

    def concept(self, concept: str) -> Truth: ...
    def feature(self, name: str) -> Truth: ...
    def condition(self, name: str) -> Truth: ...
    def was_settled(self, concept: str) -> bool: ...
    def number(self, name: str) -> float | None: ...
    def fact(self, name: str) -> Any: ...


def _compare(value: float | None, spec: dict) -> Truth:
    if value is None:
        return None
    return all(_OPS[op](value, bound) for op, bound in spec.items() if op in _OPS)


def evaluate(condition: Any, case: CaseView) -> Truth:
    """The truth of a condition for this case (None when it depends on something not known)."""
    if isinstance(condition, str):
        if condition.startswith("feature:"):
            return case.feature(condition.removeprefix("feature:"))
        if condition.startswith("history:"):
            return case.condition(condition.removeprefix("history:"))
        if condition.startswith("settled:"):
            return case.was_settled(condition.removeprefix("settled:"))
        return case.concept(condition)
    if isinstance(condition, list):
        return evaluate({"all": condition}, case)
    if not isinstance(condition, dict):
        raise ValueError(f"Bad condition {condition!r}")
    if "all" in condition:
        values = [evaluate(c, case) for c in condition["all"]]
        return False if False in values else (None if None in values else True)
    if "any" in condition:
        values = [evaluate(c, case) for c in condition["any"]]
        return True if True in values else (None if None in values else False)
    if "not" in condition:
        value = evaluate(condition["not"], case)
        return None if value is None else not value
    if "unless" in condition:  # true unless known to hold: "no COPD on record" (unknown counts as absent)
        return evaluate(condition["unless"], case) is not True
    if "min" in condition:
        values = [evaluate(c, case) for c in condition["of"]]
        needed = int(condition["min"])
        if values.count(True) >= needed:
            return True
        return False if values.count(True) + values.count(None) < needed else None
    if "vital" in condition:
        spec = {k: v for k, v in condition.items() if k != "vital"}
        return _compare(case.number(condition["vital"]), spec)
    if len(condition) != 1:
        raise ValueError(f"Bad condition {condition!r}: one key per condition (use all/any)")
    (key, spec), = condition.items()
    if key in MEASURES:
        return _compare(case.number(key), spec)
    if key in ("pregnant", "postpartum", "sex", "onset"):
        value = case.fact(key)
        if value is None:
            return None
        return value == spec
    raise ValueError(f"Unknown condition key {key!r}")


def references(condition: Any) -> set[str]:
    """Every concept, feature and history name a condition reads (to check data against the inventory)."""
    if isinstance(condition, str):
        return {condition}
    if isinstance(condition, list):
        return set().union(*(references(c) for c in condition)) if condition else set()
    if isinstance(condition, dict):
        found: set[str] = set()
        for key in ("all", "any", "of"):
            for child in condition.get(key, []) or []:
                found |= references(child)
        for key in ("not", "unless"):
            if key in condition:
                found |= references(condition[key])
        return found
    return set()


MEASURES = ("age", "duration_days", "severity", "gestation_weeks", "postpartum_days", "shock_index", "news2", "map")


def measurements(condition: Any) -> set[str]:
    """The readings and numbers a condition compares: vital kinds ("heart_rate") and measures ("severity")."""
    if isinstance(condition, list):
        return set().union(*(measurements(c) for c in condition)) if condition else set()
    if not isinstance(condition, dict):
        return set()
    if "vital" in condition:
        return {str(condition["vital"])}
    found = {key for key in condition if key in MEASURES}
    for key in ("all", "any", "of"):
        for child in condition.get(key, []) or []:
            found |= measurements(child)
    for key in ("not", "unless"):
        if key in condition:
            found |= measurements(condition[key])
    return found


def open_references(condition: Any, case: CaseView) -> set[str]:
    """The names a still-undecided condition waits on: concepts, ``feature:`` and ``history:`` names (a yes/no
    question settles them) and ``fact:sex`` / ``fact:pregnant`` / ``fact:postpartum`` (a demographic question does).
    Empty when the condition is decided or needs a measurement (a reading, the age, a duration) to hold."""
    if evaluate(condition, case) is not None:
        return set()
    if isinstance(condition, str):
        return {condition}
    if isinstance(condition, list):
        return open_references({"all": condition}, case)
    for key in ("pregnant", "postpartum", "sex"):
        if key in condition and len(condition) == 1:
            return {f"fact:{key}"}
    found: set[str] = set()
    if "all" in condition:
        for child in condition["all"]:
            names = open_references(child, case)
            if not names and evaluate(child, case) is None:
                return set()  # a part only a measurement can settle: no answer can make it hold
            found |= names
        return found
    for key in ("any", "of"):
        for child in condition.get(key, []) or []:
            found |= open_references(child, case)
    if "not" in condition:
        found |= open_references(condition["not"], case)
    return found


def concepts_in(condition: Any) -> set[str]:
    """Plain concept ids a condition depends on (what a question about it would settle)."""
    return {name for name in references(condition) if ":" not in name}
