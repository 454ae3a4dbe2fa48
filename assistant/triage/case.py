"""The triage case: what is known about the person so far, merged turn by turn from each turn's Findings.

Plain data (``to_dict``/``from_dict``) so it lives in the thread's memory and survives restarts. A later statement
beats an earlier one ("no chest pain now" after "chest pain" marks it settled); a measured value replaces an older
reading of the same kind. Concepts never mentioned are unknown - not absent - so rules can ask about them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from assistant.safety.early_warning import news2_score
from assistant.triage.conditions import Truth
from assistant.understanding.findings import Findings
from assistant.understanding.vitals import mean_arterial_pressure, shock_index

ADULT_AGE_WHEN_UNKNOWN = 30.0  # no age and no word for a child: the rules' populations treat the person as an adult
AGE_BANDS = {"newborn": (0.0, 0.08), "infant": (0.0, 1.0), "toddler": (1.0, 3.0), "child": (1.0, 16.0),
             "adolescent": (12.0, 18.0), "adult": (16.0, 120.0), "older_adult": (65.0, 120.0)}
# Findings only a pregnant woman can have (the baby's movements, tightenings, waters, the urge to push): they make the
# case a pregnancy even when the word "pregnant" was not used ("28wks, haven't felt the baby move").
PREGNANCY_ONLY = ("reduced_fetal_movements", "feature:contractions", "feature:braxton_hicks", "feature:waters_broken",
                  "feature:cord_prolapse", "feature:urge_to_push")
# Qualifiers that place a woman in the weeks after giving birth ("day 4 pp", "D6 PN visit", "since having my baby").
POSTNATAL_FEATURES = ("postnatal", "afterpains")
_DAYS = re.compile(r"\b(?:d|day|days)\s*(\d{1,2})\b|\b(\d{1,2})\s*(d|days?|w|wks?|weeks?)\b", re.I)
CONDITION_CONCEPTS = ("diabetes", "asthma", "copd", "heart_disease", "hypertension", "kidney_disease", "liver_disease",
                      "epilepsy", "cancer", "immunosuppression")


@dataclass
class Case:
    present: dict[str, str] = field(default_factory=dict)  # concept -> the person's words
    possible: list[str] = field(default_factory=list)  # present but uncertain
    absent: list[str] = field(default_factory=list)
    settled: dict[str, str] = field(default_factory=dict)  # present earlier in this illness, gone now
    history: list[str] = field(default_factory=list)  # own past conditions and events
    features: list[str] = field(default_factory=list)
    features_absent: list[str] = field(default_factory=list)
    feature_words: dict[str, str] = field(default_factory=dict)  # feature -> the person's words for it
    vitals: dict[str, dict[str, Any]] = field(default_factory=dict)
    age_years: float | None = None
    age_band: str | None = None
    sex: str | None = None
    pregnant: bool | None = None
    pregnancy_possible: bool = False
    gestation_weeks: float | None = None
    postpartum: bool | None = None
    postpartum_days: float | None = None
    duration_days: float | None = None
    onset: str | None = None
    severity: float | None = None
    medicines: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)  # concepts in the order they were first reported
    subject: str = "self"  # self | patient: whom the conversation is about
    crisis_words: dict[str, str] = field(default_factory=dict)  # crisis kind -> the words it was stated in
    said_on: dict[str, int] = field(default_factory=dict)  # concept, "feature:x", "vital:kind", measure -> last turn
    turns: int = 0

    # -- building ------------------------------------------------------------------------------------------------
    def add(self, findings: Findings) -> "Case":
        """Fold one turn's findings in (returns self)."""
        self.turns += 1
        if findings.subject == "patient":
            self.subject = "patient"
        for mention in findings.mentions:
            concept = mention.concept
            if mention.experiencer == "family":
                continue
            if concept.startswith("feature:"):  # an answer to a question about a qualifier ("is it the worst ever?")
                name = concept.removeprefix("feature:")
                if mention.assertion in ("present", "possible"):
                    _add(self.features, name)
                    _discard(self.features_absent, name)
                elif mention.assertion == "absent":
                    _add(self.features_absent, name)
                continue
            if mention.assertion in ("present", "possible"):
                if mention.resolved:
                    self.settled[concept] = mention.surface
                    self.present.pop(concept, None)
                else:
                    self.present[concept] = mention.surface
                    self.settled.pop(concept, None)
                    if concept not in self.order:
                        self.order.append(concept)
                _discard(self.absent, concept)
                if mention.assertion == "possible" and concept not in self.possible:
                    self.possible.append(concept)
                elif mention.assertion == "present":
                    _discard(self.possible, concept)
            elif mention.assertion == "absent":
                if concept in self.present and findings.turns:
                    continue  # a transcript denial does not erase a finding stated elsewhere in it
                if concept in self.present:
                    self.settled[concept] = self.present.pop(concept)
                _add(self.absent, concept)
            elif mention.assertion == "historical":
                _add(self.history, concept)
        for said in findings.crisis:
            if said.experiencer == "family":
                continue
            if said.assertion in ("present", "possible"):
                self.crisis_words[said.concept] = findings.text[max(0, said.start - 80):said.end + 20].strip()
            elif said.assertion == "absent":
                self.crisis_words.pop(said.concept, None)
        for feature in findings.features:
            if feature.experiencer == "family":
                continue
            if feature.assertion in ("present", "possible"):
                _add(self.features, feature.concept)
                _discard(self.features_absent, feature.concept)
                self.feature_words.setdefault(feature.concept, feature.surface)
            elif feature.assertion == "absent":
                _add(self.features_absent, feature.concept)
        for vital in findings.vitals:
            self.vitals[vital.kind] = {"value": vital.value, "diastolic": vital.diastolic, "on_oxygen": vital.on_oxygen,
                                       "surface": vital.surface, "unit": vital.unit}
        d = findings.demographics
        for name in ("age_years", "sex", "gestation_weeks", "postpartum_days"):
            value = getattr(d, name)
            if value is not None:
                setattr(self, name, value)
        if d.age_band and (self.age_band is None or findings.subject == "patient"):
            self.age_band = d.age_band
        if d.pregnant is not None:
            self.pregnant = d.pregnant
        if d.postpartum:
            self.postpartum = True
        if d.pregnancy_possible:
            self.pregnancy_possible = True
        self._infer_stage(findings)
        if findings.duration_days is not None:
            self.duration_days = findings.duration_days
        if findings.onset:
            self.onset = findings.onset
        if findings.severity_score is not None:
            self.severity = findings.severity_score
        for medicine in findings.medicines:
            if medicine.name not in self.medicines:
                self.medicines.append(medicine.name)
        self._note_turn(findings)
        return self

    def _note_turn(self, findings: Findings) -> None:
        """Which findings this turn spoke of, so a red flag can say whether it comes from this message or an earlier one."""
        names = [m.concept for m in findings.mentions if m.experiencer != "family"]
        names += [f"feature:{f.concept}" for f in findings.features if f.experiencer != "family"]
        names += [f"vital:{v.kind}" for v in findings.vitals]
        names += [name for name, value in (("severity", findings.severity_score), ("duration_days", findings.duration_days))
                  if value is not None]
        for name in names:
            self.said_on[name] = self.turns

    def said_now(self, names: set[str]) -> bool:
        """True when this turn spoke of any of ``names`` (condition references: concepts, "feature:", "settled:",
        "history:", "vital:" or measure names)."""
        return any(self.said_on.get(name.removeprefix("settled:").removeprefix("history:")) == self.turns
                   for name in names)

    def _infer_stage(self, findings: Findings) -> None:
        """Pregnancy or the weeks after birth read from the findings themselves when the demographics missed them:
        a finding only pregnancy has makes the case a pregnancy (and a weeks figure read as an age beside it was
        the gestation - a baby's age in a message about fetal movements is not the patient's); a postnatal
        qualifier ("day 4 pp", "D6 PN", "since having my baby") makes it postnatal, with the days when they are
        said beside it."""
        d = findings.demographics
        said = {f"feature:{f.concept}" for f in findings.features if f.assertion == "present" and f.experiencer != "family"}
        said |= {m.concept for m in findings.mentions if m.assertion in ("present", "possible") and m.experiencer != "family"}
        if d.pregnant is None and not d.postpartum and self.pregnant is None and not self.postpartum and said & set(PREGNANCY_ONLY):
            self.pregnant = True
            self.sex = self.sex or "female"
            if d.age_years is not None and d.age_years < 1 and d.age_band is None:
                weeks = round(d.age_years * 52.18)
                self.age_years = None  # "28wks": the gestation, not a baby's age
                if self.gestation_weeks is None and 4 <= weeks <= 42:
                    self.gestation_weeks = float(weeks)
        postnatal = [f for f in findings.features if f.concept in POSTNATAL_FEATURES and f.assertion == "present"
                     and f.experiencer != "family"]
        if postnatal and not d.pregnant and not self.postpartum:
            self.postpartum = True
            self.pregnant = None if self.pregnant and self.gestation_weeks is None else self.pregnant
            self.sex = self.sex or "female"
        if self.postpartum and self.postpartum_days is None:
            for feature in postnatal:
                window = findings.text[max(0, feature.start - 24):feature.end]
                found = list(_DAYS.finditer(window))
                if found:
                    m = found[-1]
                    if m.group(1):
                        self.postpartum_days = float(m.group(1))
                    else:
                        unit = (m.group(3) or "d").lower()
                        self.postpartum_days = float(m.group(2)) * (7 if unit.startswith("w") else 1)
                    break

    # -- CaseView (what conditions read) -----------------------------------------------------------------------
    def concept(self, concept: str) -> Truth:
        if concept.startswith("feature:"):  # a question's "feature:" names read like concepts
            return self.feature(concept.removeprefix("feature:"))
        if concept in self.present:
            return True
        if concept in self.absent or concept in self.settled:
            return False
        return None

    def was_settled(self, concept: str) -> bool:
        """Present earlier in this illness and said to have gone ("it went away", "the pain has gone")."""
        return concept in self.settled and concept not in self.present

    def feature(self, name: str) -> Truth:
        if name in self.features:
            return True
        if name in self.features_absent:
            return False
        return None

    def condition(self, name: str) -> Truth:
        if name in self.history or name in self.present:
            return True
        if name in self.absent:
            return False
        return None

    def number(self, name: str) -> float | None:
        if name == "age":
            if self.age_years is None and self.assume_adult:
                return ADULT_AGE_WHEN_UNKNOWN
            return self.age_years
        if name in ("duration_days", "severity", "gestation_weeks", "postpartum_days"):
            return getattr(self, name)
        if name == "shock_index":
            return shock_index(self._vital("heart_rate"), self._vital("blood_pressure"))
        if name == "map":
            bp = self.vitals.get("blood_pressure") or {}
            return mean_arterial_pressure(bp.get("value"), bp.get("diastolic"))
        if name == "news2":
            return self.news2()
        if name == "diastolic":
            return (self.vitals.get("blood_pressure") or {}).get("diastolic")
        if name in ("systolic", "blood_pressure"):
            return self._vital("blood_pressure")
        if name == "avpu_level":
            return {"A": 0, "C": 1, "V": 2, "P": 3, "U": 4}.get(str((self.vitals.get("avpu") or {}).get("value")))
        return self._vital(name)

    def fact(self, name: str) -> Any:
        if name == "pregnant":
            if self.pregnant is None and (self.postpartum or self.sex == "male"
                                          or (self.age_years is not None and not 10 <= self.age_years <= 55)):
                return False
            if self.pregnant and self.age_years is not None and self.age_years < 10:
                return False  # a young child is not pregnant: the pregnancy words were about someone else
            return self.pregnant
        if name == "postpartum":
            return bool(self.postpartum) if self.postpartum is not None or self.pregnant is not None else None
        return getattr(self, name, None)

    def _vital(self, kind: str) -> float | None:
        value = (self.vitals.get(kind) or {}).get("value")
        return float(value) if isinstance(value, (int, float)) else None

    def news2(self) -> float | None:
        """NEWS2 when at least three parameters are measured (RCP 2017); None otherwise."""
        result = news2_score(self.vitals, confused="confusion" in self.present,
                             hypercapnic="copd" in self.history or "copd" in self.present)
        return None if result is None else float(result)

    @property
    def assume_adult(self) -> bool:
        """Age never said and no word for a child: rules treat the person as an adult (age is still asked)."""
        return self.age_years is None and self.age_band is None

    def age_interval(self) -> tuple[float, float] | None:
        """[low, high) in years: the stated age, or the band a word implies ("toddler"), else None."""
        if self.age_years is not None:
            return (self.age_years, self.age_years)
        if self.age_band in (None, "infant", "newborn") and (self.pregnant or self.postpartum):
            return (16.0, 50.0)  # "since having my baby": the baby word names her child, she is the one assessed
        return AGE_BANDS.get(self.age_band or "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Case":
        """A case from stored data; a copy, so adding turns never changes the stored dict."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: copy.deepcopy(v) for k, v in (data or {}).items() if k in names})

    @classmethod
    def of(cls, *turns: Findings) -> "Case":
        case = cls()
        for findings in turns:
            case.add(findings)
        return case


def _add(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


def _discard(values: list[str], value: str) -> None:
    if value in values:
        values.remove(value)
