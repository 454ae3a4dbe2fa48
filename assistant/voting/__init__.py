"""Self-consistency voting: N voters -> normalised answers -> distribution, winner, agreement.

One mechanism for triage levels and quiz answers. Voters are passed in as callables (the grounded triage raters
live in assistant/triage/raters.py; sampled LLM ballots come from the LLM layer); labels are plain strings and the
normaliser is a parameter.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from assistant.artifacts import LEVELS
from assistant.voting.aggregate import LOW_AGREEMENT, normalise_label, normalise_level, urgency_rank
from assistant.voting.graph import Voter, run_vote


def vote(
    question: str,
    context: dict[str, Any],
    voters: Sequence[Voter],
    labels: Sequence[str] = LEVELS,
    normalise: Callable[[Any], str | None] | None = None,
    *,
    veto: dict[str, Any] | None = None,
    rank: Callable[[str], int] | None = None,
    low_agreement: float = LOW_AGREEMENT,
    escalate_when_low: bool = False,
) -> dict[str, Any]:
    """Run the voters through the map-reduce graph and return the vote artifact.

    With the default urgency labels, answers are normalised to levels and ``rank`` is the urgency order (ties,
    vetoes and escalation favour the more urgent level).
    """
    is_urgency = tuple(labels) == LEVELS
    if normalise is None:
        normalise = normalise_level if is_urgency else normalise_label
    if rank is None and is_urgency:
        rank = urgency_rank
    options = {"labels": tuple(labels), "normalise": normalise, "veto": veto, "rank": rank,
               "low_agreement": low_agreement, "escalate_when_low": escalate_when_low}
    return run_vote(question, context, list(voters), options)


__all__ = ["LOW_AGREEMENT", "Voter", "normalise_label", "normalise_level", "vote"]
