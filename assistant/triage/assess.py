"""Assess a case against the decision model: a level, the discriminator that decided it, what is missing and the
questions that could change it. Always a level - never null - and provisional while something is unknown.

Order (NHS 111's "rule out the worst first"): general discriminators, then every recognised presentation's
discriminators, most urgent first; nothing fired -> the presentation's usual level, with self-care only on positive
evidence (reassurance, or warning signs denied); an unrecognised complaint never lands below routine. A more
specific presentation (written for pregnancy or after birth, or for a named condition) replaces a general one brought
up by the same complaint, and a general presentation whose everyday cause is named (``explained_by``) yields to the
presentation of that cause unless one of its own warning signs fires.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.artifacts import LEVELS, level_rank, most_urgent
from assistant.triage.case import Case
from assistant.triage.conditions import evaluate, measurements, open_references, references
from assistant.triage.model import DecisionModel, Discriminator, Presentation, truth

MAX_QUESTIONS = 3
REASSURANCE = ("reassurance", "mild", "improving")


@dataclass(frozen=True)
class Question:
    id: str  # the discriminator (or demographic item) it settles
    text: str
    concepts: tuple[str, ...]  # what a yes/no answer settles: the rule's open concepts, "feature:" names, conditions
    level_if_yes: str | None
    history: tuple[str, ...] = ()  # the background conditions among ``concepts`` ("yes" means a history of it)


@dataclass
class Assessment:
    level: str
    provisional: bool
    deciding: dict[str, Any] | None  # {id, label, level, source, kind}
    red_flags: list[dict[str, Any]]  # fired discriminators at emergency or urgent level
    fired: list[dict[str, Any]]
    presentations: list[str]  # labels of the recognised presentations
    presentation_ids: list[str]
    missing: list[str]
    questions: list[Question] = field(default_factory=list)
    would_change: list[str] = field(default_factory=list)
    safety_net: list[str] = field(default_factory=list)
    advice: str = ""
    guideline_queries: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["next_questions"] = [q.text for q in self.questions]
        return data


def flag(rule: Discriminator, case: Case, kind: str) -> dict[str, Any]:
    """A fired discriminator as a red-flag record (what the person said that made it fire)."""
    return {"id": rule.id, "label": rule.label, "level": rule.level, "rule": rule.label, "source": rule.source,
            "kind": kind, "presentation": rule.presentation, "evidence": _evidence(rule, case)}


_VITALS_OF = {"shock_index": ("heart_rate", "blood_pressure"), "map": ("blood_pressure",),
              "news2": ("resp_rate", "spo2", "blood_pressure", "heart_rate", "avpu", "gcs", "temperature")}


def _evidence(rule: Discriminator, case: Case) -> str:
    """What the person said or measured that made the rule fire: their words for its concepts and features, then
    the readings and numbers it compared. Never empty: a flag always shows why."""
    names = references(rule.when)
    words = [case.present[c] for c in sorted(rule.concepts) if c in case.present]
    words += [case.feature_words[n.removeprefix("feature:")] for n in sorted(names)
              if n.startswith("feature:") and n.removeprefix("feature:") in case.feature_words]
    for name in sorted(measurements(rule.when)):
        if name == "severity" and case.severity is not None:
            words.append(f"pain {case.severity:g}/10")
        for kind in _VITALS_OF.get(name, (name,)):
            surface = (case.vitals.get(kind) or {}).get("surface")
            if surface:
                words.append(str(surface).strip(" ,;"))
    if not words:
        words = [str(v.get("surface")) for v in case.vitals.values() if v.get("surface")][:3]
    kept = [w for i, w in enumerate(dict.fromkeys(words)) if not any(
        other != w and _contains(other.lower(), w.lower()) for other in words[:i] + words[i + 1:])]
    return "; ".join(kept)[:160] or rule.label


def matching_presentations(model: DecisionModel, case: Case) -> list[tuple[Presentation, bool]]:
    """(presentation, population known to hold) for every presentation whose concepts are present."""
    found = []
    for presentation in model.presentations:
        if not presentation.recognised(case):
            continue
        holds = presentation.population.holds(case)
        if holds is False:
            continue
        found.append((presentation, holds is True))
    return found


def assess(case: Case, model: DecisionModel, *, one_turn: bool = False,
           extra_flags: list[dict[str, Any]] | None = None) -> Assessment:
    """The level for this case now. ``extra_flags`` are red flags from outside the model (crisis language).

    Each recognised presentation decides its own level the Manchester way: its most urgent discriminator that
    applies, else its usual level (self-care only on positive evidence). General discriminators apply to all. The
    case's level is the most urgent of these.
    """
    fired: list[dict[str, Any]] = list(extra_flags or [])
    unknown: list[Discriminator] = []
    fired_general: list[Discriminator] = []
    for rule in model.general:
        value = truth(rule, case)
        if value is True:
            fired_general.append(rule)
            fired.append(flag(rule, case, "general"))
        elif value is None and evaluate(rule.when, case) is not False:
            unknown.append(rule)
    matched = matching_presentations(model, case)
    if any(known for _, known in matched):
        matched = [(p, known) for p, known in matched if known]  # what is known outweighs what merely might be
    matched = _most_specific(matched, case)
    matched = _without_associated_signs(matched, case, fired_general)
    decisions: list[tuple[str, dict[str, Any]]] = []
    for presentation, known in matched:
        own: list[dict[str, Any]] = []
        for rule in presentation.discriminators:
            value = truth(rule, case)
            if value is True and known:
                own.append(flag(rule, case, "presentation"))
            elif value is not False:
                unknown.append(rule)
        fired += own
        if own:
            top = min(own, key=lambda f: level_rank(f["level"]))
            decisions.append((top["level"], {k: top.get(k) for k in ("id", "label", "level", "source", "kind")}))
        elif not _explained(presentation, case, matched):
            decisions.append(_usual_level(case, presentation, unknown))
    fired = _dedupe(fired)
    general = [f for f in fired if f.get("kind") != "presentation"]
    if general:
        top = min(general, key=lambda f: level_rank(f["level"]))
        decisions.append((top["level"], {k: top.get(k) for k in ("id", "label", "level", "source", "kind")}))
    if not decisions:
        decisions.append(("routine", _unrecognised(case)))
    level, deciding = min(decisions, key=lambda d: level_rank(d[0]))
    presentations = [p for p, _ in matched]
    questions = _questions(model, case, unknown, level, presentations)
    missing = _missing(case, presentations, questions)
    provisional = one_turn or bool(questions) or not presentations
    red_flags = [f for f in fired if f["level"] in ("emergency", "urgent")]
    return Assessment(
        level=level, provisional=provisional, deciding=deciding, red_flags=red_flags, fired=fired,
        presentations=[p.label for p in presentations], presentation_ids=[p.id for p in presentations],
        missing=missing, questions=questions,
        would_change=[f"{q.text} - if yes, this becomes {q.level_if_yes.replace('_', ' ')}" for q in questions
                      if q.level_if_yes and level_rank(q.level_if_yes) < level_rank(level)],
        safety_net=_safety_net(presentations, level), advice=model.advice.get(level, ""),
        guideline_queries=[p.guideline_query for p in presentations if p.guideline_query],
    )


PREGNANCY_SPECIFIC = ("pregnant", "postpartum", "pregnant_or_postpartum")


def _triggers(presentation: Presentation, case: Case) -> set[str]:
    found = {c for c in presentation.concepts if evaluate(c, case)}
    if presentation.recognised_when is not None and evaluate(presentation.recognised_when, case) is True:
        found.add(f"recognised_when:{presentation.id}")
    return found


def _specificity(presentation: Presentation, triggers: set[str]) -> int:
    """2: written for pregnancy or after birth; 1: brought up by a named condition ("chickenpox", "eczema"); 0: a
    symptom presentation."""
    if presentation.population.pregnancy in PREGNANCY_SPECIFIC:
        return 2
    return 1 if triggers and all(t.startswith("feature:") for t in triggers) else 0


def _most_specific(matched: list[tuple[Presentation, bool]], case: Case) -> list[tuple[Presentation, bool]]:
    """A more specific presentation replaces a more general one that the same complaint brought up: in a pregnant
    or newly delivered woman the one written for pregnancy or after birth (heartburn, leg cramps, bleeding after
    birth - RCOG / NICE antenatal and postnatal care put the obstetric assessment first), and a named condition's
    own presentation (chickenpox, eczema) instead of the general rash one read from the same word. A general
    presentation for another complaint stays."""
    found = [(p, known, _triggers(p, case)) for p, known in matched]
    kept = []
    for presentation, known, mine in found:
        rank = _specificity(presentation, mine)
        if mine and any(other is not presentation and other_known and _specificity(other, theirs) > rank
                        and all(_same_complaint(t, theirs, case) for t in mine)
                        for other, other_known, theirs in found):
            continue
        kept.append((presentation, known))
    return kept


def _without_associated_signs(matched: list[tuple[Presentation, bool]], case: Case,
                              fired_general: list[Discriminator]) -> list[tuple[Presentation, bool]]:
    """A complaint named after another, brought up only by a sign that with the first makes a general red flag,
    is that complaint's discriminator, not a second complaint: in "headache with a stiff neck" the stiff neck is
    the meningitis sign of the headache (Manchester Triage System: one presenting complaint, then its
    discriminators). The general flag still fires; only the second presentation's usual level is not added."""
    order = {concept: index for index, concept in enumerate(case.present)}
    triggers = {p.id: {t for t in _triggers(p, case) if not t.startswith("recognised_when:")} for p, _ in matched}

    def first(presentation: Presentation) -> int:
        return min((order.get(t, len(order)) for t in triggers[presentation.id]), default=len(order))

    def associated(presentation: Presentation) -> bool:
        mine = triggers[presentation.id]
        return bool(mine) and any(
            mine <= rule.concepts and any(other is not presentation and first(other) < first(presentation)
                                          and triggers[other.id] & rule.concepts for other, _ in matched)
            for rule in fired_general)

    return [(p, known) for p, known in matched if not associated(p)]


