"""What the note engine reads from the assistant's built knowledge (``assistant.knowledge.Knowledge`` has all of it;
tests pass a small stand-in)."""

from __future__ import annotations

from typing import Protocol

from assistant.notes.vocabulary import NoteVocabulary
from assistant.understanding.findings import Findings
from assistant.understanding.lexicon import Lexicon
from knowledge.drugs.catalogue import DrugCatalogue
from knowledge.notes.icd10 import Icd10Index


class NoteKnowledge(Protocol):
    @property
    def lexicon(self) -> Lexicon: ...  # concept kinds (symptom | sign | event | condition)

    @property
    def lexicon_labels(self) -> dict[str, str]: ...

    @property
    def drugs(self) -> DrugCatalogue: ...

    @property
    def note_vocabulary(self) -> NoteVocabulary: ...

    @property
    def icd10(self) -> Icd10Index: ...

    def parse(self, text: object) -> Findings: ...
