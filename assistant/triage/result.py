"""From an assessment to the triage artifact: the raters' vote, the one escalation the vote may cause, citations,
and the plain-words rationale. Shared by the one-turn contract and the multi-turn intake."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable

from assistant.artifacts import TriageDict, level_rank
from assistant.triage import wording
from assistant.triage.assess import Assessment
from assistant.triage.case import Case
from assistant.triage.raters import model_rater, nearest_cases_rater, severity_rater
from assistant.voting import Voter, vote
from knowledge import triage as triage_data

if TYPE_CHECKING:
    from assistant.knowledge import Knowledge

VOTE_QUESTION = "Which urgency level fits this presentation?"
Search = Callable[[str, int], list[dict[str, Any]]]


def raters(assessment: Assessment, case: Case, knowledge: "Knowledge", text: str) -> list[Voter]:
    return [model_rater(assessment), nearest_cases_rater(knowledge.reference_cases, text),
            severity_rater(case, triage_data.load("severity"))]


def run_vote(assessment: Assessment, case: Case, knowledge: "Knowledge", text: str,
             extra_voters: list[Voter] | None = None) -> dict[str, Any]:
    """The grounded raters' vote; any emergency red flag is a veto (it can raise the winner, never lower it)."""
    flags = [f for f in assessment.red_flags if f["level"] == "emergency"]
    veto = {"label": "emergency", "by": [f["id"] for f in flags]} if flags else None
    return vote(VOTE_QUESTION, {}, raters(assessment, case, knowledge, text) + list(extra_voters or []), veto=veto)


def settle_with_vote(assessment: Assessment, ballot: dict[str, Any]) -> Assessment:
    """A majority of raters can raise the level, and only to a level the model itself still holds possible (an
    open question at that level) - disagreement then means "ask", and when asking is not possible, the more
    urgent level. The level raised to is the most urgent one a majority holds needed (at least that urgent): one
    rater saying emergency and another routine is a majority for routine, not for emergency."""
    open_levels = {q.level_if_yes for q in assessment.questions if q.level_if_yes}
    samples = [s for s in ballot.get("samples", []) if s.get("answer")]
    more_urgent = [s["answer"] for s in samples if level_rank(s["answer"]) < level_rank(assessment.level)]
    if len(more_urgent) * 2 <= len(samples):
        return assessment  # a lone dissenting rater is a reason to ask, not to escalate
    for level in sorted(set(more_urgent), key=level_rank):
        at_least = sum(1 for answer in more_urgent if level_rank(answer) <= level_rank(level))
        if at_least * 2 > len(samples) and level in open_levels:
            return replace(assessment, level=level, deciding={
                "id": "vote_escalation", "label": f"Raters chose {level.replace('_', ' ')} and a warning sign for it "
                "could not be ruled out", "level": level, "kind": "vote",
                "source": "Self-consistency vote of independent raters; unsettled disagreement goes to the more urgent level"})
    return assessment


def citations_for(assessment: Assessment, search: Search | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Guideline passages behind the recognised presentation, or a notice saying why there are none."""
    if search is None or not assessment.guideline_queries:
        return [], []
    try:
        results = search(assessment.guideline_queries[0], 6)
    except Exception as error:  # noqa: BLE001 - a missing index must be said, not hidden
        return [], [f"Guideline search unavailable, so no citations were added: {error}"]
    best: dict[tuple[Any, Any], dict[str, Any]] = {}
    for item in results:
        best.setdefault((item.get("doc_id"), item.get("section")), item)
    return list(best.values())[:3], []


def artifact(assessment: Assessment, case: Case, labels: dict[str, str], *, ballot: dict[str, Any] | None,
             citations: list[dict[str, Any]], complete: bool) -> TriageDict:
    """The triage artifact the UI renders and tests assert on (level is never null)."""
    return {
        "level": assessment.level,
        "provisional": assessment.provisional,
        "complete": complete,
        "red_flags": assessment.red_flags,
        "rationale": wording.rationale(assessment, case, labels),
        "deciding": assessment.deciding,
        "presentations": assessment.presentations,
        "missing": assessment.missing,
        "next_questions": [q.text for q in assessment.questions],
        "would_change": assessment.would_change,
        "safety_net": assessment.safety_net,
        "advice": assessment.advice,
        "vote": ballot,
        "citations": citations,
    }
