"""The lines a note quotes: a consultation cut into sentences, each with who said it and what kind of statement it
is, so every fact in the note can name the line it came from.

Speaker turns come from the one parse (``findings.turns``); this module only cuts them into sentences and sorts a
clinician's sentences into question / history / exam / impression / plan by cue words (knowledge/notes/cues.yaml)
and, where no cue word says, by the consultation's phase: before the examination a statement is told history,
during it a finding, once the assessment has begun an order or a diagnosis - else discussion, which the note does
not quote. A dictated note (no speaker labels), or a summary the clinician starts dictating mid-consultation, is
sorted by its headers ("O/E:", "Plan:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.notes.vocabulary import NoteVocabulary
from assistant.understanding.findings import Findings, SpeakerTurn

DICTATION = "dictation"
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?]+(?=\s|$)|$)", re.MULTILINE)


@dataclass(frozen=True)
class SourceLine:
    """One sentence of the consultation."""

    role: str  # clinician | patient | carer | dictation
    label: str  # the speaker label as written ("Doctor", "Mum"); "" in dictation
    text: str
    start: int  # offsets in findings.text
    end: int
    kind: str  # question | history | exam | impression | plan | procedural | discussion
    turn: int  # index of the speaker turn (-1 in dictation)
    reply: str = ""  # for a clinician's question: the patient's or carer's answer, quoted

    @property
    def quote(self) -> str:
        said = f"{self.label}: {self.text}" if self.label else self.text
        return f"{said} / {self.reply}" if self.reply else said

    @property
    def clinician(self) -> bool:
        return self.role in ("clinician", DICTATION)


def _sentences(text: str, offset: int) -> list[tuple[str, int, int]]:
    found = []
    for match in _SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if not re.search(r"[A-Za-z0-9]", stripped):
            continue
        start = offset + match.start() + (len(raw) - len(raw.lstrip()))
        found.append((stripped, start, start + len(stripped)))
    return found


_CONDITIONAL = re.compile(r"^(?:if|should|in\s+case)\b|[,;]\s*(?:and\s+)?if\b", re.IGNORECASE)
_BARE_HEADER = re.compile(r"^(?:plan|impression|assessment|management|diagnosis|examination|on\s+examination)\s+"
                          r"(?=[a-z0-9])", re.IGNORECASE)
_EXAM_LEAD = re.compile(r"^(?:no|not|normal|nil|both|left|right|bilateral|mild|moderate|marked|reduced|"
                        r"you\s+look|he\s+looks|she\s+looks|they\s+look|looks|he's|she's)\b", re.IGNORECASE)

# Where a consultation is: taking the history, examining, or assessing and planning. A clinician sentence without
# a cue word is read by the phase it falls in - history before the examination, a finding during it, a plan item
# (an order, a dose, a test) or a diagnosis once the assessment has begun; anything else is discussion.
HISTORY, EXAMINING, ASSESSING, DICTATING = "history", "exam", "assessment", "dictating"


def clinician_kind(sentence: str, vocabulary: NoteVocabulary, *, vital_surfaces: tuple[str, ...] = (),
                   phase: str = HISTORY, names_medicine: bool = False, names_concept: bool = False) -> str:
    """What a clinician's statement is: procedural, plan, impression, exam, (told) history or discussion."""
    plain = vocabulary.without_fillers(sentence)
    if _CONDITIONAL.search(plain) and vocabulary.has("safety_net", plain):
        return "plan"  # "If she can't keep fluids down, bring her straight back": safety-netting
    if vocabulary.cues["courtesy"].match(plain) or vocabulary.cues["procedural"].match(plain):
        return "procedural"
    header = _BARE_HEADER.match(plain)
    if header:
        word = header.group(0).strip().lower()
        return "exam" if "exam" in word else vocabulary.header_sections.get(word, "impression")
    if vocabulary.has("plan", plain) or vocabulary.plan_imperative.match(plain):
        return "plan"
    if vocabulary.has("impression", plain):
        return "impression"
    if phase == ASSESSING and (names_medicine or vocabulary.has("orders", plain)):
        return "plan"  # "Ticagrelor 180 milligrams now, please." / "Bloods today and a chest X-ray."
    has_vital = any(surface and surface.lower() in sentence.lower() for surface in vital_surfaces)
    if has_vital or (vocabulary.has("exam", plain) and not vocabulary.has("history_markers", plain)):
        return "exam"
    if phase != HISTORY and vocabulary.diagnoses_in(plain):
        return "impression"  # "Acute severe asthma."
    if phase == EXAMINING and (names_concept or _EXAM_LEAD.match(plain)):
        return "exam"  # "Pale and clammy." during the examination
    return "history" if phase == HISTORY else "discussion"


