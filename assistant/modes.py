"""The modes, declared once: name, aliases, description, examples and the engine that handles the mode.

Settings, routing, templates, the graph's route targets and the UI's mode choices all derive from ``MODES``;
adding a mode is one entry here plus its engine. Intent engines that serve every mode (a drug question, a cited
answer) are declared in ``SHARED_ENGINES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from assistant.drugs import answer as drug_answer
from assistant.guidelines import answer as guideline_answer
from assistant.notes import dialogue as notes_dialogue
from assistant.triage import dialogue as triage_dialogue
from assistant.turns import Turn, TurnResult
from assistant.tutor import dialogue as tutor_dialogue

Respond = Callable[[Turn], TurnResult]


@dataclass(frozen=True)
class Engine:
    name: str  # graph node name and memory key
    label: str  # what users read when it fails
    respond: Respond


@dataclass(frozen=True)
class Mode:
    name: str
    aliases: tuple[str, ...]
    title: str  # UI label
    description: str
    examples: tuple[str, ...]
    engine: Engine


TUTOR = Engine("tutor", "tutor", tutor_dialogue.respond)
TRIAGE = Engine("triage", "triage engine", triage_dialogue.respond)
DOCUMENTATION = Engine("document", "documentation engine", notes_dialogue.respond)
DRUGS = Engine("drug_info", "drug engine", drug_answer.respond)
ANSWER = Engine("answer", "guideline engine", guideline_answer.respond)
SHARED_ENGINES: tuple[Engine, ...] = (DRUGS, ANSWER)

MODES: tuple[Mode, ...] = (
    Mode("education", ("education", "educational", "tutor", "teaching", "learning", "learn", "study", "quiz"),
         "Education (tutor)",
         "Education mode (tutor): ask about a clinical topic for a cited explanation, say \"quiz me on asthma\" for "
         "practice questions, or \"give me a case\" to take a history from a simulated patient.",
         ("explain the Ottawa ankle rules", "quiz me on asthma", "give me a case"), TUTOR),
    Mode("triage", ("triage", "symptom", "symptoms", "symptom checker"), "Triage",
         "Triage mode: describe the symptoms (who, what, since when). I will ask a few questions and give an urgency "
         "level - emergency, urgent, routine or self-care - with the reasons and what to watch for. Say \"just tell "
         "me\" at any point for the best assessment so far.",
         ("my 2 year old has had a fever for 5 days", "chest pain going into my left arm"), TRIAGE),
    Mode("documentation", ("documentation", "document", "notes", "note", "soap", "scribe"), "Documentation",
         "Documentation mode: paste a consultation transcript (lines starting \"Doctor:\" / \"Patient:\") or say "
         "\"write a SOAP note\" after a triage intake. Edit the note by saying things like \"add penicillin allergy\".",
         ("Doctor: what brings you in? Patient: a cough for a week", "write a SOAP note"), DOCUMENTATION),
)
BY_NAME: dict[str, Mode] = {mode.name: mode for mode in MODES}
ALIASES: dict[str, str] = {alias: mode.name for mode in MODES for alias in (mode.name, *mode.aliases)}
ENGINES: tuple[Engine, ...] = tuple(mode.engine for mode in MODES) + SHARED_ENGINES
NAMES: tuple[str, ...] = tuple(mode.name for mode in MODES)


def normalise_mode(mode: str | None) -> str | None:
    """Map aliases to a mode name; None stays None; an unknown name raises ValueError with the choices."""
    if mode is None or mode == "":
        return None
    found = ALIASES.get(mode.strip().lower())
    if found is None:
        raise ValueError(f"Unknown mode {mode!r}. Choose one of: {', '.join(NAMES)}.")
    return found
