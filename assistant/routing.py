"""Deterministic routing: which mode handles a turn, and what the user wants (intent).

Rules decide first; when they cannot, the turn is compared with example utterances
(knowledge/dialogue/intents.yaml) by MiniLM embedding similarity. No LLM is involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from assistant.settings import MODES

INTENTS = (
    "mode_switch", "greeting", "drug_question", "question", "symptom_report", "just_tell_me",
    "quiz_request", "quiz_answer", "case_request", "case_turn", "note_request", "note_edit", "transcript",
    "statement",  # information without question form, e.g. an answer to the engine's last question
)
MODE_ALIASES = {
    "education": "education", "educational": "education", "tutor": "education", "teaching": "education",
    "learning": "education", "learn": "education", "study": "education", "quiz": "education",
    "triage": "triage", "symptom": "triage", "symptoms": "triage", "symptom checker": "triage",
    "documentation": "documentation", "document": "documentation", "notes": "documentation",
    "note": "documentation", "soap": "documentation", "scribe": "documentation",
}
_MODE_WORDS = "|".join(sorted((re.escape(k) for k in MODE_ALIASES), key=len, reverse=True))
_SWITCH = re.compile(
    rf"^\s*(?:/mode\s+(?P<slash>\w+)|(?:please\s+)?(?:switch|change|go|move|back)\s+(?:back\s+)?(?:to|into)\s+"
    rf"(?:the\s+)?(?P<to>{_MODE_WORDS})(?:\s+mode)?|(?P<bare>{_MODE_WORDS})\s+mode(?:\s+please)?)\s*[.!]?\s*$",
    re.IGNORECASE,
)
_SPEAKER = re.compile(
    r"^\s*(?:doctor|dr|patient|pt|clinician|nurse|gp|physician|mother|father|parent|mum|mom|dad|carer)\s*[:\-]",
    re.IGNORECASE | re.MULTILINE,
)
_LETTER = re.compile(
    r"^\s*(?:(?:i think|i'?d say|my answer is|answer|it'?s|it is|is it|option)\s*:?\s*)*\(?([a-e])\)?\s*[.)!?]?\s*$",
    re.IGNORECASE,
)
_JUST_TELL = re.compile(
    r"\b(just tell me|skip (?:the )?questions|no more questions|stop asking|that'?s all i know|just give me)\b",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|good (?:morning|afternoon|evening)|thanks?(?: you)?|help|what can you do)\b[\s!.?]*$",
    re.IGNORECASE,
)
_QUIZ = re.compile(
    r"\b(quiz me|test me|test my knowledge|(?:practice|another|next|a) (?:question|mcq)s?|mcqs?|question on|"
    r"questions? about)\b",
    re.IGNORECASE,
)
_CASE = re.compile(r"\b(practi[cs]e case|simulated patient|case practice|take a history|give me a case)\b", re.I)
_NOTE_REQUEST = re.compile(
    r"\b(soap note|write (?:up )?(?:a |the )?note|draft (?:a |the )?(?:clinical )?note|document (?:this|the)|"
    r"make a note|clinical note|export (?:the )?note|show (?:the )?note)\b",
    re.IGNORECASE,
)
_NOTE_EDIT = re.compile(r"^\s*(add|change|update|remove|delete|replace|set)\b", re.IGNORECASE)
_DRUG_CUES = re.compile(
    r"\b(interact\w*|together with|combine|combination|dose|dosing|dosage|max(?:imum)?|mg|mcg|side effects?|"
    r"adverse|contraindicat\w*|tell me about|what is|safe to take|can i take|monograph|renal|kidney function)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"(\?\s*$|^\s*(?:what|when|why|how|which|who|should|is|are|does|do|can|could|explain|define|describe|"
    r"tell me|list|compare)\b)",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(i|i'm|im|i've|ive|my|me|he|she|they|his|her|our|my (?:son|daughter|baby|child|husband|wife|mum|dad|mother|"
    r"father))\b",
    re.IGNORECASE,
)
_SIMILARITY_FLOOR = 0.45


@dataclass(frozen=True)
class RouteDecision:
    mode: str
    intent: str
    mode_source: str  # "user" (chosen or switched by the user) | "inferred"
    switched: bool = False


def mode_from_text(text: str) -> str | None:
    """The mode a "switch to X" command asks for, or None."""
    match = _SWITCH.match(text)
    if not match:
        return None
    word = (match.group("slash") or match.group("to") or match.group("bare") or "").lower()
    return MODE_ALIASES.get(word)


def normalise_mode(mode: str | None) -> str | None:
    """Map aliases to a mode name; None stays None; unknown raises ValueError with the choices."""
    if mode is None or mode == "":
        return None
    found = MODE_ALIASES.get(mode.strip().lower())
    if found is None:
        raise ValueError(f"Unknown mode {mode!r}. Choose one of: {', '.join(MODES)}.")
    return found


def is_transcript(text: str) -> bool:
    return len(_SPEAKER.findall(text)) >= 2


def classify_intent(
    text: str, *, mode: str | None, quiz_open: bool = False, case_open: bool = False,
    mentions_drug: bool = False,
) -> str:
    """The user's intent by rules, then by similarity to example utterances."""
    if mode_from_text(text):
        return "mode_switch"
    if is_transcript(text):
        return "transcript"
    if quiz_open and _LETTER.match(text):
        return "quiz_answer"
    if _GREETING.match(text):
        return "greeting"
    if _JUST_TELL.search(text):
        return "just_tell_me"
    if _CASE.search(text):
        return "case_request"
    if case_open and mode == "education":
        return "case_turn"
    if _QUIZ.search(text) and not mentions_drug:
        return "quiz_request"
    if _NOTE_REQUEST.search(text):
        return "note_request"
    if mode == "documentation" and _NOTE_EDIT.match(text):
        return "note_edit"
    if mentions_drug and (_DRUG_CUES.search(text) or len(text.split()) <= 4):
        return "drug_question"
    if quiz_open and mode == "education" and len(text) < 160 and not _QUESTION.search(text):
        return "quiz_answer"
    guess = _nearest_intent(text)
    if guess in {"symptom_report", "question"} or guess is None:
        if _QUESTION.search(text) and not re.search(r"\b(i have|i've had|i am having|my \w+ (?:has|is))\b", text, re.I):
            return "question"
        if _FIRST_PERSON.search(text) and guess != "question":
            return "symptom_report"
        if guess == "question" and not _QUESTION.search(text):
            return "statement"
        return guess or "statement"
    if guess == "drug_question" and not mentions_drug:
        return "question"
    if guess == "note_edit" and mode != "documentation":
        return "question"
    return guess


