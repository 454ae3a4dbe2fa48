"""The presentation-based triage model, loaded from data (knowledge/triage/).

After the Manchester Triage System (presentations with discriminators by level), NHS 111 / NHS Pathways ("rule
out the worst first") and ESI (decision points): general discriminators apply to every presentation; each
presentation adds its own. Every rule declares its population (age band, pregnancy, sex), its source and the
question that settles it. ``DecisionModel.check()`` rejects a rule without a population, a reference to an unknown
concept, and two rules whose populations overlap while saying different things about the same finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.artifacts import LEVELS
from assistant.triage.conditions import Truth, concepts_in, evaluate, references

from assistant.triage.case import ADULT_AGE_WHEN_UNKNOWN
PREGNANCY_STATES = ("any", "pregnant", "not_pregnant", "postpartum", "pregnant_or_postpartum")


@dataclass(frozen=True)
class Population:
    """Who a rule is for: ages [min, max) in years, pregnancy state, sex."""

    age_min: float = 0.0
    age_max: float = 200.0
    pregnancy: str = "any"
    sex: str = "any"

    @classmethod
    def from_data(cls, data: Any, where: str) -> "Population":
        if not isinstance(data, dict) or "age" not in data:
            raise ValueError(f"{where}: every rule needs a population with an age band, e.g. population: {{age: [16, null]}}")
        low, high = data["age"]
        pregnancy = data.get("pregnancy", "any")
        if pregnancy not in PREGNANCY_STATES:
            raise ValueError(f"{where}: pregnancy must be one of {PREGNANCY_STATES}")
        sex = data.get("sex", "any")
        if sex not in ("any", "male", "female"):
            raise ValueError(f"{where}: sex must be any, male or female")
        return cls(float(low or 0.0), float(high) if high is not None else 200.0, pregnancy, sex)

    def holds(self, case: Any) -> Truth:
        """Whether the case belongs to this population (None when the deciding fact is not known)."""
        results: list[Truth] = []
        if self.age_min > 0.0 or self.age_max < 200.0:
            interval = case.age_interval() if hasattr(case, "age_interval") else None
            if interval is None and getattr(case, "assume_adult", False):
                interval = (ADULT_AGE_WHEN_UNKNOWN, ADULT_AGE_WHEN_UNKNOWN)
            if interval is None:
                results.append(None)
            else:
                low, high = interval
                if low == high:
                    results.append(self.age_min <= low < self.age_max)
                elif self.age_min <= low and high <= self.age_max:
                    results.append(True)
                elif high <= self.age_min or low >= self.age_max:
                    results.append(False)
                else:
                    results.append(None)
        if self.pregnancy != "any":
            # Not mentioned means presumed not pregnant and not postnatal: the rules apply to the likely case, and
            # the pregnancy question is asked wherever the answer would change the level.
            pregnant, postpartum = bool(case.fact("pregnant")), bool(case.fact("postpartum"))
            results.append({"pregnant": pregnant, "not_pregnant": not pregnant and not postpartum,
                            "postpartum": postpartum, "pregnant_or_postpartum": pregnant or postpartum}[self.pregnancy])
        if self.sex != "any":
            sex = case.fact("sex")
            results.append(None if sex is None else sex == self.sex)
        return False if False in results else (None if None in results else True)

    def overlaps(self, other: "Population") -> bool:
        if self.age_max <= other.age_min or other.age_max <= self.age_min:
            return False
        if "any" not in (self.pregnancy, other.pregnancy) and self.pregnancy != other.pregnancy:
            exclusive = {frozenset({"pregnant", "not_pregnant"}), frozenset({"postpartum", "pregnant"}),
                         frozenset({"postpartum", "not_pregnant"}), frozenset({"pregnant_or_postpartum", "not_pregnant"})}
            if frozenset({self.pregnancy, other.pregnancy}) in exclusive:
                return False
        if "any" not in (self.sex, other.sex) and self.sex != other.sex:
            return False
        return True

    def describe(self) -> str:
        parts = []
        if self.age_min > 0 or self.age_max < 200:
            parts.append(f"age {_age_words(self.age_min)} to {_age_words(self.age_max)}")
        if self.pregnancy != "any":
            parts.append(self.pregnancy.replace("_", " "))
        if self.sex != "any":
            parts.append(self.sex)
        return ", ".join(parts) or "everyone"


def _age_words(years: float) -> str:
    if years >= 200:
        return "any age"
    if years < 1:
        weeks = years * 52.18
        return f"{round(weeks)} weeks" if weeks < 13 else f"{round(years * 12)} months"
    return f"{years:g} years"


@dataclass(frozen=True)
class Discriminator:
    id: str
    level: str
    label: str  # plain words, shown to the person ("Chest pain spreading to the arm or jaw")
    when: Any
    population: Population
    source: str
    ask: str | None = None  # the question that settles it
    presentation: str | None = None  # None for a general discriminator

    @property
    def concepts(self) -> set[str]:
        return concepts_in(self.when)


@dataclass(frozen=True)
class Presentation:
    id: str
    label: str
    concepts: tuple[str, ...]
    population: Population
    level: str  # the level when recognised and no discriminator fires
    self_limiting: bool
    discriminators: tuple[Discriminator, ...]
    source: str
    guideline_query: str = ""
    advice: tuple[str, ...] = ()  # self-care or what-to-do lines (plain words)
    worse_if: tuple[str, ...] = ()  # safety-netting: when to seek help sooner
    recognised_when: Any = None  # a condition that also brings it up with none of its concepts (a measured reading)
    explained_by: Any = None  # a general presentation: the everyday causes that, when named, let a specific one decide

    def recognised(self, case: Any) -> bool:
        """Whether this presentation applies to what was said: one of its concepts, or its ``recognised_when``."""
        if any(evaluate(c, case) for c in self.concepts):
            return True
        return self.recognised_when is not None and evaluate(self.recognised_when, case) is True


@dataclass(frozen=True)
class DemographicQuestion:
    item: str  # age | pregnancy | sex
    text: str


@dataclass
class DecisionModel:
    general: list[Discriminator]
    presentations: list[Presentation]
    questions: dict[str, str] = field(default_factory=dict)  # age / pregnancy / sex / complaint question wording
    advice: dict[str, str] = field(default_factory=dict)  # level -> what to do

    @classmethod
    def from_data(cls, general: dict, presentations: list[dict], known: set[str]) -> "DecisionModel":
        discriminators = [_discriminator(d, None, None, f"general/{d.get('id')}") for d in general.get("discriminators", [])]
        loaded: list[Presentation] = []
        for entry in presentations:
            where = f"presentation {entry.get('id')}"
            population = Population.from_data(entry.get("population"), where)
            specific = tuple(_discriminator(d, entry["id"], population, f"{where}/{d.get('id')}")
                             for d in entry.get("discriminators", []))
            level = entry.get("level")
            if level not in LEVELS:
                raise ValueError(f"{where}: level must be one of {LEVELS}")
            loaded.append(Presentation(
                id=entry["id"], label=entry["label"], concepts=tuple(entry["concepts"]), population=population,
                level=level, self_limiting=bool(entry.get("self_limiting", False)), discriminators=specific,
                source=str(entry.get("source", "")), guideline_query=str(entry.get("guideline_query", "")),
                advice=tuple(entry.get("advice", []) or []), worse_if=tuple(entry.get("worse_if", []) or []),
                recognised_when=entry.get("recognised_when"), explained_by=entry.get("explained_by"),
            ))
        model = cls(general=discriminators, presentations=loaded, questions=dict(general.get("questions", {})),
                    advice=dict(general.get("advice", {})))
        model.check(known)
        return model

    def check(self, known: set[str]) -> None:
        """Raise ValueError for unknown concepts or contradicting rules with overlapping populations."""
        problems: list[str] = []
        every = self.general + [d for p in self.presentations for d in p.discriminators]
        for rule in every:
            for name in references(rule.when):
                bare = name.split(":", 1)[1] if ":" in name else name
                if bare not in known:
                    problems.append(f"{rule.presentation or 'general'}/{rule.id}: unknown concept {name!r}")
        for presentation in self.presentations:
            for concept in presentation.concepts:
                if concept.split(":", 1)[-1] not in known:
                    problems.append(f"{presentation.id}: unknown concept {concept!r}")
            for key in ("recognised_when", "explained_by"):
                condition = getattr(presentation, key)
                for name in references(condition) if condition is not None else ():
                    if name.split(":", 1)[-1] not in known:
                        problems.append(f"{presentation.id}: unknown concept {name!r} in {key}")
        by_when: dict[str, list[Discriminator]] = {}
        for rule in every:
            by_when.setdefault(repr((rule.presentation, rule.when)), []).append(rule)
        for rules in by_when.values():
            for i, a in enumerate(rules):
                for b in rules[i + 1:]:
                    if a.level != b.level and a.population.overlaps(b.population):
                        problems.append(f"{a.id} and {b.id} give different levels for the same finding in overlapping "
                                        f"populations ({a.population.describe()} / {b.population.describe()})")
        for i, a in enumerate(self.presentations):
            for b in self.presentations[i + 1:]:
                if set(a.concepts) == set(b.concepts) and a.level != b.level and a.population.overlaps(b.population):
                    problems.append(f"presentations {a.id} and {b.id} overlap in population with different levels")
        if problems:
            raise ValueError("Triage model problems:\n- " + "\n- ".join(problems))

    def presentation(self, presentation_id: str) -> Presentation | None:
        return next((p for p in self.presentations if p.id == presentation_id), None)

    def rule(self, rule_id: str, presentation_id: str | None = None) -> Discriminator | None:
        """The discriminator a red flag came from (ids are unique within the general list and within a presentation)."""
        owner = self.presentation(presentation_id) if presentation_id else None
        rules = owner.discriminators if owner else self.general
        return next((r for r in rules if r.id == rule_id), None)


def _discriminator(data: dict, presentation: str | None, inherited: Population | None, where: str) -> Discriminator:
    for key in ("id", "level", "label", "when", "source"):
        if key not in data:
            raise ValueError(f"{where}: missing {key!r}")
    if data["level"] not in LEVELS:
        raise ValueError(f"{where}: level must be one of {LEVELS}")
    if "population" in data:
        population = Population.from_data(data["population"], where)
    elif inherited is not None:
        population = inherited
    else:
        raise ValueError(f"{where}: every rule needs a population")
    return Discriminator(id=data["id"], level=data["level"], label=data["label"], when=data["when"],
                         population=population, source=str(data["source"]), ask=data.get("ask"),
                         presentation=presentation)


def truth(rule: Discriminator, case: Any) -> Truth:
    """Whether a discriminator fires for this case (None: it could, once something unknown is settled)."""
    population = rule.population.holds(case)
    if population is False:
        return False
    value = evaluate(rule.when, case)
    if value is False:
        return False
    if value is True and population is True:
        return True
    return None
