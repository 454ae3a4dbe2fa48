"""Grounded reply text for the triage dialogue (no LLM): level, advice, reasons, vote, sources."""

from __future__ import annotations

from assistant.artifacts import LEVEL_ADVICE
from assistant.triage.assessment import TriageAssessment

_TITLE = {"emergency": "EMERGENCY", "urgent": "URGENT", "routine": "ROUTINE", "self_care": "SELF-CARE"}
DISCLAIMER = "This is triage support, not a diagnosis. If you are worried, contact a clinician or emergency services."


def _vote_line(assessment: TriageAssessment) -> str | None:
    vote = assessment.vote
    if not vote:
        return None
    ballots = ", ".join(f"{s['voter'].replace('_', ' ')}: {(s['answer'] or 'no answer').replace('_', ' ')}" for s in vote["samples"])
    line = f"Vote: {ballots} (agreement {vote['agreement']:.0%})."
    if vote.get("vetoed_by"):
        line += " A red flag overruled the vote."
    return line


def _flags_line(assessment: TriageAssessment) -> str:
    if assessment.red_flags:
        return "Red flags found: " + "; ".join(f"{f['label']} [{f['source']}]" for f in assessment.red_flags[:4])
    return "Red flags checked: none found in what you told me."


def assessment_text(assessment: TriageAssessment) -> str:
    if assessment.level is None:
        return "I could not recognise a symptom in that. What is the main problem, in a few words?"
    lines = [f"**Urgency: {_TITLE[assessment.level]}** — {LEVEL_ADVICE[assessment.level]}", "", f"Why: {assessment.rationale}", ""]
    lines.append(_flags_line(assessment))
    if assessment.safety_net:
        lines += ["", "What would make it more urgent:"] + [f"- {item}" for item in assessment.safety_net[:5]]
    vote = _vote_line(assessment)
    if vote:
        lines += ["", vote]
    if assessment.citations:
        lines += ["", "Sources:"] + [
            f"- {c.get('title', c.get('doc_id'))} — {c.get('section', '')} ({c.get('year', '')})" for c in assessment.citations[:3]
        ]
    lines += ["", DISCLAIMER]
    return "\n".join(lines)


def question_text_reply(assessment: TriageAssessment, advice: dict[str, str] = LEVEL_ADVICE) -> str:
    question = assessment.next_questions[0] if assessment.next_questions else "Can you tell me more?"
    if assessment.level is None:
        return question
    lines = [
        f"Provisional level so far: {_TITLE[assessment.level]} — {advice[assessment.level]}",
        _flags_line(assessment),
    ]
    vote = _vote_line(assessment)
    if vote:
        lines.append(vote)
    lines += ["", question, "(Say \"just tell me\" for the assessment now.)"]
    return "\n".join(lines)
