"""One-turn triage: the best assessment from a single message (``clinical-assistant triage TEXT --json``).

Always a level - never null - marked provisional, with what is missing and the questions that could change it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.safety.screen import screen
from assistant.triage.assess import assess
from assistant.triage.case import Case
from assistant.triage.result import Search, artifact, citations_for, run_vote, settle_with_vote
from assistant.understanding.findings import Findings

if TYPE_CHECKING:
    from assistant.knowledge import Knowledge


def triage_findings(findings: Findings, knowledge: "Knowledge", *, country: str = "US", use_vote: bool = True,
                    search: Search | None = None) -> dict[str, Any]:
    """The triage artifact for one parsed message, plus crisis and language notes for callers that print it."""
    case = Case.of(findings)
    safety = screen(findings, case, knowledge.triage_model, knowledge.safety, knowledge.lexicon.packs, country=country)
    extra = [f for f in safety.red_flags if f.get("kind") in ("crisis", "language")]
    assessment = assess(case, knowledge.triage_model, one_turn=True, extra_flags=extra)
    ballot = run_vote(assessment, case, knowledge, findings.text) if use_vote else None
    if ballot:
        assessment = settle_with_vote(assessment, ballot)
    citations, notices = citations_for(assessment, search)
    result = dict(artifact(assessment, case, knowledge.lexicon_labels, ballot=ballot, citations=citations, complete=True))
    result.update({"crisis": safety.crisis is not None, "notices": safety.notices + notices,
                   "language": findings.language, "language_reply": safety.language_reply})
    return result


def triage_text(text: str, knowledge: "Knowledge", **options: Any) -> dict[str, Any]:
    return triage_findings(knowledge.parse(text), knowledge, **options)