def _words(name: str, case: Case) -> str | None:
    if name.startswith("feature:"):
        return case.feature_words.get(name.removeprefix("feature:"))
    return case.present.get(name)


def _same_complaint(trigger: str, others: set[str], case: Case) -> bool:
    """A trigger is covered by others when it is one of them or was read from the same or overlapping words
    ("ankles are swollen" read both as leg swelling and as joint pain; "chickenpox" read as a rash and as
    chickenpox; "itchy" inside "itchy sore lump at the anus" read as piles)."""
    if trigger in others:
        return True
    words = (_words(trigger, case) or "").lower()
    if not words:
        return False
    for other in others:
        theirs = (_words(other, case) or "").lower()
        if theirs and (theirs == words or _contains(theirs, words) or _contains(words, theirs)):
            return True
    return False


def _contains(longer: str, shorter: str) -> bool:
    """Whole-word containment ("lump" in "lump at the anus", not "cold" in "scolding")."""
    return f" {shorter} " in f" {longer} "


def _explained(presentation: Presentation, case: Case, matched: list[tuple[Presentation, bool]]) -> bool:
    """A general presentation (a lump, a rash, bruising, red skin) with none of its own warning signs yields to
    another recognised presentation when the message names the everyday cause it declares in ``explained_by``
    (the lump of an insect bite or a bump on the head, the bruise of a knock): the Manchester Triage System
    assesses the most specific presentation that fits. Its warning signs still count when they fire."""
    if presentation.explained_by is None or evaluate(presentation.explained_by, case) is not True:
        return False
    return any(other is not presentation and known and other.explained_by is None for other, known in matched)


