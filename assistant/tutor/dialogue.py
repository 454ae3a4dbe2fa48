"""The education-mode tutor engine: ``respond(turn) -> TurnResult`` for the graph.

Memory (JSON, checkpointed per thread): ``quiz`` (the open item: id, attempts, asked_at; None when closed) and
``case`` (the active practice case; None when closed) are read by the router; ``progress`` and ``cases_done``
are the tutor's own. An open quiz or case is never dropped by an unrelated turn: questions are answered and the
open item is shown again, so nothing the learner was doing is lost.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from assistant.tutor import case_practice, quiz_flow
from assistant.tutor.cases import wants_end
from assistant.tutor.explain import explain
from assistant.tutor.grading import looks_like_letter, wants_stop
from assistant.tutor.progress import progress_of
from assistant.turns import TurnInput, TurnResult

EMPTY = "Please type a question, or say \"quiz me\" or \"give me a case\"."
HELP = ("Education mode: ask me about a clinical topic and I will explain it from the guideline library with "
        "sources; say \"quiz me\" (or \"quiz me on asthma\") for multiple-choice questions with hints and a "
        "running score; or \"give me a case\" to take a history from a simulated patient.")
QUIZ_WAITING = "\n\n(Your quiz question {id} is still open: answer with a letter when you are ready.)"
CASE_WAITING = "\n\n(Your practice case is still running: keep asking the patient, or say \"end case\".)"
_CASE_TOPIC = re.compile(r"\b(?:give me a|practi[cs]e|a|the|case|cases|on|about|with|for|simulated patient|"
                         r"take a history|please|me|another|new|start)\b", re.IGNORECASE)


def _tool(name: str, title: str, summary: str, status: str = "done") -> dict[str, Any]:
    return {"name": name, "title": title, "status": status, "summary": summary}


def _quiz_result(reply: quiz_flow.QuizReply, memory: dict[str, Any]) -> TurnResult:
    artifacts: dict[str, Any] = {}
    if reply.quiz is not None:
        artifacts["quiz"] = reply.quiz
    if reply.citations:
        artifacts["citations"] = reply.citations
    tools = []
    if reply.tool_title:
        status = (reply.quiz or {}).get("result") or (reply.quiz or {}).get("status", "")
        tools.append(_tool("quiz", reply.tool_title, f"{status}; " + _progress_text(memory)))
    return TurnResult(text=reply.text, artifacts=artifacts, memory=memory, tools=tools)


def _progress_text(memory: dict[str, Any]) -> str:
    progress = progress_of(memory)
    return f"{progress['correct']}/{progress['answered']} right first time, {progress['asked']} asked"


def _case_result(text: str, citations: list[dict[str, Any]], memory: dict[str, Any], title: str) -> TurnResult:
    artifacts = {"citations": citations} if citations else {}
    return TurnResult(text=text, artifacts=artifacts, memory=memory, tools=[_tool("case", title, "case practice")])


def _with_open_work(result: TurnResult, memory: dict[str, Any]) -> TurnResult:
    """Remind the learner of an open quiz or case and keep the open quiz artifact for the UI."""
    open_quiz = quiz_flow.still_open(memory)
    if open_quiz is not None:
        result.text += QUIZ_WAITING.format(id=open_quiz["id"])
        result.artifacts = {**result.artifacts, "quiz": open_quiz}
    if memory.get("case"):
        result.text += CASE_WAITING
    result.memory = memory
    return result


def _case_turn(memory: dict[str, Any], text: str) -> TurnResult:
    if not memory.get("case"):
        return TurnResult(text=case_practice.NO_CASE, memory=memory)
    reply, citations = case_practice.case_turn(memory, text)
    return _case_result(reply, citations, memory, "Practice case turn")


def _start_case(memory: dict[str, Any], text: str) -> TurnResult:
    note = quiz_flow.set_aside(memory) if memory.get("quiz") else ""
    topic = " ".join(_CASE_TOPIC.sub(" ", re.sub(r"[^\w\s'-]", " ", text)).split())
    if memory.get("case"):
        memory["case"] = None
        note += "(The previous case was closed.)\n\n"
    reply = case_practice.start_case(memory, topic)
    return _case_result(note + reply, [], memory, f"Practice case: {topic or 'next case'}")


def respond(turn: TurnInput) -> TurnResult:
    """Handle one education-mode turn according to its intent."""
    memory: dict[str, Any] = copy.deepcopy(turn.memory) if turn.memory else {}
    memory.setdefault("quiz", None)
    memory.setdefault("case", None)
    progress_of(memory)
    text = (turn.text or "").strip()
    if not text:
        return TurnResult(text=EMPTY, memory=memory)
    intent = turn.intent
    if memory.get("case") and (intent == "case_turn" or wants_end(text)):
        return _case_turn(memory, text)
    if intent == "case_turn":
        return _case_turn(memory, text)
    if intent == "case_request":
        return _start_case(memory, text)
    if intent == "quiz_request":
        if memory.get("quiz") and wants_stop(text):
            return _quiz_result(quiz_flow.answer(memory, text), memory)
        return _quiz_result(quiz_flow.request(memory, text, turn.audience), memory)
    if intent == "quiz_answer" or (memory.get("quiz") and wants_stop(text)):
        return _quiz_result(quiz_flow.answer(memory, text), memory)
    if not memory.get("quiz") and (looks_like_letter(text) or (wants_stop(text) and "quiz" in text.lower())):
        return TurnResult(text=quiz_flow.NO_QUIZ, memory=memory)
    if not memory.get("case") and wants_end(text) and "case" in text.lower():
        return TurnResult(text=case_practice.NO_CASE, memory=memory)
    if intent == "greeting":
        return _with_open_work(TurnResult(text=HELP), memory)
    result = explain(turn, symptom=intent == "symptom_report")
    return _with_open_work(result, memory)
