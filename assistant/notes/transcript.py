"""Split a consultation into speaker turns and sentences ("Doctor: ...", "Pt: ...", "Mother: ...").

Who said a sentence matters for the note: a clinician's question is not a finding, a patient's "no" denies
what was just asked, and a clinician's statement may be an exam finding or part of the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.clinical_text.tokens import clean_text
from assistant.notes.lexicons import cue_pattern, cues

ROLES = ("clinician", "patient", "carer")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the whole source text
    end: int
    role: str  # clinician | patient | carer | unknown
    question: bool
    turn: int  # index of the utterance it belongs to


@dataclass(frozen=True)
class Utterance:
    role: str
    speaker: str  # the label as written ("Dr", "Mum")
    text: str
    start: int


@dataclass
class Transcript:
    source: str
    utterances: list[Utterance]

    @property
    def dialogue(self) -> bool:
        """True when at least two turns carry a speaker label (a real consultation, not dictation)."""
        return sum(1 for u in self.utterances if u.speaker) >= 2

    def sentences(self) -> list[Sentence]:
        found: list[Sentence] = []
        for index, utterance in enumerate(self.utterances):
            for match in _SENTENCE.finditer(utterance.text):
                raw = match.group(0)
                text = raw.strip()
                if not re.search(r"[A-Za-z0-9]", text):
                    continue
                start = utterance.start + match.start() + (len(raw) - len(raw.lstrip()))
                found.append(Sentence(text, start, start + len(text), utterance.role, is_question(text), index))
        return found


_SENTENCE = re.compile(r"[^\n]+?(?:[.!?]+(?=\s|$)|$)", re.MULTILINE)


@lru_cache(maxsize=1)
def _speaker_line() -> tuple[re.Pattern[str], dict[str, str]]:
    role_of = {word: role for role in ROLES for word in cues()["speakers"][role]}
    words = "|".join(sorted((re.escape(w) for w in role_of), key=len, reverse=True))
    pattern = re.compile(
        rf"^[ \t]*(?:\[?\d{{1,2}}:\d{{2}}(?::\d{{2}})?\]?[ \t]*)?(?P<label>(?P<word>{words})\.?(?:[ \t]+[A-Z][a-z]+)?)"
        rf"(?:[ \t]*\([^)\n]{{0,30}}\))?[ \t]*[:\-\u2013][ \t]*",
        re.IGNORECASE | re.MULTILINE,
    )
    return pattern, role_of


def parse_transcript(text: str) -> Transcript:
    """Speaker turns in order; lines without a label continue the previous turn (or form an unlabelled one)."""
    text = clean_text(text or "")
    pattern, role_of = _speaker_line()
    matches = list(pattern.finditer(text))
    utterances: list[Utterance] = []
    if not matches or matches[0].start() > 0 and text[: matches[0].start()].strip():
        end = matches[0].start() if matches else len(text)
        utterances.append(Utterance("unknown", "", text[:end], 0))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        role = role_of.get(match.group("word").lower(), "unknown")
        utterances.append(Utterance(role, match.group("label").strip(), text[match.end():end], match.end()))
    return Transcript(text, [u for u in utterances if u.text.strip()])


def from_history(history: list[tuple[str, str]]) -> Transcript:
    """A transcript from the chat itself: the assistant asked (clinician role), the user answered (patient)."""
    parts, utterances, offset = [], [], 0
    for role, content in history:
        content = clean_text(content or "").strip()
        if not content:
            continue
        speaker = "assistant" if role in ("assistant", "ai") else "user"
        if speaker == "assistant":
            questions = [s for s in re.split(r"(?<=[.!?])\s+|\n+", content) if s.strip().endswith("?")]
            if not questions:
                continue
            content = questions[-1].strip()  # only the question answered next; advice text is not a finding
        utterances.append(Utterance("clinician" if speaker == "assistant" else "patient", speaker, content, offset))
        parts.append(content)
        offset += len(content) + 1
    return Transcript("\n".join(parts), utterances)


def is_question(sentence: str) -> bool:
    stripped = sentence.strip()
    if stripped.endswith("?"):
        return True
    if stripped.endswith("."):
        return False
    match = cue_pattern("question_starts").match(stripped)
    return bool(match) and len(stripped.split()) <= 12
