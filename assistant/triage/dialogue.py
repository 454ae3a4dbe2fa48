"""The triage conversation: each turn either asks the one question that could change the level most, or gives
the assessment. The case itself (what is known so far) is kept by the graph and arrives with the turn; once an
assessment is finished, a message naming a new complaint starts a new intake, whose case (same person: age, sex,
pregnancy and history carried over) the dialogue then keeps in its own memory."""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from assistant.llm.errors import LLMUnavailable
from assistant.llm.sampling import urgency_voter
from assistant.settings import Settings
from assistant.triage import wording
from assistant.triage.assess import assess
from assistant.triage.case import Case
from assistant.triage.result import artifact, citations_for, run_vote, settle_with_vote
from assistant.turns import Turn, TurnResult
from assistant.understanding.findings import AskedQuestion
from assistant.voting import Voter

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


KEPT_ON_RESTART = ("age_years", "age_band", "sex", "pregnant", "pregnancy_possible", "gestation_weeks", "postpartum",
                   "postpartum_days", "history", "medicines", "subject")


def _new_complaint(turn: Turn, memory: dict[str, Any]) -> bool:
    """After a finished assessment, a message naming a symptom not assessed then starts a new intake."""
    if not memory.get("complete"):
        return False
    done = set(memory.get("assessed", []))
    named = {m.concept for m in turn.findings.mentions
             if m.assertion in ("present", "possible") and m.experiencer != "family" and m.source != "answer"}
    return bool(named - done)


def _case_for(turn: Turn, memory: dict[str, Any]) -> Case:
    """The case this intake assesses: the thread's case, or - once a new complaint followed a finished assessment -
    the intake's own case since then (same person: age, sex, pregnancy and history carry over)."""
    if _new_complaint(turn, memory):
        old = turn.case
        case = Case()
        if turn.findings.subject == old.subject:
            for name in KEPT_ON_RESTART:
                setattr(case, name, copy.deepcopy(getattr(old, name)))
        memory.update({"case": case.add(turn.findings).to_dict(), "asked_count": 0, "asked_ids": [], "complete": False})
        return case
    if memory.get("case") is not None:
        case = Case.from_dict(memory["case"]).add(turn.findings)
        memory["case"] = case.to_dict()
        return case
    return turn.case


GROUNDED_ONLY = "The configured model ({spec}) {why}, so the grounded raters alone voted on the level."


def _model_ballots(knowledge: Any, settings: Settings, text: str) -> tuple[list[Voter], list[str]]:
    """The configured model's sampled urgency ballots join the grounded raters (a red flag still vetoes); a model
    that cannot be used is said in a notice, and the grounded raters decide alone."""
    try:
        model = knowledge.language_model
    except LLMUnavailable as err:
        return [], [GROUNDED_ONLY.format(spec=settings.model, why=f"is not usable here ({err})")]
    except Exception as err:  # noqa: BLE001 - a model that fails to load must not lose the assessment
        return [], [GROUNDED_ONLY.format(spec=settings.model, why=f"failed to load ({type(err).__name__})")]
    if model is None:
        return [], []
    return [urgency_voter(model, text, settings.votes)], []


def respond(turn: Turn) -> TurnResult:
    """Advance the intake by one message. A question already asked in this intake is not asked again (an answer
    the parse could not read must not bring it back); a finished assessment lists no further questions."""
    memory = dict(turn.memory)
    knowledge = turn.knowledge
    case = _case_for(turn, memory)
    finish = wants_answer_now(turn)
    extra = [f for f in turn.red_flags if f.get("kind") in ("crisis", "language")]
    assessment = assess(case, knowledge.triage_model, extra_flags=extra)
    asked_ids = list(memory.get("asked_ids", []))
    open_questions = [q for q in assessment.questions if q.id not in asked_ids]
    asked_count = int(memory.get("asked_count", 0))
    labels = knowledge.lexicon_labels
    if (open_questions and not finish and assessment.level != "emergency" and asked_count < MAX_QUESTIONS):
        assessment = replace(assessment, questions=open_questions)
        question = open_questions[0]
        memory.update({"asked_count": asked_count + 1, "complete": False, "asked_ids": asked_ids + [question.id]})
        triage = artifact(assessment, case, labels, ballot=None, citations=[], complete=False)
        asked = AskedQuestion(item=question.id, concepts=question.concepts, subject=case.subject,
                              history=question.history)
        return TurnResult(text=wording.question_text(assessment, case, labels), artifacts={"triage": triage},
                          memory=memory, asked=asked)
    said = " ".join(t for role, t in turn.history if role == "user") + " " + turn.text
    model_voters, model_notices = _model_ballots(knowledge, turn.settings, said)
    ballot = run_vote(assessment, case, knowledge, said, extra_voters=model_voters)
    assessment = settle_with_vote(assessment, ballot)
    citations, notices = citations_for(assessment, knowledge.presentation_citations)
    notices = model_notices + notices
    triage = artifact(assessment, case, labels, ballot=ballot, citations=citations, complete=True)
    triage["next_questions"] = []  # finished: nothing more will be asked (what could change it is in the text)
    memory.update({"asked_count": 0, "asked_ids": [], "complete": True,
                   "assessed": sorted(set(case.present) | set(case.settled) | set(case.absent))})
    return TurnResult(text=wording.result_text(assessment, case, labels, ballot, citations),
                      artifacts={"triage": triage, "citations": citations, "vote": ballot}, memory=memory,
                      tools=_tools(ballot, citations, notices), notices=notices)
