"""Deterministic routing: which mode handles a turn, and what the user wants (intent), from the turn's Findings.

Commands are read first ("switch to triage", "quiz me", "write a SOAP note"); then the one parse decides: a pasted
consultation, a drug question, a question, a symptom report. When neither settles it, the turn is compared with
example utterances (knowledge/dialogue/intents.yaml) by embedding similarity. No LLM is involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from assistant.modes import ALIASES
from assistant.understanding.findings import Findings

INTENTS = (
    "mode_switch", "greeting", "drug_question", "question", "symptom_report", "just_tell_me",
    "quiz_request", "quiz_answer", "hint_request", "case_request", "case_turn", "note_request", "note_edit", "transcript",
    "statement",  # information without question form, e.g. an answer to the engine's last question
)
_MODE_WORDS = "|".join(sorted((re.escape(k) for k in ALIASES), key=len, reverse=True))
_SWITCH = re.compile(
    rf"^\s*(?:/mode\s+(?P<slash>\w+)|(?:please\s+|can\s+you\s+|let'?s\s+|i\s+want\s+to\s+)?(?:switch|change|go|move|back|get)\s+"
    rf"(?:back\s+)?(?:to|into|over\s+to)\s+(?:the\s+)?(?P<to>{_MODE_WORDS})(?:\s+mode)?(?:\s+please)?|(?P<bare>{_MODE_WORDS})\s+mode"
    rf"(?:\s+please)?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_LETTER = re.compile(r"^\s*(?:(?:i think|i'?d say|my answer is|answer|it'?s|it is|is it|option)\s*:?\s*)*\(?([a-e])\)?\s*[.)!?]?\s*$",
                     re.IGNORECASE)
_HINT = re.compile(r"\b(hint|clue|help me (?:with this|out)|give me a tip|narrow it down)\b", re.IGNORECASE)
_JUST_TELL = re.compile(r"\b(just tell me|skip (?:the )?questions|no more questions|stop asking|that'?s all i know|just give me)\b",
                        re.IGNORECASE)
_GREETING = re.compile(r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|thanks?(?: you)?|help|what can you do)\b[\s!.?]*$",
                       re.IGNORECASE)
_QUIZ = re.compile(r"\b(quiz me|test me|test my knowledge|(?:practice|another|next|a) (?:question|mcq)s?|mcqs?|question on|"
                   r"questions? about)\b", re.IGNORECASE)
_CASE = re.compile(r"\b(practi[cs]e case|simulated patient|case practice|take a history|give me a case)\b", re.IGNORECASE)
_NOTE_REQUEST = re.compile(r"\b(soap note|write (?:up )?(?:a |the )?note|draft (?:a |the )?(?:clinical )?note|document (?:this|the)|"
                           r"make a note|clinical note|export (?:the )?note|show (?:the )?note)\b", re.IGNORECASE)
_NOTE_EDIT = re.compile(r"^\s*(add|change|update|remove|delete|replace|set|undo)\b", re.IGNORECASE)
_DRUG_KINDS = ("dose", "interaction", "side_effects")
_DRUG_CUES = re.compile(r"\b(interact\w*|together with|combine|combination|dose|dosing|dosage|max(?:imum)?|mg|mcg|side effects?|"
                        r"adverse|contraindicat\w*|tell me about|what is|safe to take|ok to take|monograph|renal|"
                        r"kidney function|with my|and my|"
                        r"(?:can|could|should|may)\s+(?:i|he|she|they|we|you|my\s+\w+|the\s+\w+)\s+(?:take|have|give|use))\b",
                        re.IGNORECASE)
Nearest = Callable[[str], str | None]


@dataclass(frozen=True)
class RouteDecision:
    mode: str
    intent: str
    mode_source: str  # "user" (chosen or switched by the user) | "inferred"
    switched: bool = False


_GUIDELINE_KINDS = ("first_line", "criteria", "threshold", "screening", "refer", "definition", "comparison")


def _names_a_combination(findings: Findings) -> bool:
    """Two different known medicines in a question that is not about a guideline's choice between them ("tramadol
    for someone already on sertraline - risks?") ask about taking them together: the interaction engine answers."""
    names = {m.name for m in findings.medicines if m.known}
    return len(names) >= 2 and (findings.question is None or findings.question.kind not in _GUIDELINE_KINDS)


