"""The safety screen: runs first on every turn, in every mode, and nothing downstream can lower it.

``screen(text, patient=..., country=...)`` reads the text once for red-flag and crisis concepts,
merges patient facts from earlier turns, scores NEWS2 when vitals allow, and returns everything an
engine needs to escalate and to explain why (rule, source, the user's own words).
Symptoms stay on record across turns until the user says they are gone ("no chest pain now").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from assistant.artifacts import most_urgent
from assistant.clinical_text.facts import extract_patient_facts, merge_facts
from assistant.clinical_text.negation import ConceptMention, find_concepts
from assistant.clinical_text.tokens import clean_text
from assistant.safety.crisis import Crisis, crisis_lexicon, detect_crisis
from assistant.safety.early_warning import news2
from assistant.safety.injection import detect_injection
from assistant.safety.redflags import Findings, RedFlag, evaluate_red_flags
from assistant.safety.rulebook import crisis_data, injection_data, red_flag_book, vital_threshold

EARLIER = "earlier in the conversation: "


@dataclass
class SafetyScreen:
    """Result of screening one turn (JSON-able through ``to_dict``)."""

    red_flags: list[RedFlag]
    crisis: Crisis | None
    injection: list[str]
    level: str | None
    patient: dict
    early_warning: dict | None
    crisis_mentions: list[dict] = field(default_factory=list)  # every crisis phrase, firing or not, with status
    mentions: list[dict] = field(default_factory=list)  # concept mentions with their context flags
    notices: list[str] = field(default_factory=list)

    @property
    def escalated(self) -> bool:
        return bool(self.red_flags or self.crisis)

    def to_dict(self) -> dict:
        return {
            "red_flags": [flag.to_dict() for flag in self.red_flags],
            "crisis": self.crisis.to_dict() if self.crisis else None,
            "injection": list(self.injection),
            "level": self.level,
            "patient": self.patient,
            "early_warning": self.early_warning,
            "crisis_mentions": list(self.crisis_mentions),
            "mentions": list(self.mentions),
            "notices": list(self.notices),
        }


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, list[str]]:
    return {**red_flag_book().lexicon, **crisis_lexicon()}


def _retracted(concept: str, gone: set[str]) -> bool:
    if concept in gone:
        return True
    if concept.startswith("rule:"):
        rule = next((r for r in red_flag_book().rules if r.pattern_concept == concept), None)
        return bool(rule and gone & set(rule.retracted_by))
    return False


def _update_patient(patient: dict, mentions: list[ConceptMention]) -> tuple[dict, dict[str, str], dict[str, str]]:
    """(patient with conditions/findings updated, concepts present now, concepts reported as settled)."""
    book = red_flag_book()
    conditions = set(patient.get("conditions") or [])
    conditions |= {m.concept for m in mentions if m.concept in book.persistent
                   and not (m.negated or m.family or m.hypothetical)}
    symptoms = [m for m in mentions if m.concept not in book.persistent]
    gone = {m.concept for m in symptoms if (m.negated or m.resolved) and not m.family and not m.hypothetical}
    findings = {c: s for c, s in (patient.get("findings") or {}).items() if not _retracted(c, gone)}
    current = {m.concept: m.surface for m in symptoms if m.affirmed and not m.concept.startswith("crisis:")}
    present = {c: EARLIER + s.removeprefix(EARLIER) for c, s in findings.items()}
    present.update(current)
    present.update({c: c.replace("_", " ") for c in conditions if c not in present})
    for m in mentions:
        if m.concept in conditions and not m.negated:
            present[m.concept] = m.surface
    findings.update(current)
    resolved = {m.concept: m.surface for m in symptoms if m.resolved and not m.negated}
    updated = dict(patient)
    if conditions:
        updated["conditions"] = sorted(conditions)
    if findings:
        updated["findings"] = findings
    else:
        updated.pop("findings", None)
    return updated, present, resolved


def _derived(patient: dict) -> dict[str, str]:
    """Concepts implied by facts rather than words: fever from a temperature, pregnancy from the facts."""
    vitals = patient.get("vitals") or {}
    derived: dict[str, str] = {}
    for concept, sources in red_flag_book().derived.items():
        for source in sources:
            if source in ("pregnant", "postpartum"):
                if patient.get(source) is True:
                    derived[concept] = source
            elif vital_threshold(source).holds(vitals):
                field_name = vital_threshold(source).field
                derived[concept] = f"{field_name} {vitals[field_name]:g}"
    return derived


def _crisis_flags(crisis: Crisis | None, mentions: list[dict], patient: dict) -> tuple[list[RedFlag], dict]:
    """Crisis as red flags (so the triage artifact shows it); an active crisis stays on record."""
    data = crisis_data()
    active = dict(patient.get("crisis") or {})
    for mention in mentions:
        if mention["status"] == "active":
            active.setdefault(mention["kind"], mention["surface"])
        elif mention["status"] in ("negated", "resolved") and mention["kind"] in active:
            active.pop(mention["kind"])
    flags = []
    for kind, surface in active.items():
        info = data["red_flags"][kind]
        stated_now = crisis is not None and any(m["kind"] == kind and m["status"] == "active" for m in mentions)
        evidence = surface if stated_now else EARLIER + surface.removeprefix(EARLIER)
        flags.append(RedFlag(f"crisis_{kind}", info["label"], "emergency", " ".join(info["rule"].split()),
                             info["source"], evidence))
    updated = dict(patient)
    if active:
        updated["crisis"] = active
    else:
        updated.pop("crisis", None)
    return flags, updated


def screen(text: str, *, patient: dict | None = None, country: str = "US") -> SafetyScreen:
    """Screen one user turn. ``patient`` holds facts from earlier turns (the previous screen's ``patient``)."""
    notices: list[str] = []
    if text is not None and not isinstance(text, str):
        notices.append("The message was not text; it was read as text for the safety screen.")
    text = clean_text(text)
    if not text.strip():
        notices.append("Empty message: nothing new to screen; earlier findings still apply.")
    mentions = find_concepts(text, _lexicon())
    facts = merge_facts(patient, extract_patient_facts(text))
    facts, present, resolved = _update_patient(facts, mentions)
    present = {**present, **_derived(facts)}
    temp_c = (facts.get("vitals") or {}).get("temp_c")
    if temp_c is not None and temp_c < 38.0 and "fever" in present and not present["fever"].startswith("temp_c"):
        present.pop("fever")  # "has a temperature of 37.2": the measured value beats the word
    hypercapnic = "hypercapnic_target" in (facts.get("conditions") or [])
    early = news2(facts.get("vitals") or {}, hypercapnic_target=hypercapnic)
    book = red_flag_book()
    findings = Findings(present=present, resolved=resolved, patient=facts, early_warning=early)
    flags = evaluate_red_flags(book, findings, crisis_data().get("resolved_suffix", ""))
    crisis, crisis_mentions = detect_crisis(text, mentions, country)
    crisis_flags, facts = _crisis_flags(crisis, crisis_mentions, facts)
    flags = crisis_flags + flags
    injection = detect_injection(text)
    if injection:
        notices.append(injection_data()["notice"].strip())
    level = most_urgent(*(flag.level for flag in flags), early["level"] if early else None)
    return SafetyScreen(
        red_flags=flags,
        crisis=crisis,
        injection=injection,
        level=level,
        patient=facts,
        early_warning=early,
        crisis_mentions=crisis_mentions,
        mentions=[m.to_dict() for m in mentions],
        notices=notices,
    )
