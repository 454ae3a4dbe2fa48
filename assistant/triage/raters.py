"""The grounded urgency raters that vote on a triage level when no LLM is configured.

Three views of the same case that fail differently: the decision model itself, the nearest reference cases by
embedding (a set kept apart from every evaluation set), and a lexicon severity score that sees only which concepts
are present. Each is a ``Voter`` whose ``rate`` returns {answer, rationale, weight}.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from assistant.artifacts import LEVELS, level_rank
from assistant.triage.assess import Assessment
from assistant.triage.case import Case
from assistant.triage.reference import ReferenceCases
from assistant.voting import Voter

RULE_WEIGHT = 2.0  # the model's ballot counts double when a sourced discriminator decided it
SHARPNESS = 0.05  # cosine gap at which a neighbour's weight falls by a factor e


def model_rater(assessment: Assessment) -> Voter:
    def rate(question: str, context: dict[str, Any]) -> dict[str, Any]:
        deciding = assessment.deciding or {}
        decided = deciding.get("kind") in ("general", "presentation", "crisis", "language")
        return {"answer": assessment.level, "weight": RULE_WEIGHT if decided else 1.0,
                "rationale": f"{deciding.get('label', 'usual level')} ({deciding.get('source', 'triage model')})"}
    return Voter("decision_model", rate)


def nearest_cases_rater(reference: ReferenceCases, text: str) -> Voter:
    def rate(question: str, context: dict[str, Any]) -> dict[str, Any]:
        neighbours = reference.nearest(text)
        if not neighbours:
            return {"answer": None, "rationale": "No text to compare with the reference cases."}
        top = neighbours[0][1]
        weights = {level: 0.0 for level in LEVELS}
        for case, score in neighbours:  # a clearly closer case outweighs several distant ones
            weights[case["level"]] += float(np.exp((score - top) / SHARPNESS))
        answer = max(LEVELS, key=lambda level: (round(weights[level], 6), -level_rank(level)))
        closest = "; ".join(f"\"{c['text'][:50]}\" ({c['level']})" for c, _ in neighbours[:2])
        return {"answer": answer, "rationale": f"Closest reference cases: {closest}"}
    return Voter("nearest_cases", rate)


def severity_rater(case: Case, data: dict[str, Any]) -> Voter:
    def rate(question: str, context: dict[str, Any]) -> dict[str, Any]:
        weights = data.get("weights", {})
        scores = sorted((weights.get(c, 0) for c in case.present), reverse=True)
        points = float(sum(scores[:3]))
        for feature, change in (data.get("modifiers") or {}).items():
            if case.feature(feature):
                points += change
        if case.severity is not None:
            points += 2 if case.severity >= 8 else -1 if case.severity <= 3 else 0
        ages = data.get("age") or {}
        if case.age_years is not None and case.age_years < 0.25:
            points += ages.get("under_3_months", 0)
        elif case.age_years is not None and case.age_years >= 80:
            points += ages.get("over_80", 0)
        if not case.present:
            return {"answer": None, "rationale": "No concept recognised, so nothing to score."}
        thresholds = data.get("levels", {})
        answer = next((level for level in ("emergency", "urgent", "routine") if points >= thresholds.get(level, 99)),
                      "self_care")
        return {"answer": answer, "rationale": f"Severity score {points:g} from the concepts present"}
    return Voter("severity_score", rate)
