"""The triage conversation: each turn either asks the one question that could change the level most, or gives
the assessment. The case itself (what is known so far) is kept by the graph and arrives with the turn."""

from __future__ import annotations

import re
from typing import Any

from assistant.triage import wording
from assistant.triage.assess import assess
from assistant.triage.result import artifact, citations_for, run_vote, settle_with_vote
from assistant.turns import Turn, TurnResult
from assistant.understanding.findings import AskedQuestion

MAX_QUESTIONS = 4  # an intake asks at most this many questions before it answers
_FINISH = re.compile(r"\b(just tell me|tell me now|skip|stop asking|no more questions|enough questions|give me (?:the|an) "
                     r"(?:answer|result)|what should i do)\b", re.I)


def wants_answer_now(turn: Turn) -> bool:
    return turn.intent == "just_tell_me" or bool(_FINISH.search(turn.text))


def _tools(ballot: dict[str, Any] | None, citations: list[dict[str, Any]], notices: list[str]) -> list[dict[str, Any]]:
    tools: list[dict[str, Any]] = []
    if ballot:
        counted = [s for s in ballot["samples"] if s.get("answer")]
        tools.append({"name": "vote", "title": f"Voted on urgency ({len(counted)} raters)", "status": "done",
                      "summary": f"{ballot['winner']} (agreement {ballot['agreement']:.0%})"})
    tools.append({"name": "search_guidelines", "title": "Searched guidelines", "status": "error" if notices else "done",
                  "summary": notices[0] if notices else f"{len(citations)} passages cited"})
    return tools


def respond(turn: Turn) -> TurnResult:
    """Advance the intake by one message."""
    memory = dict(turn.memory)
    knowledge, case = turn.knowledge, turn.case
    finish = wants_answer_now(turn)
    extra = [f for f in turn.red_flags if f.get("kind") in ("crisis", "language")]
    assessment = assess(case, knowledge.triage_model, extra_flags=extra)
    asked_count = int(memory.get("asked_count", 0))
    labels = knowledge.lexicon_labels
    if (assessment.questions and not finish and assessment.level != "emergency" and asked_count < MAX_QUESTIONS):
        question = assessment.questions[0]
        memory.update({"asked_count": asked_count + 1, "complete": False})
        triage = artifact(assessment, case, labels, ballot=None, citations=[], complete=False)
        asked = AskedQuestion(item=question.id, concepts=question.concepts, subject=case.subject)
        return TurnResult(text=wording.question_text(assessment, case, labels), artifacts={"triage": triage},
                          memory=memory, asked=asked)
    ballot = run_vote(assessment, case, knowledge, " ".join(t for role, t in turn.history if role == "user") + " " + turn.text)
    assessment = settle_with_vote(assessment, ballot)
    citations, notices = citations_for(assessment, knowledge.guideline_citations)
    triage = artifact(assessment, case, labels, ballot=ballot, citations=citations, complete=True)
    memory.update({"asked_count": 0, "complete": True})
    return TurnResult(text=wording.result_text(assessment, case, labels, ballot, citations),
                      artifacts={"triage": triage, "citations": citations, "vote": ballot}, memory=memory,
                      tools=_tools(ballot, citations, notices), notices=notices)
