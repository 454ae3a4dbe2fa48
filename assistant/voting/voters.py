"""The grounded urgency raters used when no LLM is configured.

Three views of the same intake that fail differently: the complaint rule engine, the nearest reference
cases by embedding (knowledge/triage/reference_cases.yaml, a set kept apart from the evaluation vignettes),
and a lexicon severity score. Each returns {answer, rationale}; the context carries ``intake`` (an Intake).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from assistant.artifacts import LEVELS, level_rank

NEAREST_K = 5
RULE_WEIGHT = 2.0  # weight of the rule engine's ballot when a specific, sourced rule fired
SHARPNESS = 0.05  # cosine gap at which a neighbour's weight falls by a factor e
_POINTS = {"emergency": 3, "urgent": 2, "routine": 1, "self_care": 0}


def rule_engine_voter(question: str, context: dict[str, Any]) -> dict[str, Any]:
    from assistant.triage.rules import level_from_rules

    result = context.get("rule_result") or level_from_rules(context["intake"])
    if result.level is None:
        return {"answer": None, "rationale": "No complaint recognised, so no rule applies."}
    if result.fired:
        top = min(result.fired, key=lambda o: level_rank(o.rule["level"]))
        # A sourced rule that fired on stated facts counts double; one resting on assumptions counts once.
        weight = 1.0 if top.provisional else RULE_WEIGHT
        return {"answer": result.level, "rationale": f"Rule {top.rule['id']}: {top.rule['reason']}", "weight": weight}
    return {"answer": result.level, "rationale": "No complaint rule fired; the usual level for this complaint."}


class _ReferenceIndex:
    """Unit vectors of the reference cases, built once per process."""

    def __init__(self) -> None:
        from assistant.triage.data_files import reference_cases
        from knowledge.embeddings import get_embedder

        self.cases = reference_cases()
        self.embedder = get_embedder()
        self.vectors = self.embedder.embed([case["text"] for case in self.cases])

    def nearest(self, text: str, k: int = NEAREST_K) -> list[tuple[dict[str, Any], float]]:
        scores = self.vectors @ self.embedder.embed_one(text)
        top = np.argsort(-scores)[:k]
        return [(self.cases[i], float(scores[i])) for i in top]


_REFERENCE: _ReferenceIndex | None = None
_REFERENCE_LOCK = threading.Lock()


def reference_index() -> _ReferenceIndex:
    global _REFERENCE
    if _REFERENCE is None:
        with _REFERENCE_LOCK:
            if _REFERENCE is None:
                _REFERENCE = _ReferenceIndex()
    return _REFERENCE


def nearest_cases_voter(question: str, context: dict[str, Any]) -> dict[str, Any]:
    """Similarity-weighted vote of the closest reference cases (ties go to the more urgent level)."""
    text = context.get("text") or " ".join(context["intake"].texts)
    if not text.strip():
        return {"answer": None, "rationale": "No text to compare with reference cases."}
    neighbours = reference_index().nearest(text)
    weights = {level: 0.0 for level in LEVELS}
    top_score = neighbours[0][1]
    for case, score in neighbours:  # softmax-style: a clearly closer case outweighs several distant ones
        weights[case["level"]] += float(np.exp((score - top_score) / SHARPNESS))
    answer = max(LEVELS, key=lambda level: (round(weights[level], 6), -level_rank(level)))
    closest = "; ".join(f"\"{case['text'][:60]}\" ({case['level']}, {score:.2f})" for case, score in neighbours[:3])
    return {"answer": answer, "rationale": f"Closest reference cases: {closest}"}


def lexicon_score_voter(question: str, context: dict[str, Any]) -> dict[str, Any]:
    """Points from the complaint's usual level, associated-symptom weights, intensity words and age."""
    from assistant.triage.data_files import lexicon
    from assistant.triage.rules import base_level

    intake = context["intake"]
    base = base_level(intake)
    if base is None:
        return {"answer": None, "rationale": "No complaint recognised, so nothing to score."}
    data = lexicon()
    points = float(_POINTS[base])
    reasons = [f"starts at {base} for {intake.complaint.replace('_', ' ')}"]
    weight = sum(data["symptoms"].get(s, {}).get("severity_weight", 0) for s in intake.associated)
    if weight >= 3:
        points += 1 if weight < 5 else 2
        reasons.append(f"associated symptoms weigh {weight}")
    story = " ".join(intake.texts).lower()
    worse = [w for w in data["modifiers"]["worse"] if w in story]
    milder = [w for w in data["modifiers"]["milder"] if w in story]
    if intake.severity is not None:
        points += 1 if intake.severity >= 8 else -1 if intake.severity <= 3 else 0
    elif worse or milder:
        points += 0.5 * (bool(worse) - bool(milder))
    if worse or milder:
        reasons.append(f"intensity words: {', '.join((worse + milder)[:3])}")
    if intake.age_years is not None and (intake.age_years < 0.25 or intake.age_years >= 80):
        points += 1
        reasons.append("age at the extremes")
    if intake.duration_days is not None and intake.duration_days > 14 and points < 1:
        points = 1
        reasons.append("lasting more than two weeks")
    level = LEVELS[len(LEVELS) - 1 - int(max(0, min(3, round(points + 1e-9))))]
    return {"answer": level, "rationale": f"Score {points:g}: " + "; ".join(reasons)}


_REGISTERED = False


def register_builtin_voters() -> None:
    """Register the grounded raters once (called lazily by the registry)."""
    global _REGISTERED
    if _REGISTERED:
        return
    from assistant.voting.registry import is_registered, register_voter

    _REGISTERED = True
    for name, fn in (
        ("rule_engine", rule_engine_voter),
        ("nearest_cases", nearest_cases_voter),
        ("lexicon_score", lexicon_score_voter),
    ):
        if not is_registered(name):  # a plugin registered first keeps its name
            register_voter(name, fn)