def infer_mode(intent: str) -> str:
    """The mode a fresh conversation starts in when the user has not chosen one."""
    if intent in {"symptom_report", "just_tell_me"}:
        return "triage"
    if intent in {"transcript", "note_request", "note_edit"}:
        return "documentation"
    return "education"


def route(
    text: str, *, current_mode: str | None, mode_source: str | None, requested_mode: str | None = None,
    quiz_open: bool = False, case_open: bool = False, mentions_drug: bool = False,
) -> RouteDecision:
    """Choose mode and intent for one turn.

    An explicit mode (argument or "switch to X") always wins; a mode the router inferred earlier is
    re-inferred when the user's intent clearly belongs to another mode.
    """
    typed = mode_from_text(text)
    if requested_mode or typed:
        mode = requested_mode or typed
        intent = "mode_switch" if typed else classify_intent(
            text, mode=mode, quiz_open=quiz_open, case_open=case_open, mentions_drug=mentions_drug
        )
        return RouteDecision(mode=mode, intent=intent, mode_source="user", switched=mode != current_mode)
    intent = classify_intent(text, mode=current_mode, quiz_open=quiz_open, case_open=case_open,
                             mentions_drug=mentions_drug)
    if current_mode and mode_source == "user":
        return RouteDecision(mode=current_mode, intent=intent, mode_source="user")
    if current_mode and intent in {"greeting", "drug_question", "quiz_answer", "case_turn", "question", "statement"}:
        return RouteDecision(mode=current_mode, intent=intent, mode_source=mode_source or "inferred")
    mode = infer_mode(intent)
    return RouteDecision(mode=mode, intent=intent, mode_source="inferred", switched=mode != current_mode)


@lru_cache(maxsize=1)
def _examples() -> tuple[list[str], list[str]]:
    raw = yaml.safe_load(resources.files("knowledge.dialogue").joinpath("intents.yaml").read_text("utf-8"))
    labels, texts = [], []
    for intent, utterances in raw.items():
        labels += [intent] * len(utterances)
        texts += utterances
    return labels, texts


@lru_cache(maxsize=1)
def _example_matrix():
    from knowledge.embeddings import get_embedder  # lazy: loading the model is work, not import

    labels, texts = _examples()
    return labels, get_embedder().embed(texts)


def _nearest_intent(text: str) -> str | None:
    """The intent of the most similar example utterance, or None when nothing is close or no model."""
    try:
        labels, matrix = _example_matrix()
        from knowledge.embeddings import get_embedder

        scores = matrix @ get_embedder().embed_one(text[:2000])
    except (ImportError, OSError, RuntimeError):
        return None
    best = int(scores.argmax())
    return labels[best] if float(scores[best]) >= _SIMILARITY_FLOOR else None
