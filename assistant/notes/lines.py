"""The lines a note quotes: a consultation cut into sentences, each with who said it and what kind of statement it
is, so every fact in the note can name the line it came from.

Speaker turns come from the one parse (``findings.turns``); this module only cuts them into sentences and sorts a
clinician's sentences into question / history / exam / impression / plan by cue words (knowledge/notes/cues.yaml).
A dictated note (no speaker labels) is the clinician's throughout, sorted by its headers ("O/E:", "Plan:").
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
    kind: str  # question | history | exam | impression | plan | procedural
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


def clinician_kind(sentence: str, vocabulary: NoteVocabulary, *, vital_surfaces: tuple[str, ...] = ()) -> str:
    """What a clinician's statement is: procedural, plan, impression, exam or (told) history."""
    plain = vocabulary.without_fillers(sentence)
    if vocabulary.cues["procedural"].match(plain):
        return "procedural"
    if vocabulary.has("plan", plain) or vocabulary.plan_imperative.match(plain):
        return "plan"
    if vocabulary.has("impression", plain):
        return "impression"
    has_vital = any(surface and surface.lower() in sentence.lower() for surface in vital_surfaces)
    if has_vital or (vocabulary.has("exam", plain) and not vocabulary.has("history_markers", plain)):
        return "exam"
    return "history"


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
    lines: list[SourceLine] = []
    for index, turn in enumerate(findings.turns):
        reply = _reply(findings.turns, index) if turn.role == "clinician" else None
        for text, start, end in _sentences(turn.text, turn.start):
            if turn.role != "clinician":
                lines.append(SourceLine(turn.role, turn.label, text, start, end, "history", index))
            elif text.endswith("?") or (turn.is_question and len(_sentences(turn.text, 0)) == 1):
                answer = f"{reply.label}: {reply.text}" if reply else "(no answer)"
                lines.append(SourceLine("clinician", turn.label, text, start, end, "question", index, answer))
            else:
                kind = clinician_kind(text, vocabulary, vital_surfaces=vital_surfaces)
                lines.append(SourceLine("clinician", turn.label, text, start, end, kind, index))
    return lines


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