def mode_from_text(text: str) -> str | None:
    """The mode a "switch to X" command asks for, or None."""
    match = _SWITCH.match(text)
    if not match:
        return None
    word = (match.group("slash") or match.group("to") or match.group("bare") or "").lower()
    return ALIASES.get(word)


def classify_intent(findings: Findings, *, mode: str | None, quiz_open: bool = False, case_open: bool = False,
                    nearest: Nearest | None = None) -> str:
    """The user's intent by commands, then by the parse, then by similarity to example utterances."""
    text = findings.text
    if mode_from_text(text):
        return "mode_switch"
    if findings.is_transcript:
        return "transcript"
    if quiz_open and _LETTER.match(text):
        return "quiz_answer"
    if quiz_open and _HINT.search(text) and len(text) < 80:
        return "hint_request"
    if _GREETING.match(text):
        return "greeting"
    if _JUST_TELL.search(text):
        return "just_tell_me"
    if _CASE.search(text):
        return "case_request"
    if case_open and mode == "education":
        return "case_turn"
    drugs = bool(findings.medicines)
    if _QUIZ.search(text) and not drugs:
        return "quiz_request"
    if _NOTE_REQUEST.search(text):
        return "note_request"
    if mode == "documentation" and _NOTE_EDIT.match(text):
        return "note_edit"
    question = findings.question
    if drugs and ((question is not None and question.kind in _DRUG_KINDS) or _DRUG_CUES.search(text)
                  or len(text.split()) <= 4 or _names_a_combination(findings)):
        return "drug_question"
    reports = [m for m in findings.mentions if m.current and m.experiencer in ("self", "patient")]
    if quiz_open and mode == "education" and len(text) < 160 and question is None and not reports:
        return "quiz_answer"
    if reports and (question is None or question.kind in ("general", "refer") or findings.answer is not None):
        return "symptom_report"  # "I have chest pain, should I go to hospital?" is a report with a question
    if question is not None:
        return "question"
    if reports or findings.vitals or findings.emergency_core:
        return "symptom_report"
    if findings.answer is not None:
        return "statement"
    guess = nearest(text) if nearest else None
    if guess == "drug_question" and not drugs:
        return "question"
    if guess == "note_edit" and mode != "documentation":
        return "question"
    return guess or "statement"


def infer_mode(intent: str) -> str:
    """The mode a fresh conversation starts in when the user has not chosen one."""
    if intent in {"symptom_report", "just_tell_me"}:
        return "triage"
    if intent in {"transcript", "note_request", "note_edit"}:
        return "documentation"
    return "education"


def route(findings: Findings, *, current_mode: str | None, mode_source: str | None, requested_mode: str | None = None,
          quiz_open: bool = False, case_open: bool = False, nearest: Nearest | None = None) -> RouteDecision:
    """Choose mode and intent for one turn. An explicit mode (argument or "switch to X") always wins; a mode the
    router inferred earlier is re-inferred when the user's intent clearly belongs to another mode."""
    typed = mode_from_text(findings.text)
    if requested_mode or typed:
        mode = typed or requested_mode
        intent = "mode_switch" if typed else classify_intent(findings, mode=mode, quiz_open=quiz_open,
                                                             case_open=case_open, nearest=nearest)
        return RouteDecision(mode=mode, intent=intent, mode_source="user", switched=mode != current_mode)
    intent = classify_intent(findings, mode=current_mode, quiz_open=quiz_open, case_open=case_open, nearest=nearest)
    if current_mode and mode_source == "user":
        return RouteDecision(mode=current_mode, intent=intent, mode_source="user")
    if current_mode and intent in {"greeting", "drug_question", "quiz_answer", "hint_request", "case_turn", "question",
                                   "statement"}:
        return RouteDecision(mode=current_mode, intent=intent, mode_source=mode_source or "inferred")
    mode = infer_mode(intent)
    return RouteDecision(mode=mode, intent=intent, mode_source="inferred", switched=mode != current_mode)
