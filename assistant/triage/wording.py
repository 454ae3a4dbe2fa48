"""Plain words for a triage result: the level, the reason that decided it with its source, what would change it,
and the vote explained ("2 of 3 raters; a red flag overrides")."""

from __future__ import annotations

from typing import Any

from assistant.triage.assess import Assessment
from assistant.triage.case import Case

TITLE = {"emergency": "EMERGENCY", "urgent": "URGENT", "routine": "ROUTINE", "self_care": "SELF-CARE"}
LEVEL_WORDS = {"emergency": "an emergency", "urgent": "urgent (today)", "routine": "routine (days to weeks)",
               "self_care": "safe to look after at home"}


def age_words(years: float) -> str:
    """"3 weeks", "5 months", "2 years" - never "age 1 months"."""
    if years < 1 / 12:
        weeks = max(1, round(years * 52.18))
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    if years < 2:
        months = max(1, round(years * 12))
        return f"{months} month{'s' if months != 1 else ''}"
    whole = int(years)
    return f"{whole} years"


def story(case: Case, labels: dict[str, str]) -> str:
    """One sentence of what I understood: who, what, how long."""
    parts = [labels.get(c, c.replace("_", " ")) for c in case.order if c in case.present][:4]
    text = ", ".join(parts) if parts else "no symptom I recognise"
    if case.duration_days is not None:
        days = case.duration_days
        text += f" for about {round(days * 24)} hours" if days < 1 else f" for about {days:g} days"
    who = []
    if case.age_years is not None:
        who.append(f"aged {age_words(case.age_years)}")
    if case.pregnant:
        who.append(f"{case.gestation_weeks:g} weeks pregnant" if case.gestation_weeks else "pregnant")
    if case.postpartum:
        who.append("after a recent birth")
    if case.subject == "self":
        sentence = (f"You ({', '.join(who)}) described " if who else "You described ") + text
    else:
        sentence = "You described someone " + (", ".join(who) + ", with " if who else "") + text
    absent = [labels.get(c, c.replace("_", " ")) for c in case.absent][:4]
    if absent:
        sentence += "; no " + ", no ".join(absent)
    return sentence + "."


def rationale(assessment: Assessment, case: Case, labels: dict[str, str]) -> str:
    """Why this level: the story, the deciding reason and its source."""
    sentences = [story(case, labels)]
    deciding = assessment.deciding or {}
    if deciding.get("kind") in ("general", "presentation", "crisis", "language"):
        sentences.append(f"Deciding sign: {deciding['label']} - {LEVEL_WORDS[deciding['level']]} "
                         f"(source: {deciding['source']}).")
    elif deciding:
        sentences.append(f"{deciding['label']} (source: {deciding.get('source', '')}).")
    return " ".join(sentences)


def vote_line(vote: dict[str, Any] | None, level: str) -> str | None:
    """The vote in plain words, and why the result may differ from it."""
    if not vote:
        return None
    counted = [s for s in vote["samples"] if s.get("answer")]
    agreeing = sum(1 for s in counted if s["answer"] == level)
    line = f"{agreeing} of {len(counted)} independent raters chose {level.replace('_', ' ')}"
    others = sorted({s["answer"] for s in counted if s["answer"] != level})
    if others:
        line += " (others: " + ", ".join(o.replace("_", " ") for o in others) + ")"
    if vote.get("vetoed_by") or vote.get("winner") != level:
        line += "; a warning sign decides over the vote" if vote.get("vetoed_by") else "; the decision model's sourced rule decides"
    return line + "."


def result_text(assessment: Assessment, case: Case, labels: dict[str, str], vote: dict[str, Any] | None,
                citations: list[dict[str, Any]]) -> str:
    level = assessment.level
    lines = [f"**Urgency: {TITLE[level]}** - {assessment.advice}", "", rationale(assessment, case, labels)]
    if assessment.provisional and assessment.questions:
        lines += ["", "This is provisional. What could change it:"] + [f"- {q.text}" for q in assessment.questions]
    if assessment.safety_net:
        lines += ["", "Get help sooner if:"] + [f"- {item}" for item in assessment.safety_net[:5]]
    voted = vote_line(vote, level)
    if voted:
        lines += ["", voted]
    if citations:
        lines += ["", "Sources:"] + [f"- {c.get('title', c.get('doc_id'))} - {c.get('section', '')} ({c.get('year', '')})"
                                     for c in citations[:3]]
    return "\n".join(lines)


def question_text(assessment: Assessment, case: Case, labels: dict[str, str]) -> str:
    question = assessment.questions[0].text if assessment.questions else "Can you tell me more about what is happening?"
    lead = f"So far: {TITLE[assessment.level]} (provisional)."
    if assessment.red_flags:
        lead += " Warning sign: " + "; ".join(f["label"] for f in assessment.red_flags[:2]) + "."
    return f"{lead}\n\n{question}\n\n(Say \"just tell me\" for the assessment now.)"
