"""``NoteDraft``: what a note says, fact by fact, each fact with the line it came from.

The draft is what the engine keeps in memory (JSON) and what edits change; sections, codes and exports are always
rebuilt from it. Facts are plain dicts so they checkpoint as they are:

- ``findings``: ``{concept, label, group: reported|denied|history, assertion, source, speaker, verify}``
- ``family``: ``{concept, label, assertion, source}``
- ``medicines``: ``{name, said, dose, unit, route, frequency, status, course, section: subjective|plan, source,
  verify}`` (``said``: the words used when they differ from the generic name)
- ``allergies``: ``{substance, reaction, source}``
- ``vitals``: ``{kind, value, unit, diastolic, written_value, written_unit, on_oxygen, text, source, reported}``
- ``exam`` / ``impression`` / ``plan``: ``{text, source}`` (impression also ``hedged``, ``diagnoses``, ``concepts``)
- ``notes``: further history statements ``{text, source, verify}`` (duration, onset, severity)
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields
from typing import Any

GROUPS = ("reported", "denied", "history")
EDIT = "clinician edit"


@dataclass
class NoteDraft:
    origin: str = "transcript"  # transcript | dictation | conversation
    demographics: dict[str, Any] = field(default_factory=dict)
    findings: list[dict[str, Any]] = field(default_factory=list)
    family: list[dict[str, Any]] = field(default_factory=list)
    medicines: list[dict[str, Any]] = field(default_factory=list)
    allergies: list[dict[str, Any]] = field(default_factory=list)
    no_known_allergies: str | None = None  # the line that said so
    vitals: list[dict[str, Any]] = field(default_factory=list)
    exam: list[dict[str, Any]] = field(default_factory=list)
    impression: list[dict[str, Any]] = field(default_factory=list)
    plan: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    codes_added: list[dict[str, Any]] = field(default_factory=list)
    codes_removed: list[str] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)
    verify_extra: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "NoteDraft":
        names = {f.name for f in fields(cls)}
        return cls(**copy.deepcopy({k: v for k, v in (data or {}).items() if k in names}))

    def copy(self) -> "NoteDraft":
        return NoteDraft.from_dict(self.to_dict())

    @property
    def empty(self) -> bool:
        """True when nothing clinical was read (demographics alone do not make a note)."""
        return not (self.findings or self.family or self.medicines or self.allergies or self.no_known_allergies
                    or self.vitals or self.exam or self.impression or self.plan)

    def concepts(self, group: str) -> list[str]:
        return [f["concept"] for f in self.findings if f["group"] == group]

    # -- changing ------------------------------------------------------------------------------------------------
    def add_finding(self, fact: dict[str, Any]) -> None:
        """A newer statement about a concept replaces the older one (a new denial takes it off the reported list)."""
        self.findings = [f for f in self.findings if f["concept"] != fact["concept"]] + [fact]

    def add_medicine(self, fact: dict[str, Any]) -> None:
        """One entry per medicine and section; a newer one replaces the older (its details kept when not restated)."""
        for index, old in enumerate(self.medicines):
            if old["name"] == fact["name"] and old.get("section") == fact.get("section"):
                merged = {**old, **{k: v for k, v in fact.items() if v is not None}}
                self.medicines[index] = merged
                return
        self.medicines.append(fact)

    def add_allergy(self, fact: dict[str, Any]) -> None:
        for index, old in enumerate(self.allergies):
            if old["substance"] == fact["substance"]:
                self.allergies[index] = {**old, **{k: v for k, v in fact.items() if v}}
                break
        else:
            self.allergies.append(fact)
        self.no_known_allergies = None

    def add_vital(self, fact: dict[str, Any]) -> None:
        self.vitals.append(fact)

    def merge(self, newer: "NoteDraft") -> "NoteDraft":
        """This draft with a newer one's facts added (newer statements about the same thing win)."""
        merged = self.copy()
        merged.demographics.update(newer.demographics)
        for fact in newer.findings:
            merged.add_finding(fact)
        for fact in newer.medicines:
            merged.add_medicine(fact)
        for fact in newer.allergies:
            merged.add_allergy(fact)
        if newer.no_known_allergies and not merged.allergies:
            merged.no_known_allergies = newer.no_known_allergies
        kinds = {v["kind"] for v in newer.vitals}
        merged.vitals = [v for v in merged.vitals if v["kind"] not in kinds] + list(newer.vitals)
        for key in ("family", "exam", "impression", "plan", "notes", "codes_added", "flags"):
            have = {_identity(item) for item in getattr(merged, key)}
            getattr(merged, key).extend(item for item in getattr(newer, key) if _identity(item) not in have)
        merged.codes_removed = list(dict.fromkeys(merged.codes_removed + newer.codes_removed))
        merged.verify_extra = list(dict.fromkeys(merged.verify_extra + newer.verify_extra))
        return merged


def _identity(item: dict[str, Any]) -> str:
    """What makes two statements the same statement (their words, concept, code or flag id)."""
    return str(item.get("text") or item.get("concept") or item.get("code") or item.get("id"))
