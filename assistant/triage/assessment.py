"""Put the pieces together: rules, red flags, the vote, questions, safety-netting and citations.

Red flags always win: any fired red flag (from assistant.safety, or an emergency complaint rule) is a veto
that sets at least its level, whatever the voters say. Low voter agreement escalates to the most urgent
level any rater chose, and the next question (if any) is asked to settle it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from assistant.artifacts import level_rank, most_urgent
from assistant.settings import Settings
from assistant.triage import wording
from assistant.triage.data_files import complaint_info
from assistant.triage.intake import Intake
from assistant.triage.questions import missing_items, next_questions
from assistant.triage.rules import emergency_rule_flags, level_from_rules

VOTE_QUESTION = "Which urgency level fits this presentation?"
CitationSearch = Callable[[str, Settings, int], list[dict[str, Any]]]


@dataclass
class TriageAssessment:
    level: str | None
    red_flags: list[dict[str, Any]]
    rationale: str
    missing: list[str]
    next_questions: list[str]
    safety_net: list[str]
    citations: list[dict[str, Any]] = field(default_factory=list)
    vote: dict[str, Any] | None = None
    complete: bool = False
    question_items: list[str] = field(default_factory=list)  # intake items behind next_questions
    rules_fired: list[dict[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # e.g. "guideline search unavailable: ..."

    def to_dict(self) -> dict[str, Any]:
        """The triage artifact (assistant.artifacts.TriageDict) plus a few extra explanatory keys."""
        return asdict(self)


def _red_flag_dicts(screen: Any) -> list[dict[str, Any]]:
    flags = screen.get("red_flags", []) if isinstance(screen, dict) else getattr(screen, "red_flags", []) or []
    return [flag if isinstance(flag, dict) else flag.to_dict() for flag in flags]


def find_citations(intake: Intake, settings: Settings, search: CitationSearch | None) -> tuple[list, list]:
    """(citations, notices): guideline passages behind this complaint, or a notice saying why there are none."""
    if search is None or intake.complaint is None:
        return [], []
    query = complaint_info(intake.complaint).get("guideline_query") or intake.complaint.replace("_", " ")
    try:
        results = search(query, settings, 6)
    except Exception as error:  # noqa: BLE001 - a missing index must be said, not hidden
        return [], [f"Guideline search unavailable, so no citations were added: {error}"]
    unique = {(c.get("doc_id"), c.get("section")): c for c in reversed(results)}  # keep the best chunk per section
    ordered = [c for c in results if unique.get((c.get("doc_id"), c.get("section"))) is c]
    return ordered[:3], []


def urgency_voters(settings: Settings) -> tuple[list[str] | None, list[str]]:
    """The grounded raters, plus N sampled LLM votes when a model is configured (None = the default raters)."""
    if settings.model in ("", "none"):
        return None, []
    from assistant.llm.backends import LLMError
    from assistant.llm.sampling import URGENCY_VOTER, register_llm_voters
    from assistant.voting import URGENCY_VOTERS

    try:
        register_llm_voters(settings)
    except (LLMError, ValueError) as error:
        return None, [f"The language model could not vote ({error}); the grounded raters voted alone."]
    return [*URGENCY_VOTERS, URGENCY_VOTER], []


def assess(
    intake: Intake,
    safety_screen: Any,
    settings: Settings,
    *,
    finish: bool = False,
    use_vote: bool = True,
    search: CitationSearch | None = None,
) -> TriageAssessment:
    """Assess the intake so far. ``finish`` = the person asked for an answer now ("just tell me")."""
    from assistant.voting import vote

    result = level_from_rules(intake)
    flags = _red_flag_dicts(safety_screen) + emergency_rule_flags(result)
    flag_level = most_urgent(*(f.get("level") for f in flags))
    vote_result = None
    level = most_urgent(result.level, flag_level)
    vote_notices: list[str] = []
    if use_vote and intake.complaint is not None:
        context = {"intake": intake, "rule_result": result, "text": " ".join(intake.texts)}
        veto = {"label": flag_level, "by": [f["id"] for f in flags]} if flag_level else None
        voters, vote_notices = urgency_voters(settings)
        vote_result = vote(VOTE_QUESTION, context, voters=voters, veto=veto, escalate_when_low=True)
        level = most_urgent(vote_result["winner"], flag_level)
    questions = [] if finish else next_questions(intake, result, level, flag_level)
    complete = finish or (intake.complaint is not None and not questions) or level == "emergency"
    if level == "emergency":
        questions = []
    citations, notices = find_citations(intake, settings, search)
    notices = vote_notices + notices
    return TriageAssessment(
        level=level,
        red_flags=flags,
        rationale=wording.rationale(intake, result, flags, vote_result, level),
        missing=missing_items(intake),
        next_questions=[q.text for q in questions],
        question_items=[q.item for q in questions],
        safety_net=wording.safety_net(intake, level),
        citations=citations,
        vote=vote_result,
        complete=complete,
        rules_fired=[{"id": o.rule["id"], "level": o.rule["level"], "reason": o.rule["reason"], "source": o.rule["source"]}
                     for o in sorted(result.fired, key=lambda o: level_rank(o.rule["level"]))],
        notices=notices,
    )
