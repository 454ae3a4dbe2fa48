"""One-turn triage: the best assessment from a single piece of text (the CLI's ``triage "TEXT" --json``)."""

from __future__ import annotations

from typing import Any

from assistant.input_check import clean_user_text
from assistant.safety import screen
from assistant.settings import Settings
from assistant.triage.assessment import assess
from assistant.triage.intake import Intake, update_intake


def assess_text(text: str, settings: Settings, *, with_citations: bool = True, use_vote: bool = True):
    """(Intake, SafetyScreen, TriageAssessment) for one message; raises InputRejected on unusable input."""
    cleaned = clean_user_text(text, limit=settings.max_input_chars).text
    safety = screen(cleaned, country=settings.country)
    intake = update_intake(Intake(), cleaned, safety.patient)
    search = None
    if with_citations:
        from assistant.guidelines import search as search_guidelines

        search = search_guidelines
    assessment = assess(intake, safety, settings, finish=True, use_vote=use_vote, search=search)
    return intake, safety, assessment


def triage_text(text: str, settings: Settings, *, with_citations: bool = True, use_vote: bool = True) -> dict[str, Any]:
    """{level, red_flags, rationale, next_questions, missing, safety_net, citations, vote, complete, ...}.

    ``next_questions`` lists what would most sharpen the assessment in a conversation, even though this
    one-turn call answers now.
    """
    intake, safety, assessment = assess_text(text, settings, with_citations=with_citations, use_vote=use_vote)
    result = assessment.to_dict()
    if not result["next_questions"]:
        from assistant.triage.questions import next_questions
        from assistant.triage.rules import level_from_rules

        follow_up = next_questions(intake, level_from_rules(intake), assessment.level, safety.level)
        result["next_questions"] = [q.text for q in follow_up]
        result["question_items"] = [q.item for q in follow_up]
    result["crisis"] = safety.crisis is not None
    result["notices"] = list(safety.notices) + result["notices"]
    return result
