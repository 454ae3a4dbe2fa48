"""``NoteVocabulary``: the note engine's words, compiled once - cue words that sort a clinician's sentences into
SOAP sections, the codes suggested for concepts and for diagnoses named in an impression, and the note's wording.

Built by ``NoteVocabulary.load()`` (the assistant's Knowledge keeps one); tests build one per session.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.notes.wording import NoteWording
from knowledge import notes as notes_data
from knowledge.notes import NoteDataError

CUE_LISTS = ("plan", "impression", "hedges", "exam", "procedural", "history_markers", "orders", "safety_net",
             "courtesy", "dictation_start")
TOPIC_LISTS = ("allergy_topic", "medicine_topic")


def _phrases(name: str, raw: Any) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise NoteDataError(f"knowledge/notes/cues.yaml: {name!r} must be a list of quoted strings.")
    return sorted((p.lower() for p in raw), key=len, reverse=True)


def _pattern(phrases: list[str], *, prefix: bool = False) -> re.Pattern[str]:
    """One regex for a cue list, longest phrase first, on word boundaries (``prefix``: "allerg" matches "allergies");
    a space in a phrase also matches a hyphen ("pre eclampsia" finds "pre-eclampsia")."""
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s\-]+") for p in phrases)
    tail = "" if prefix else r"(?![a-z])"
    return re.compile(rf"(?<![a-z])(?:{body}){tail}", re.IGNORECASE)


@dataclass(frozen=True)
class NoteVocabulary:
    cues: dict[str, re.Pattern[str]]
    plan_imperative: re.Pattern[str]
    fillers: re.Pattern[str]
    headers: re.Pattern[str]
    header_sections: dict[str, str]
    not_medicines: frozenset[str]
    concept_codes: dict[str, dict[str, Any]]
    diagnoses: dict[str, dict[str, Any]]
    diagnosis_terms: re.Pattern[str]
    diagnosis_of_term: dict[str, str]
    wording: NoteWording

    @classmethod
    def from_data(cls, cues: dict[str, Any], concept_codes: dict[str, Any], diagnoses: dict[str, Any],
                  register: dict[str, Any]) -> "NoteVocabulary":
        compiled = {name: _pattern(_phrases(name, cues.get(name))) for name in CUE_LISTS}
        compiled.update({name: _pattern(_phrases(name, cues.get(name)), prefix=True) for name in TOPIC_LISTS})
        imperative = "|".join(re.escape(w) for w in _phrases("plan_imperative", cues.get("plan_imperative")))
        fillers = "|".join(re.escape(w) for w in _phrases("fillers", cues.get("fillers")))
        header_sections = {word.lower(): section for section, words in (cues.get("headers") or {}).items()
                           for word in _phrases(f"headers.{section}", words)}
        headers = "|".join(re.escape(w) for w in sorted(header_sections, key=len, reverse=True))
        dx = diagnoses.get("diagnoses") or {}
        of_term = {term.lower(): dx_id for dx_id, entry in dx.items() for term in entry.get("terms") or []}
        return cls(
            cues=compiled,
            plan_imperative=re.compile(rf"^(?:{imperative})\b", re.IGNORECASE),
            fillers=re.compile(rf"^(?:(?:{fillers})\b[,\s]*)+", re.IGNORECASE),
            headers=re.compile(rf"^\s*(?P<header>{headers})\s*[:\-]\s*", re.IGNORECASE),
            header_sections=header_sections,
            not_medicines=frozenset(w.lower() for w in cues.get("not_medicines") or []),
            concept_codes=dict((concept_codes.get("concepts") or {})),
            diagnoses=dx,
            diagnosis_terms=_pattern(sorted(of_term, key=len, reverse=True)),
            diagnosis_of_term=of_term,
            wording=NoteWording.from_data(register),
        )

    @classmethod
    def load(cls) -> "NoteVocabulary":
        """Read knowledge/notes/{cues,concept_codes,diagnoses,register}.yaml."""
        return cls.from_data(notes_data.load("cues"), notes_data.load("concept_codes"), notes_data.load("diagnoses"),
                             notes_data.load("register"))

    def has(self, cue: str, text: str) -> bool:
        return bool(self.cues[cue].search(text))

    def first(self, cue: str, text: str) -> re.Match[str] | None:
        return self.cues[cue].search(text)

    def header(self, sentence: str) -> tuple[str, int] | None:
        """(section, where the text after the header starts) when a dictated sentence opens with a header."""
        match = self.headers.match(sentence)
        if not match:
            return None
        return self.header_sections[match.group("header").lower()], match.end()

    def without_fillers(self, sentence: str) -> str:
        return self.fillers.sub("", sentence).strip() or sentence.strip()

    def diagnoses_in(self, text: str) -> list[str]:
        """Diagnosis ids named in an impression, in order, once each."""
        found = [self.diagnosis_of_term[re.sub(r"[\s\-]+", " ", m.group(0).lower())]
                 for m in self.diagnosis_terms.finditer(text)]
        return list(dict.fromkeys(found))
