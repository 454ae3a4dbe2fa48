"""The structured triage intake: one slot per thing a clinician asks, filled over several turns.

The intake is plain data (``to_dict``/``from_dict``) so it lives in the per-thread memory and survives
restarts through the checkpointer.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from assistant.triage import answers
from assistant.triage.symptoms import SymptomMatch, match_symptoms

ITEMS = (
    "complaint", "onset", "duration", "severity", "associated", "red_flags",
    "age", "sex", "pregnancy", "conditions", "medicines", "allergies", "vitals",
)
MAX_TEXT_KEEP = 12  # user answers kept for re-screening the whole story each turn


@dataclass
class Intake:
    complaint: str | None = None  # chief complaint id from the lexicon
    complaints: list[str] = field(default_factory=list)  # every complaint mentioned, first = chief
    onset: str | None = None  # sudden | gradual
    duration_days: float | None = None
    severity: int | None = None  # 0-10
    associated: list[str] = field(default_factory=list)  # symptom ids present
    absent: list[str] = field(default_factory=list)  # symptom ids the person denied
    red_flags_checked: bool = False  # the complaint's warning-sign question was answered
    age_years: float | None = None
    sex: str | None = None  # female | male
    pregnant: bool | None = None
    conditions: list[str] | None = None  # None = not asked; [] = "none"
    medicines: list[str] | None = None
    allergies: list[str] | None = None
    vitals: dict[str, float] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # items we asked about, in order
    skipped: list[str] = field(default_factory=list)  # items the person chose not to answer
    paraphrases: list[dict[str, Any]] = field(default_factory=list)  # embedding matches, for the rationale

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Intake":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in names})

    @property
    def present(self) -> set[str]:
        """Everything positively reported: complaints and associated symptoms."""
        return set(self.complaints) | set(self.associated)

    def is_known(self, item: str) -> bool:
        """Whether an intake item has an answer (or was skipped, which also counts as settled)."""
        if item in self.skipped:
            return True
        return {
            "complaint": self.complaint is not None,
            "onset": self.onset is not None,
            "duration": self.duration_days is not None,
            "severity": self.severity is not None,
            "associated": bool(self.associated or self.absent) or "associated" in self.asked,
            "red_flags": self.red_flags_checked,
            "age": self.age_years is not None,
            "sex": self.sex is not None,
            "pregnancy": self.pregnant is not None,
            "conditions": self.conditions is not None,
            "medicines": self.medicines is not None,
            "allergies": self.allergies is not None,
            "vitals": bool(self.vitals),
        }.get(item, False)


def _get(facts: Any, name: str) -> Any:
    if facts is None:
        return None
    return facts.get(name) if isinstance(facts, dict) else getattr(facts, name, None)


def apply_facts(intake: Intake, facts: Any) -> None:
    """Copy demographics, pregnancy, conditions, medicines, allergies and vitals from extracted patient facts."""
    age = _get(facts, "age_years")
    if age is not None:
        intake.age_years = float(age)
    sex = _get(facts, "sex")
    if sex in ("female", "male"):
        intake.sex = sex
    pregnant = _get(facts, "pregnant")
    if pregnant is not None:
        intake.pregnant = bool(pregnant)
        if pregnant:
            intake.sex = intake.sex or "female"
    for name in ("conditions", "medicines", "allergies"):
        values = _get(facts, name)
        if values:
            current = getattr(intake, name) or []
            setattr(intake, name, current + [v for v in values if v not in current])
    vitals = _get(facts, "vitals")
    if isinstance(vitals, dict):
        intake.vitals.update({k: v for k, v in vitals.items() if isinstance(v, (int, float))})


def _apply_symptoms(intake: Intake, found: SymptomMatch) -> None:
    for complaint in found.complaints:
        if complaint not in intake.complaints:
            intake.complaints.append(complaint)
    if intake.complaint is None and intake.complaints:
        intake.complaint = intake.complaints[0]
    for symptom in found.present:
        if symptom not in intake.associated and symptom != intake.complaint:
            intake.associated.append(symptom)
        if symptom in intake.absent:
            intake.absent.remove(symptom)
    for symptom in found.absent:
        if symptom not in intake.absent and symptom not in intake.present:
            intake.absent.append(symptom)
    intake.paraphrases += [p for p in found.paraphrases if p not in intake.paraphrases]


def _apply_pending_answer(intake: Intake, pending: str | None, text: str) -> None:
    """Read a short reply in the light of the question we just asked ("34", "no", "none")."""
    if pending == "age" and intake.age_years is None:
        intake.age_years = answers.parse_bare_age(text)
    elif pending == "severity" and intake.severity is None:
        intake.severity = answers.parse_severity(text, expecting_score=True)
    elif pending == "sex" and intake.sex is None:
        lowered = text.lower()
        if any(w in lowered.split() for w in ("female", "woman", "girl", "f", "she")):
            intake.sex = "female"
        elif any(w in lowered.split() for w in ("male", "man", "boy", "m", "he")):
            intake.sex = "male"
    elif pending == "pregnancy" and intake.pregnant is None:
        intake.pregnant = answers.parse_yes_no(text)
    elif pending == "red_flags":
        yes_no = answers.parse_yes_no(text)
        if yes_no is not None or answers.says_none(text):
            intake.red_flags_checked = True
    elif pending == "associated" and (answers.says_none(text) or answers.parse_yes_no(text) is False):
        pass  # "associated" counts as known once asked
    elif pending in ("conditions", "medicines", "allergies") and getattr(intake, pending) is None:
        if answers.says_none(text):
            setattr(intake, pending, [])
        else:
            setattr(intake, pending, [part.strip() for part in text.split(",") if part.strip()][:10])


def update_intake(intake: Intake, text: str, facts: Any = None, *, pending: str | None = None) -> Intake:
    """Fold one user message into the intake (returns the same object, changed).

    ``facts`` are the patient facts from assistant.clinical_text; ``pending`` is the item we last asked
    about, so bare answers like "34" or "no" land in the right slot.
    """
    text = (text or "").strip()
    if not text:
        return intake
    intake.texts = (intake.texts + [text])[-MAX_TEXT_KEEP:]
    _apply_symptoms(intake, match_symptoms(text))
    apply_facts(intake, facts)
    duration = answers.parse_duration_days(text)
    if duration is not None and (intake.duration_days is None or pending == "duration"):
        intake.duration_days = duration
    onset = answers.parse_onset(text)
    if onset and (intake.onset is None or pending == "onset"):
        intake.onset = onset
    severity = answers.parse_severity(text, expecting_score=pending == "severity")
    if severity is not None and (intake.severity is None or pending == "severity"):
        intake.severity = severity
    _apply_pending_answer(intake, pending, text)
    if pending and pending not in intake.asked:
        intake.asked.append(pending)
    return intake
