"""The one reading of a message that every engine uses: ``Findings``.

The guard parses each user message once into ``Findings``; routing, safety, triage, notes and drug checks read
this object and never the raw text again. Findings are frozen: an engine cannot change what the user said.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Assertion = Literal["present", "absent", "possible", "historical", "hypothetical"]
Experiencer = Literal["self", "patient", "family"]
ASSERTIONS: tuple[str, ...] = ("present", "absent", "possible", "historical", "hypothetical")
EXPERIENCERS: tuple[str, ...] = ("self", "patient", "family")


@dataclass(frozen=True, slots=True)
class Mention:
    """One concept found in the text, with how it is asserted and whom it is about."""

    concept: str
    surface: str  # the user's own words for it
    start: int
    end: int
    assertion: str = "present"
    experiencer: str = "self"
    source: str = "lexicon"  # lexicon | abbreviation | paraphrase | answer | transcript
    speaker: str | None = None  # transcript role of the line it came from: clinician | patient | carer
    resolved: bool = False  # part of this illness but settled now ("it went away")
    laterality: str | None = None  # left | right | both
    onset: str | None = None  # sudden | gradual, when said in the same clause
    severity: str | None = None  # mild | moderate | severe, when said in the same clause

    @property
    def current(self) -> bool:
        """True when it applies to the person being assessed now (possible counts: safety first)."""
        return self.assertion in ("present", "possible") and self.experiencer != "family"


@dataclass(frozen=True, slots=True)
class Vital:
    """A measurement with its unit; ``value`` is canonical (°C, mmol/L, /min, %, mmHg)."""

    kind: str  # temperature | heart_rate | resp_rate | spo2 | blood_pressure | gcs | avpu | glucose | inr | pain_score | ...
    value: float | str
    unit: str
    surface: str
    written_value: float | str | None = None  # as written, before unit conversion
    written_unit: str | None = None
    unit_inferred: bool = False
    diastolic: float | None = None  # blood pressure only
    on_oxygen: bool | None = None  # spo2 only


@dataclass(frozen=True, slots=True)
class Demographics:
    age_years: float | None = None
    age_band: str | None = None  # newborn | infant | toddler | child | adolescent | adult | older_adult (words)
    sex: str | None = None  # female | male
    pregnant: bool | None = None
    pregnancy_possible: bool = False  # "might be pregnant", "period is late"
    gestation_weeks: float | None = None
    postpartum: bool | None = None
    postpartum_days: float | None = None


@dataclass(frozen=True, slots=True)
class DrugMention:
    name: str  # generic name when known, else the words used
    surface: str
    start: int
    end: int
    known: bool = True  # False: looked like a medicine but is not in the catalogue
    dose: str | None = None  # as written: "500", "2.5", "1-2"
    unit: str | None = None  # mg, mcg, ml, puffs, tablets...
    route: str | None = None  # oral | inhaled | intravenous | intramuscular | subcutaneous | topical | eye | rectal | sublingual
    frequency: str | None = None  # once daily | twice daily | ... | as needed | every 6 hours
    status: str = "current"  # current | new | stopped | changed
    course: str | None = None  # "for 5 days"


@dataclass(frozen=True, slots=True)
class Allergy:
    substance: str
    reaction: str | None = None
    surface: str = ""


@dataclass(frozen=True, slots=True)
class SpeakerTurn:
    """One line of a pasted consultation."""

    role: str  # clinician | patient | carer
    label: str  # as written ("Doctor", "Mum")
    text: str
    start: int
    end: int
    is_question: bool = False


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """What was just asked (by the assistant, or by the clinician in a transcript), so a bare "no", "39.2" or
    "since Monday" can be read against it."""

    item: str  # concepts | age | duration | severity | vital | complaint | ...
    concepts: tuple[str, ...] = ()  # the concepts the question was about
    subject: str | None = None  # whom the question was about (self | patient)
    inverted: tuple[str, ...] = ()  # asked as normal function ("feeding normally?"): "no" means the concept is present
    history: tuple[str, ...] = ()  # asked about the past ("ever had a stroke?"): "yes" is history
    vital: str | None = None  # asked for a measurement: a bare number is that reading
    family: bool = False  # asked about relatives ("anyone in the family?")
    general: bool = False  # asked what the person knows ("do you know the signs of a stroke?"): answers are not findings


@dataclass(frozen=True, slots=True)
class Answer:
    """A short reply read against the asked question."""

    polarity: str | None = None  # yes | no | unsure | None (not a yes/no)
    none: bool = False  # "none", "nothing", "nope, nothing else"
    number: float | None = None  # a bare number ("34", "about 8")


@dataclass(frozen=True, slots=True)
class QuestionForm:
    """What kind of question a message asks (answers and routing use it)."""

    kind: str  # criteria | first_line | dose | threshold | screening | refer | definition | mechanism |
    #            comparison | interaction | side_effects | general
    setting: str | None = None  # outpatient | inpatient | icu | community
    population: str | None = None  # adult | child | infant | pregnancy | older_adult
    severity: str | None = None  # mild | moderate | severe
    topic_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Findings:
    """Everything read from one message."""

    text: str
    language: str = "en"  # ISO 639-1; "und" when it cannot be told
    language_confident: bool = True
    mentions: tuple[Mention, ...] = ()
    features: tuple[Mention, ...] = ()  # qualifiers rules use (sudden onset, exertional, worst ever...)
    vitals: tuple[Vital, ...] = ()
    demographics: Demographics = field(default_factory=Demographics)
    medicines: tuple[DrugMention, ...] = ()
    allergies: tuple[Allergy, ...] = ()
    no_known_allergies: bool = False
    turns: tuple[SpeakerTurn, ...] = ()  # a pasted consultation, line by line
    subject: str = "self"  # whom the message is mainly about: self | patient
    duration_days: float | None = None
    onset: str | None = None  # sudden | gradual
    severity_score: float | None = None  # 0-10
    answer: Answer | None = None
    question: QuestionForm | None = None
    emergency_core: tuple[str, ...] = ()  # other-language emergency categories found
    crisis: tuple[Mention, ...] = ()  # crisis language (suicide, self-harm, overdose) with its assertion
    unsure: tuple[str, ...] = ()  # things seen but not read with confidence ("a number without a unit: 39")

    # -- views -------------------------------------------------------------------------------------------------
    @property
    def is_transcript(self) -> bool:
        return len(self.turns) >= 2

    @property
    def is_question(self) -> bool:
        return self.question is not None

    def concepts(self, *assertions: str, experiencer: str | None = None) -> set[str]:
        """Concept ids with any of the given assertions (all when none given), optionally for one experiencer."""
        return {m.concept for m in self.mentions
                if (not assertions or m.assertion in assertions)
                and (experiencer is None or m.experiencer == experiencer)}

    @property
    def present(self) -> set[str]:
        """Concepts that apply now to the person being assessed (present or possible, not a relative's)."""
        return {m.concept for m in self.mentions if m.current}

    @property
    def absent(self) -> set[str]:
        """Concepts denied for the person being assessed (and not also affirmed)."""
        denied = {m.concept for m in self.mentions if m.assertion == "absent" and m.experiencer != "family"}
        return denied - self.present

    @property
    def history(self) -> set[str]:
        return {m.concept for m in self.mentions if m.assertion == "historical" and m.experiencer != "family"}

    def feature(self, name: str) -> bool:
        return any(f.concept == name and f.current for f in self.features)

    def vital(self, kind: str) -> Vital | None:
        """The last reading of a kind (a later reading in the same message supersedes an earlier one)."""
        found = [v for v in self.vitals if v.kind == kind]
        return found[-1] if found else None

    def mention(self, concept: str) -> Mention | None:
        return next((m for m in self.mentions if m.concept == concept and m.current), None)

    def to_dict(self) -> dict:
        return asdict(self)
