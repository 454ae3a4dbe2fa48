"""Turn raw voter samples into a distribution, a winner and an agreement score.

Generic over labels: urgency levels and quiz letters use the same code. Ties go to the label listed first in
``labels`` (urgency labels are listed most urgent first, so ties break toward the safer answer).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from assistant.artifacts import LEVELS, level_rank

Normaliser = Callable[[Any], str | None]
LOW_AGREEMENT = 0.5  # below this share for the winner, the voters disagree too much to trust the winner

_LEVEL_WORDS = {
    "emergency": "emergency", "er": "emergency", "ed": "emergency", "a&e": "emergency", "911": "emergency",
    "urgent": "urgent", "same day": "urgent", "same-day": "urgent", "urgent care": "urgent",
    "routine": "routine", "non urgent": "routine", "non-urgent": "routine", "gp": "routine",
    "self_care": "self_care", "self care": "self_care", "self-care": "self_care", "home care": "self_care",
    "home": "self_care",
}


def normalise_level(answer: Any) -> str | None:
    """Map free answers ("Self-care", "EMERGENCY.", "urgent care") to a level, or None if unreadable."""
    if not isinstance(answer, str):
        return None
    text = re.sub(r"[^a-z0-9&_\- ]", " ", answer.lower()).strip()
    text = re.sub(r"\s+", " ", text)
    if text in _LEVEL_WORDS:
        return _LEVEL_WORDS[text]
    for level in LEVELS:  # a sentence that names exactly one level
        names = {level, level.replace("_", " "), level.replace("_", "-")}
        if any(re.search(rf"\b{re.escape(n)}\b", text) for n in names):
            others = [o for o in LEVELS if o != level and re.search(rf"\b{o.replace('_', '[ _-]')}\b", text)]
            return None if others else level
    return None


def normalise_label(answer: Any) -> str | None:
    """Generic normaliser: trimmed, upper-cased single token ("b)" -> "B"); None if empty."""
    if not isinstance(answer, str):
        return None
    token = re.sub(r"[^A-Za-z0-9_]", "", answer.strip().split(" ")[0]) if answer.strip() else ""
    return token.upper() or None


def distribution(
    answers: Sequence[str | None], labels: Sequence[str], weights: Sequence[float] | None = None
) -> dict[str, float]:
    """Weighted share of readable answers per label (every label listed, zeros included, in label order)."""
    weights = list(weights) if weights is not None else [1.0] * len(answers)
    totals = {label: 0.0 for label in labels}
    for answer, weight in zip(answers, weights):
        if answer in totals:
            totals[answer] += max(weight, 0.0)
    whole = sum(totals.values())
    if whole <= 0:
        return totals
    return {label: round(value / whole, 4) for label, value in totals.items()}


def pick_winner(dist: dict[str, float], labels: Sequence[str]) -> tuple[str | None, bool]:
    """(winner, tied): highest share; a tie goes to the label that comes first in ``labels``."""
    best = max(dist.values(), default=0.0)
    if best <= 0:
        return None, False
    top = [label for label in labels if dist.get(label, 0.0) == best]
    return top[0], len(top) > 1


def aggregate(
    question: str,
    samples: list[dict[str, Any]],
    *,
    labels: Sequence[str] = LEVELS,
    normalise: Normaliser = normalise_level,
    veto: dict[str, Any] | None = None,
    rank: Callable[[str], int] | None = None,
    low_agreement: float = LOW_AGREEMENT,
    escalate_when_low: bool = False,
) -> dict[str, Any]:
    """Build the vote artifact.

    ``veto`` = {"label": ..., "by": [ids]} overrides the winner (with ``rank``, only when it ranks more urgent:
    red flags raise, never lower). ``escalate_when_low`` takes the most urgent label that got any vote when
    agreement is low (the caller uses it when it cannot ask another question).
    """
    clean = []
    for sample in samples:
        label = normalise(sample.get("answer"))
        clean.append({**sample, "answer": label if label in labels else None, "raw_answer": sample.get("answer")})
    dist = distribution([s["answer"] for s in clean], labels, [float(s.get("weight", 1.0)) for s in clean])
    winner, tied = pick_winner(dist, labels)
    agreement = dist.get(winner, 0.0) if winner else 0.0
    result: dict[str, Any] = {
        "question": question,
        "samples": [
            {"voter": s.get("voter"), "answer": s["answer"], "rationale": s.get("rationale", ""), "weight": s.get("weight", 1.0)}
            for s in clean
        ],
        "distribution": dist,
        "winner": winner,
        "agreement": agreement,
        "tied": tied,
        "low_agreement": winner is None or agreement < low_agreement,
        "unreadable": sum(1 for s in clean if s["answer"] is None),
    }
    if result["low_agreement"] and escalate_when_low and rank is not None:
        voted = [label for label in labels if dist.get(label, 0.0) > 0]
        if voted:
            escalated = min(voted, key=rank)
            if escalated != winner:
                result["escalated_from"] = winner
                result["winner"] = escalated
    if veto and veto.get("label") in labels:
        current = result["winner"]
        overrides = current is None or rank is None or rank(veto["label"]) < rank(current)
        if overrides and veto["label"] != current:
            result["vetoed_from"] = current
            result["winner"] = veto["label"]
            result["vetoed_by"] = list(veto.get("by", []))
    return result


def urgency_rank(label: str) -> int:
    return level_rank(label)