def _dedupe(flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in flags:
        seen.setdefault(item["id"], item)
    return sorted(seen.values(), key=lambda f: level_rank(f["level"]))


def _unrecognised(case: Case) -> dict[str, Any]:
    label = "No presentation I recognise was described" if case.present else "No symptom was described yet"
    return {"id": "unrecognised", "label": label, "level": "routine", "kind": "unrecognised",
            "source": "Safe under uncertainty: an unrecognised complaint is never rated below routine "
                      "(NHS 111 / NHS Pathways disposition principle)"}


def _usual_level(case: Case, presentation: Presentation, unknown: list[Discriminator]) -> tuple[str, dict[str, Any]]:
    """A presentation's usual level when none of its discriminators applies; self-care only on positive evidence."""
    level = presentation.level
    if level == "self_care" and not _self_care_allowed(case, presentation, unknown):
        level = "routine"
    kind = "baseline" if level == presentation.level else "self_care_unconfirmed"
    label = (f"{presentation.label}: the usual level when no warning sign is present" if kind == "baseline" else
             f"{presentation.label}: usually safe at home, but self-care needs reassurance that warning signs are absent")
    return level, {"id": presentation.id, "label": label, "level": level, "kind": kind, "source": presentation.source}


def _self_care_allowed(case: Case, presentation: Presentation, unknown: list[Discriminator]) -> bool:
    """Self-care needs positive evidence: a self-limiting presentation whose warning signs were settled as
    absent, or reassurance in the person's own words, and no more-urgent discriminator still possible."""
    if not presentation.self_limiting:
        return False
    open_rules = [r for r in unknown if r.presentation == presentation.id and r.level != "self_care"]
    if any(case.feature(name) is False for name in REASSURANCE[:1]):
        return False  # "not eating and drinking", "not herself": the opposite of reassurance
    denied = [name for name in case.features_absent if name not in REASSURANCE]
    reassured = any(case.feature(name) for name in REASSURANCE) or bool(case.absent) or bool(denied)
    return not open_rules or reassured


def _questions(model: DecisionModel, case: Case, unknown: list[Discriminator], level: str,
               presentations: list[Presentation]) -> list[Question]:
    """The questions whose answers could raise the level most: the age and sex when a rule depends on them (and
    whether she is pregnant or has just given birth), then the warning signs, life-threatening ones first and the
    complaint's own before the general ones. A rule that waits only on a measurement is not asked about."""
    ranked: list[Question] = []
    if not presentations and not case.present:
        ranked.append(Question("complaint", model.questions.get("complaint", "What is the main problem today?"), (), None))
    if presentations and case.age_years is None and not getattr(case, "assume_adult", False):
        if any(p.population.age_min > 0 or p.population.age_max < 200 for p in presentations) or any(
                r.population.age_min > 0 or r.population.age_max < 200 for r in unknown):
            ranked.append(Question("age", model.questions.get("age", "How old is the person?"), (), None))
    seen: set[str] = set()
    sex_matters = False
    rules = [r for r in unknown if r.presentation] + [r for r in unknown if not r.presentation]
    for rule in sorted(rules, key=lambda r: level_rank(r.level)):  # the complaint's own warning signs first
        if level_rank(rule.level) >= level_rank(level):
            continue
        names = open_references(rule.when, case)
        if case.sex is None and ("fact:sex" in names or (rule.population.sex != "any" and evaluate(rule.when, case) is not False)):
            sex_matters = True
        names = {n for n in names if not n.startswith("fact:")}
        if not names or not rule.ask or rule.ask in seen:
            continue  # waits on a measurement, the age or the sex alone: a yes/no answer cannot settle it
        history = tuple(sorted(n.removeprefix("history:") for n in names if n.startswith("history:")))
        concepts = tuple(sorted(n.removeprefix("history:") for n in names))
        seen.add(rule.ask)
        ranked.append(Question(rule.id, rule.ask, concepts, rule.level, history))
    if presentations and sex_matters:  # like the age, asked before the warning signs (NHS Pathways starts with both)
        ranked.insert(1 if ranked and ranked[0].id == "age" else 0,
                      Question("sex", model.questions.get("sex", "Is the person male or female?"), (), None))
    pregnancy_matters = any(p.population.pregnancy != "any" for p in model.presentations
                            if p.recognised(case))
    if presentations and case.fact("pregnant") is None and case.sex != "male" and pregnancy_matters and (
            case.age_years is None or 12 <= case.age_years <= 55) and case.postpartum is None:
        ranked.insert(1 if ranked else 0, Question("pregnancy", model.questions.get("pregnancy", "Any chance of pregnancy?"), (), None))
    return ranked[:MAX_QUESTIONS]


def _missing(case: Case, presentations: list[Presentation], questions: list[Question]) -> list[str]:
    missing = []
    if not case.present:
        missing.append("the main problem")
    if case.age_years is None:
        missing.append("age")
    if case.duration_days is None and presentations:
        missing.append("how long it has been going on")
    missing += [q.text for q in questions if q.id not in ("age", "complaint")]
    return list(dict.fromkeys(missing))


def _safety_net(presentations: list[Presentation], level: str) -> list[str]:
    lines: list[str] = []
    for presentation in presentations[:2]:
        lines += list(presentation.worse_if)
        if level == "self_care":
            lines += list(presentation.advice)
    return list(dict.fromkeys(lines))[:6]


__all__ = ["Assessment", "Question", "assess", "flag", "matching_presentations", "LEVELS"]