def _next_phase(phase: str, kind: str) -> str:
    """An impression starts the assessment; so does a plan once the examination has begun (a "we'll" while taking
    the history does not); the first finding starts the examination."""
    if kind == "impression" or (kind == "plan" and phase != HISTORY):
        return ASSESSING
    return EXAMINING if kind == "exam" and phase == HISTORY else phase


def _reply(turns: tuple[SpeakerTurn, ...], index: int) -> SpeakerTurn | None:
    """The patient's or carer's reply to the clinician's question in turn ``index`` (None when the clinician moved
    on), the way the parser pairs them."""
    for turn in turns[index + 1:]:
        if turn.role != "clinician":
            return turn
        if not turn.is_question:
            return None
    return None


def source_lines(findings: Findings, vocabulary: NoteVocabulary) -> list[SourceLine]:
    """Every sentence of the message in order, with its speaker and kind."""
    vital_surfaces = tuple(v.surface for v in findings.vitals)
    if not findings.turns:
        return _dictation(findings.text, vocabulary, vital_surfaces)
    medicine_at = [d.start for d in findings.medicines if d.dose or d.route]
    concept_at = [m.start for m in findings.mentions if m.source != "vital"]
    lines: list[SourceLine] = []
    phase = HISTORY
    for index, turn in enumerate(findings.turns):
        reply = _reply(findings.turns, index) if turn.role == "clinician" else None
        for text, start, end in _sentences(turn.text, turn.start):
            if turn.role != "clinician":
                lines.append(SourceLine(turn.role, turn.label, text, start, end, "history", index))
            elif text.endswith("?") or (turn.is_question and len(_sentences(turn.text, 0)) == 1):
                answer = f"{reply.label}: {reply.text}" if reply else "(no answer)"
                lines.append(SourceLine("clinician", turn.label, text, start, end, "question", index, answer))
            elif phase == DICTATING or vocabulary.cues["dictation_start"].match(vocabulary.without_fillers(text)):
                kind = _dictated_kind(text, vocabulary, vital_surfaces) if phase == DICTATING else "procedural"
                phase = DICTATING
                lines.append(SourceLine("clinician", turn.label, text, start, end, kind, index))
            else:
                kind = clinician_kind(text, vocabulary, vital_surfaces=vital_surfaces, phase=phase,
                                      names_medicine=any(start <= at < end for at in medicine_at),
                                      names_concept=any(start <= at < end for at in concept_at))
                phase = _next_phase(phase, kind)
                lines.append(SourceLine("clinician", turn.label, text, start, end, kind, index))
    return lines


def _dictated_kind(sentence: str, vocabulary: NoteVocabulary, vital_surfaces: tuple[str, ...]) -> str:
    """A dictated sentence's section: its header ("Plan: ..."), else its cues, else history."""
    header = vocabulary.header(sentence)
    if header:
        return header[0]
    if sentence.endswith("?"):
        return "question"
    kind = clinician_kind(sentence, vocabulary, vital_surfaces=vital_surfaces)
    return "history" if kind == "procedural" else kind


def _dictation(text: str, vocabulary: NoteVocabulary, vital_surfaces: tuple[str, ...]) -> list[SourceLine]:
    """A dictated note: a header sets the section until the next header; unheaded sentences go by their cues."""
    lines: list[SourceLine] = []
    section: str | None = None
    for sentence, start, end in _sentences(text, 0):
        header = vocabulary.header(sentence)
        if header:
            section, skip = header
            sentence, start = sentence[skip:].strip(), start + skip
            if not sentence:
                continue
        if sentence.endswith("?"):
            kind = "question"
        elif section:
            kind = section
        else:
            kind = clinician_kind(sentence, vocabulary, vital_surfaces=vital_surfaces)
            kind = "history" if kind == "procedural" else kind
        lines.append(SourceLine(DICTATION, "", sentence, start, start + len(sentence), kind, -1))
    return lines


def line_at(lines: list[SourceLine], position: int) -> SourceLine | None:
    """The line holding a character offset."""
    return next((line for line in lines if line.start <= position < max(line.end, line.start + 1)), None)


def line_with(lines: list[SourceLine], surface: str, *, taken: set[int] | None = None) -> SourceLine | None:
    """The first line holding these words (``taken``: line starts already used for the same words)."""
    words = surface.strip().lower()
    if not words:
        return None
    for line in lines:
        if words in line.text.lower() and (taken is None or line.start not in taken):
            return line
    return None
