"""The education-mode tutor engine: ``respond(turn) -> TurnResult`` for the graph.

Memory (JSON, checkpointed per thread): ``quiz`` (the open item; None when closed) and ``case`` (the active
practice case; None when closed) are read by the router; ``quiz_topic``, ``audience``, ``progress`` and
``cases_done`` are the tutor's own. An open quiz or case is never dropped by an unrelated turn: questions are
answered and the open item is shown again, so nothing the learner was doing is lost.

Across conversations: ``turn.others["learner"]["missed"]`` (item ids the same learner missed in earlier threads,
kept by the facade) is carried into this thread and asked again first; ``progress.missed_items(memory)`` gives
the updated list back to the facade.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from assistant.tutor import case_practice, quiz_flow
from assistant.tutor.cases import wants_end
from assistant.tutor.explain import explain
from assistant.tutor.grading import looks_like_letter, read_choice, wants_stop
from assistant.tutor.library import Embed, TutorLibrary
from assistant.tutor.progress import carry_over, progress_of
from assistant.turns import Turn, TurnResult

EMPTY = "Please type a question, or say \"quiz me\" or \"give me a case\"."
HELP = ("Education mode: ask me about a clinical topic and I will explain it from the guideline library with "
        "sources; say \"quiz me\" (or \"quiz me on asthma\") for multiple-choice questions with hints and a "
        "running score; or \"give me a case\" to take a history from a simulated patient.")
CASE_WAITING = "\n\n(Your practice case is still running: keep asking the patient, or say \"end case\".)"
AUDIENCES = ("student", "nurse", "physician")
ANSWER_WORDS = 5  # a question this short that matches an option ("colonoscopy?") is a tentative answer
_CASE_TOPIC = re.compile(r"\b(?:give me a|practi[cs]e|a|the|case|cases|on|about|with|for|simulated patient|"
                         r"take a history|please|me|another|new|start)\b", re.IGNORECASE)
_NEXT = re.compile(r"^\s*(?:(?:ok(?:ay)?|yes|yeah|sure|great|thanks?|cool|right)[\s,.!]*)?(?:please\s+)?"
                   r"(?:next|another|more|one more|again|keep going|go on)(?:\s+(?:question|one|item|mcq|please))*"
                   r"\s*[.!?]*\s*$", re.IGNORECASE)


def _tool(name: str, title: str, summary: str, status: str = "done") -> dict[str, Any]:
    return {"name": name, "title": title, "status": status, "summary": summary}


def _progress_text(memory: dict[str, Any]) -> str:
    progress = progress_of(memory)
    return f"{progress['correct']}/{progress['answered']} right first time, {progress['asked']} asked"


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


def _case_result(text: str, citations: list[dict[str, Any]], memory: dict[str, Any], title: str) -> TurnResult:
    artifacts = {"citations": citations} if citations else {}
    return TurnResult(text=text, artifacts=artifacts, memory=memory, tools=[_tool("case", title, "case practice")])


def _with_open_work(library: TutorLibrary, result: TurnResult, memory: dict[str, Any]) -> TurnResult:
    """Show an open quiz item again (it resumes) and keep its artifact for the UI; remind of an open case."""
    again = quiz_flow.reminder(library, memory)
    if again is not None:
        result.text += "\n\n" + again
        result.artifacts = {**result.artifacts, "quiz": quiz_flow.still_open(library, memory)}
    if memory.get("case"):
        result.text += CASE_WAITING
    result.memory = memory
    return result


def _case_turn(library: TutorLibrary, memory: dict[str, Any], text: str) -> TurnResult:
    if not memory.get("case"):
        return TurnResult(text=case_practice.NO_CASE, memory=memory)
    reply, citations = case_practice.case_turn(library, memory, text)
    return _case_result(reply, citations, memory, "Practice case turn")


def _start_case(library: TutorLibrary, memory: dict[str, Any], text: str) -> TurnResult:
    note = quiz_flow.set_aside(library, memory) if memory.get("quiz") else ""
    topic = " ".join(_CASE_TOPIC.sub(" ", re.sub(r"[^\w\s'-]", " ", text)).split())
    if memory.get("case"):
        memory["case"] = None
        note += "(The previous case was closed.)\n\n"
    reply = case_practice.start_case(library, memory, topic)
    return _case_result(note + reply, [], memory, f"Practice case: {topic or 'next case'}")


def _answers_open_item(library: TutorLibrary, memory: dict[str, Any], text: str, is_question: bool) -> bool:
    """Whether a message is a reply to the open quiz item rather than something else (a question to answer).

    A letter, a hint / skip / stop request or a non-question that matches an option is a reply; a question is
    one only when it is short and matches an option ("is it colonoscopy?")."""
    item = quiz_flow.open_item(library, memory)
    if item is None:
        return False
    choice = read_choice(text, item)
    if looks_like_letter(text) or choice.kind in ("hint", "reveal", "stop"):
        return True
    if choice.kind == "unclear":
        return not is_question
    return not is_question or len(text.split()) <= ANSWER_WORDS


def learner_history(others: dict[str, Any]) -> list[str]:
    """Item ids the learner missed in earlier conversations: ``others["learner"]["missed"]`` (a bare list is
    accepted too). Empty when the facade keeps no learner record."""
    learner = others.get("learner", {}) if isinstance(others, dict) else {}
    missed = learner.get("missed", []) if isinstance(learner, dict) else learner
    return [str(i) for i in missed] if isinstance(missed, (list, tuple)) else []


def _audience(turn: Turn, memory: dict[str, Any]) -> str:
    """The learner's level for this turn, remembered for the conversation in the tutor's memory."""
    audience = turn.audience if turn.audience in AUDIENCES else memory.get("audience")
    memory["audience"] = audience if audience in AUDIENCES else "student"
    return memory["audience"]


def respond(turn: Turn) -> TurnResult:
    """Handle one education-mode turn according to its intent."""
    memory: dict[str, Any] = copy.deepcopy(turn.memory) if turn.memory else {}
    memory.setdefault("quiz", None)
    memory.setdefault("case", None)
    progress_of(memory)
    library: TutorLibrary = turn.knowledge.tutor
    audience = _audience(turn, memory)
    carry_over(memory, [i for i in learner_history(turn.others) if library.item(i) is not None])

    def embed(texts: Any) -> Any:  # the embedding model loads only if a topic needs matching by meaning
        return turn.knowledge.embedder.embed(texts)

    text = (turn.findings.text or "").strip()
    if not text:
        return TurnResult(text=EMPTY, memory=memory)
    intent = turn.intent
    is_question = turn.findings.question is not None or intent == "question"
    quiz_open = bool(memory.get("quiz"))
    if memory.get("case") and (intent in ("case_turn", "hint_request") or wants_end(text)):
        return _case_turn(library, memory, text)
    if intent == "case_turn":
        return _case_turn(library, memory, text)
    if intent == "case_request":
        return _start_case(library, memory, text)
    if intent == "hint_request":
        return _quiz_result(quiz_flow.hint(library, memory), memory)
    quizzing = progress_of(memory)["asked"] > 0  # "another" / "next" mean another question only once quizzing
    if intent == "quiz_request" or (quizzing and _NEXT.match(text) and not memory.get("case")):
        if quiz_open and wants_stop(text):
            return _quiz_result(quiz_flow.answer(library, memory, text, audience), memory)
        return _quiz_result(quiz_flow.request(library, memory, text, audience, embed), memory)
    if quiz_open and (intent == "quiz_answer" or is_question or wants_stop(text)):
        if _answers_open_item(library, memory, text, is_question):
            return _quiz_result(quiz_flow.answer(library, memory, text, audience), memory)
        return _with_open_work(library, explain(turn, audience, symptom=intent == "symptom_report",
                                                offer_quiz=False), memory)
    if intent == "quiz_answer":
        return _quiz_result(quiz_flow.answer(library, memory, text, audience), memory)
    if not quiz_open and (looks_like_letter(text) or (wants_stop(text) and "quiz" in text.lower())):
        return TurnResult(text=quiz_flow.NO_QUIZ, memory=memory)
    if not memory.get("case") and wants_end(text) and "case" in text.lower():
        return TurnResult(text=case_practice.NO_CASE, memory=memory)
    if intent == "greeting":
        return _with_open_work(library, TurnResult(text=HELP), memory)
    result = explain(turn, audience, symptom=intent == "symptom_report", offer_quiz=not quiz_open)
    return _with_open_work(library, result, memory)
