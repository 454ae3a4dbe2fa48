"""The triage conversation: one turn in, the next question or the assessment out.

Memory (per thread) holds the intake, the item we last asked about, the patient facts and every red flag
seen so far, so a warning sign mentioned in turn 2 still counts in turn 4.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.artifacts import LEVEL_ADVICE
from assistant.triage.assessment import TriageAssessment, assess, find_citations
from assistant.triage.data_files import complaint_info
from assistant.triage.intake import Intake, update_intake
from assistant.triage.reply import assessment_text, question_text_reply
from assistant.turns import TurnInput, TurnResult

_FINISH = re.compile(
    r"\b(just tell me|tell me now|skip|stop asking|no more questions|enough questions|give me (?:the|an) (?:answer|result)|what should i do)\b",
    re.I,
)
_RED_FLAG_YES = "intake:warning_sign_confirmed"


def wants_answer_now(turn: TurnInput) -> bool:
    return turn.intent == "just_tell_me" or bool(_FINISH.search(turn.text or ""))


def _screen(turn: TurnInput, memory: dict[str, Any]) -> dict[str, Any]:
    """The guard's screen of this turn, or our own when the engine is called without the guard."""
    if turn.safety:
        return turn.safety
    from assistant.safety import screen

    return screen(turn.text or "", patient=memory.get("patient"), country=turn.settings.country).to_dict()


def _confirmed_warning(intake: Intake, pending: str | None, text: str) -> dict[str, Any] | None:
    """A bare "yes" to the warning-sign question: we cannot tell which sign, so we treat it as present."""
    from assistant.triage.answers import parse_yes_no

    if pending != "red_flags" or parse_yes_no(text) is not True:
        return None
    info = complaint_info(intake.complaint)
    return {
        "id": _RED_FLAG_YES,
        "label": f"Said yes to a warning sign ({info.get('red_flag_examples', 'warning signs')})",
        "level": "emergency",
        "rule": "a confirmed warning sign for this complaint is handled as an emergency until a clinician says otherwise",
        "source": "knowledge/triage/lexicon.yaml red-flag question for " + (intake.complaint or "the complaint"),
        "evidence": text[:120],
    }


def _tool_records(assessment: TriageAssessment, searched: bool) -> list[dict[str, Any]]:
    tools = []
    if assessment.vote:
        vote = assessment.vote
        split = ", ".join(f"{k} {v:.0%}" for k, v in vote["distribution"].items() if v)
        tools.append({
            "name": "vote",
            "title": f"Voted on urgency ({len(vote['samples'])} raters)",
            "status": "done",
            "summary": f"{vote['winner']} (agreement {vote['agreement']:.0%}; {split})",
        })
    if searched:
        failed = bool(assessment.notices)
        tools.append({
            "name": "search_guidelines",
            "title": "Searched guidelines",
            "status": "error" if failed else "done",
            "summary": assessment.notices[0] if failed else f"{len(assessment.citations)} passages cited",
        })
    return tools


def respond(turn: TurnInput) -> TurnResult:
    """Advance the intake by one user message."""
    memory = dict(turn.memory or {})
    finish = wants_answer_now(turn)
    if memory.get("complete") and not finish:
        memory = {}  # a finished assessment: a new message starts a new intake ("just tell me" repeats it)
    intake = Intake.from_dict(memory.get("intake"))
    pending = memory.get("pending")
    safety = _screen(turn, memory)
    patient = safety.get("patient") or memory.get("patient") or {}
    if not finish:
        update_intake(intake, turn.text, patient, pending=pending)
    seen = {flag["id"]: flag for flag in memory.get("red_flags", [])}
    extra = _confirmed_warning(intake, pending, turn.text or "")
    for flag in safety.get("red_flags", []) + ([extra] if extra else []):
        seen.setdefault(flag["id"], flag)
    screen_so_far = {"red_flags": list(seen.values())}
    assessment = assess(intake, screen_so_far, turn.settings, finish=finish)
    searched = assessment.complete  # citations only for a finished assessment (keeps question turns cheap)
    if searched:
        from assistant.guidelines import search as search_guidelines

        assessment.citations, notices = find_citations(intake, turn.settings, search_guidelines)
        assessment.notices += notices
    next_item = assessment.question_items[0] if assessment.question_items and not assessment.complete else None
    if next_item and next_item not in intake.asked:
        intake.asked.append(next_item)
    memory.update({
        "intake": intake.to_dict(),
        "pending": next_item,
        "patient": patient,
        "red_flags": list(seen.values()),
        "complete": assessment.complete,
    })
    triage = assessment.to_dict()
    if assessment.complete:
        text = assessment_text(assessment)
    else:
        text = question_text_reply(assessment, LEVEL_ADVICE)
    artifacts: dict[str, Any] = {"triage": triage, "citations": assessment.citations}
    if assessment.vote:
        artifacts["vote"] = assessment.vote
    return TurnResult(text=text, artifacts=artifacts, memory=memory, tools=_tool_records(assessment, searched),
                      notices=list(assessment.notices))
